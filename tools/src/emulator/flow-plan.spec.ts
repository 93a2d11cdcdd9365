import { join } from 'node:path';
import { EnvironmentConfig, findWorkspaceRoot, LayerName, loadEnvironments } from '@strata/config';
import { planFlow } from './flow-plan';

const root = findWorkspaceRoot(__dirname);
const local = loadEnvironments(join(root, 'environments')).find((env) => env.name === 'local');

/** Synthesized stack dirs as the manifests would list them, for every environment. */
const stacksOf = (layer: LayerName) =>
  ['local', 'dev'].flatMap((envName) =>
    (layer === 'state' ? [`state-${envName}`] : [`${layer}-${envName}-us-east-1`]).map((stack) => ({
      app: layer,
      stack,
      stackDir: `/synth/${layer}/${stack}`,
    })),
  );

const gap = (layer: LayerName, resourceType: string) => ({ layer, resourceType, error: 'e' });

function withLayers(env: EnvironmentConfig, layers: Partial<Record<LayerName, boolean>>) {
  return { ...env, layers: { ...env.layers, ...layers } };
}

describe('planFlow', () => {
  if (!local) throw new Error('environments/local.yaml is missing');

  it('applies the switched-on layers of the emulated environment in deploy order, only its stacks', () => {
    const flow = planFlow(local, stacksOf, []);
    expect(flow.map(({ stack, mode }) => [stack, mode])).toEqual([
      ['state-local', 'apply'],
      ['network-local-us-east-1', 'apply'],
      ['cluster-local-us-east-1', 'apply'],
      ['data-local-us-east-1', 'apply'],
      ['edge-local-us-east-1', 'apply'],
      ['observability-local-us-east-1', 'apply'],
    ]);
  });

  it('leaves out the layers the environment switches off', () => {
    const flow = planFlow(
      withLayers(local, { cluster: false, edge: false, observability: false }),
      stacksOf,
      [],
    );
    expect(flow.map(({ stack }) => stack)).toEqual([
      'state-local',
      'network-local-us-east-1',
      'data-local-us-east-1',
    ]);
  });

  it('applies in part a layer the gap list names, with the gaps attached', () => {
    const flow = planFlow(local, stacksOf, [gap('data', 'aws_dax_subnet_group')]);
    const data = flow.find((stack) => stack.layer === 'data');
    expect(data?.mode).toBe('partial');
    expect(data?.gaps.map((entry) => entry.resourceType)).toEqual(['aws_dax_subnet_group']);
    expect(flow.find((stack) => stack.layer === 'network')?.mode).toBe('apply');
  });

  it('refuses a gap in the state bootstrap, which every backend needs', () => {
    expect(() => planFlow(local, stacksOf, [gap('state', 'aws_kms_key')])).toThrow(
      /gaps\.json: unsupported resources in the state layer \(aws_kms_key\)/,
    );
  });

  it('skips a stack the gap list says cannot run, with the reason', () => {
    const clusterStacks = (layer: LayerName) =>
      layer === 'cluster'
        ? ['cluster-local-us-east-1', 'addons-local-us-east-1'].map((stack) => ({
            app: layer,
            stack,
            stackDir: `/synth/${layer}/${stack}`,
          }))
        : stacksOf(layer);
    const flow = planFlow(
      withLayers(local, { cluster: true }),
      clusterStacks,
      [],
      [{ layer: 'cluster', stack: 'addons', error: 'needs a Kubernetes API server' }],
    );
    expect(
      flow.filter((s) => s.layer === 'cluster').map((s) => [s.stack, s.mode, s.skipReason]),
    ).toEqual([
      ['cluster-local-us-east-1', 'apply', undefined],
      ['addons-local-us-east-1', 'skip', 'needs a Kubernetes API server'],
    ]);
  });

  it("takes every stack of a layer in the environment, the cluster's add-ons stack after it", () => {
    const clusterStacks = (layer: LayerName) =>
      layer === 'cluster'
        ? ['addons-local-us-east-1', 'cluster-local-us-east-1', 'addons-dev-us-east-1'].map(
            (stack) => ({ app: layer, stack, stackDir: `/synth/${layer}/${stack}` }),
          )
        : stacksOf(layer);
    const flow = planFlow(withLayers(local, { cluster: true }), clusterStacks, []);
    expect(flow.filter((stack) => stack.layer === 'cluster').map((stack) => stack.stack)).toEqual([
      'cluster-local-us-east-1',
      'addons-local-us-east-1',
    ]);
  });

  it('names the synth command when a layer was not synthesized', () => {
    expect(() => planFlow(local, (layer) => (layer === 'data' ? [] : stacksOf(layer)), [])).toThrow(
      'no synthesized data stack for local: run "npx nx run data:synth" first',
    );
  });
});
