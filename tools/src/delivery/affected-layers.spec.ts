import { join } from 'node:path';
import { findWorkspaceRoot, LAYERS, loadEnvironments } from '@strata/config';
import {
  affectedLayers,
  layersUsingFromGraph,
  readProjectGraph,
  WorkspaceShape,
} from './affected-layers';

const root = findWorkspaceRoot(__dirname);
const environments = loadEnvironments(join(root, 'environments')).map((env) => env.name);
// The real project graph, as Nx computes it for `nx affected`.
const workspace: WorkspaceShape = {
  environments,
  layersUsing: layersUsingFromGraph(readProjectGraph(root)),
};

const asObject = (affected: Map<string, Set<string>>) =>
  Object.fromEntries([...affected].map(([layer, envs]) => [layer, [...envs].sort()]));
const everyLayerIn = (envs: string[]) =>
  Object.fromEntries(LAYERS.map((layer) => [layer, [...envs].sort()]));

describe('affectedLayers', () => {
  it('plans every layer in every environment for a change in libs/config', () => {
    expect(asObject(affectedLayers(['libs/config/src/schema.ts'], workspace))).toEqual(
      everyLayerIn(environments),
    );
  });

  it('plans only edge, in every environment, for a change in apps/edge', () => {
    expect(asObject(affectedLayers(['apps/edge/src/edge-stack.ts'], workspace))).toEqual({
      edge: [...environments].sort(),
    });
  });

  it('plans every layer of one environment for a change to its file', () => {
    expect(asObject(affectedLayers(['environments/staging.yaml'], workspace))).toEqual(
      everyLayerIn(['staging']),
    );
  });

  it('plans the cluster layer for a chart and everything for dependency pins', () => {
    expect([...affectedLayers(['charts/platform-baseline/values.yaml'], workspace).keys()]).toEqual(
      ['cluster'],
    );
    expect(asObject(affectedLayers(['package-lock.json'], workspace))).toEqual(
      everyLayerIn(environments),
    );
  });

  it('plans nothing for docs, workflows and tools', () => {
    expect(
      affectedLayers(
        [
          'README.md',
          '.github/workflows/plan.yml',
          'tools/src/benchmark.ts',
          'environments/README',
        ],
        workspace,
      ).size,
    ).toBe(0);
  });

  it('follows the graph: a library only some layers use reaches only those', () => {
    const graph = {
      graph: {
        nodes: {
          edge: { data: { root: 'apps/edge' } },
          network: { data: { root: 'apps/network' } },
          constructs: { data: { root: 'libs/constructs' } },
          cdn: { data: { root: 'libs/cdn' } },
        },
        dependencies: {
          edge: [{ target: 'cdn' }],
          cdn: [{ target: 'constructs' }],
          network: [{ target: 'constructs' }],
        },
      },
    };
    const layersUsing = layersUsingFromGraph(graph);
    expect(layersUsing('libs/cdn')).toEqual(['edge']);
    expect(layersUsing('libs/constructs')).toEqual(['network', 'edge']);
    expect(layersUsing('libs/unknown')).toEqual([]);
  });
});
