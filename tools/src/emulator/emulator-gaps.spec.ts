import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, LAYERS, loadEnvironments } from '@strata/config';
import { synthCompiledApp } from '../layer-apps';
import { synthesizedStacks } from '../synthesized-stacks';
import { loadGaps, PlannedChange, unexpectedChanges } from './emulator-gaps';

const root = findWorkspaceRoot(__dirname);
const gaps = loadGaps(root);

const update = (
  type: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): PlannedChange => ({
  address: `${type}.this`,
  type,
  change: { actions: ['update'], before, after },
});

describe('unexpectedChanges', () => {
  const drift = [
    { resourceType: 'aws_kms_key', attributes: ['rotation_period_in_days'], behaviour: '' },
  ];

  it('accepts updates to listed attributes only', () => {
    expect(
      unexpectedChanges(
        [
          update(
            'aws_kms_key',
            { rotation_period_in_days: 0, a: 1 },
            { rotation_period_in_days: 365, a: 1 },
          ),
        ],
        drift,
      ),
    ).toEqual([]);
  });

  it('reports an update to an unlisted attribute, or of an unlisted type', () => {
    expect(
      unexpectedChanges(
        [
          update('aws_kms_key', { description: 'a' }, { description: 'b' }),
          update('aws_vpc', { rotation_period_in_days: 0 }, { rotation_period_in_days: 365 }),
        ],
        drift,
      ),
    ).toEqual([
      'aws_kms_key.this: update description',
      'aws_vpc.this: update rotation_period_in_days',
    ]);
  });

  it('reports every create, delete and replace, and ignores no-ops and reads', () => {
    const change = (actions: string[]): PlannedChange => ({
      address: `aws_vpc.${actions.join('_')}`,
      type: 'aws_vpc',
      change: { actions, before: null, after: null },
    });
    expect(
      unexpectedChanges(
        [change(['create']), change(['delete', 'create']), change(['no-op']), change(['read'])],
        drift,
      ),
    ).toEqual(['aws_vpc.create: create', 'aws_vpc.delete_create: delete, create']);
  });
});

describe('gaps.json', () => {
  // The emulated environment's stacks, synthesized fresh from the compiled apps.
  const local = loadEnvironments(join(root, 'environments')).find((env) => env.emulator);
  const outRoot = mkdtempSync(join(tmpdir(), 'strata-emulator-gaps-'));
  const layers = LAYERS.filter((layer) => local?.layers[layer]);
  const stackNames: Array<{ layer: string; stack: string }> = [];
  const resourceTypes = new Map(
    layers.map((layer) => {
      const outdir = join(outRoot, layer);
      const run = synthCompiledApp(root, layer, outdir, { STRATA_ENV: local?.name });
      if (run.status !== 0) throw new Error(`synth of ${layer} failed: ${run.stderr}`);
      const stacks = synthesizedStacks(outRoot, layer, outdir);
      stackNames.push(...stacks.map(({ stack }) => ({ layer, stack })));
      // Data source types as the gap list names them: data.<type>.
      const types = stacks.flatMap(({ stackDir }) => {
        const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
          resource?: Record<string, unknown>;
          data?: Record<string, unknown>;
        };
        return [
          ...Object.keys(json.resource ?? {}),
          ...Object.keys(json.data ?? {}).map((type) => `data.${type}`),
        ];
      });
      return [layer, new Set(types)];
    }),
  );

  it('names only resources the emulated layers really have', () => {
    for (const entry of gaps.unsupported) {
      expect([entry.layer, resourceTypes.get(entry.layer)?.has(entry.resourceType)]).toEqual([
        entry.layer,
        true,
      ]);
      expect(entry.error.length).toBeGreaterThan(0);
    }
  });

  it('lists drift only for resource types an emulated layer has', () => {
    for (const entry of gaps.drift) {
      expect([
        entry.resourceType,
        [...resourceTypes.values()].some((types) => types.has(entry.resourceType)),
      ]).toEqual([entry.resourceType, true]);
    }
  });

  it('names as unrunnable only stacks the emulated layers really have', () => {
    for (const entry of gaps.unrunnable ?? []) {
      expect([
        entry.stack,
        stackNames.some(
          ({ layer, stack }) => layer === entry.layer && stack.startsWith(`${entry.stack}-`),
        ),
      ]).toEqual([entry.stack, true]);
    }
  });
});
