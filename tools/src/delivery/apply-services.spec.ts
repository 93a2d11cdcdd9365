import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CLUSTER_ADMIN_LAYERS,
  findWorkspaceRoot,
  LAYER_APPLY_SERVICES,
  LAYERS,
  LayerName,
} from '@strata/config';
import { synthCompiledApp } from '../layer-apps';
import { synthesizedStacks } from '../synthesized-stacks';
import { isKubernetesType, servicesOfType, typesOfStack } from './apply-services';

/**
 * Each layer's apply role is allowed exactly the AWS services its synthesized stacks use, in
 * every environment (features switched on in one environment only count too).
 */
const root = findWorkspaceRoot(__dirname);
const synthRoot = mkdtempSync(join(tmpdir(), 'strata-apply-services-'));

const typesByLayer = new Map<LayerName, Set<string>>();
for (const layer of LAYERS) {
  const run = synthCompiledApp(root, layer, join(synthRoot, layer));
  if (run.status !== 0) throw new Error(`synth of ${layer} failed: ${run.stderr}`);
  const types = new Set<string>();
  for (const { stackDir } of synthesizedStacks(root, layer, join(synthRoot, layer))) {
    const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    typesOfStack(stack).forEach((type) => types.add(type));
  }
  typesByLayer.set(layer, types);
}

describe('servicesOfType', () => {
  it('takes the longest matching prefix', () => {
    expect(servicesOfType('aws_route_table_association')).toEqual(['ec2']);
    expect(servicesOfType('aws_route53_zone')).toEqual(['route53']);
    expect(servicesOfType('aws_backup_vault_lock_configuration')).toEqual([
      'backup',
      'backup-storage',
    ]);
    expect(servicesOfType('aws_backup_plan')).toEqual(['backup']);
  });

  it('knows no type it has no row for', () => {
    expect(servicesOfType('aws_quicksight_user')).toBeUndefined();
  });
});

describe.each(LAYERS)('the %s apply role', (layer) => {
  const types = [...(typesByLayer.get(layer) ?? [])].sort();

  it('has a service row for every type its stacks synthesize', () => {
    expect(types.length).toBeGreaterThan(0);
    expect(types.filter((type) => servicesOfType(type) === undefined)).toEqual([]);
  });

  it('may call exactly the services of those types (LAYER_APPLY_SERVICES)', () => {
    const needed = new Set(types.flatMap((type) => servicesOfType(type) ?? []));
    expect([...LAYER_APPLY_SERVICES[layer]].sort()).toEqual([...needed].sort());
  });

  it('administers the cluster exactly when its stacks change Kubernetes objects', () => {
    expect(CLUSTER_ADMIN_LAYERS.includes(layer)).toBe(types.some(isKubernetesType));
  });
});
