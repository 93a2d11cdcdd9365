import { EnvironmentConfig, LAYER_READS, LAYERS, LayerName } from '@strata/config';
import { companionRank, stackEnvironment, SynthesizedStackDir } from '../synthesized-stacks';
import type { UnsupportedResource } from './emulator-gaps';

/** apply: create, re-plan clean, destroy. plan: the emulator lacks a resource (see gaps.json). */
export type FlowMode = 'apply' | 'plan';

export interface FlowStack extends SynthesizedStackDir {
  readonly layer: LayerName;
  readonly mode: FlowMode;
  /** Why a stack is planned instead of applied. */
  readonly gaps: readonly UnsupportedResource[];
}

/**
 * The emulated environment's stacks in deploy order, each applied unless the gap list
 * names a resource of its layer the emulator cannot create. A layer that reads a planned
 * layer cannot run at all (its remote-state reads would find no outputs), so the gap list
 * must not leave one behind; the bootstrap must apply, since every backend needs it.
 */
export function planFlow(
  env: EnvironmentConfig,
  stacksOf: (layer: LayerName) => readonly SynthesizedStackDir[],
  unsupported: readonly UnsupportedResource[],
): FlowStack[] {
  const modes = new Map<LayerName, FlowMode>();
  const flow: FlowStack[] = [];
  for (const layer of LAYERS) {
    if (!env.layers[layer]) continue;
    const gaps = unsupported.filter((gap) => gap.layer === layer);
    const mode: FlowMode = gaps.length > 0 ? 'plan' : 'apply';
    if (layer === 'state' && mode === 'plan')
      throw new Error(
        `tools/src/emulator/gaps.json: unsupported resources in the state layer (${gaps.map((gap) => gap.resourceType).join(', ')}); every other stack's backend needs the bootstrap applied`,
      );
    const plannedReads = LAYER_READS[layer].filter((read) => modes.get(read) === 'plan');
    if (plannedReads.length > 0)
      throw new Error(
        `tools/src/emulator/gaps.json: layer ${layer} reads ${plannedReads.join(', ')}, which the emulator can only plan; switch ${layer} off in the ${env.name} environment or close the gap`,
      );
    modes.set(layer, mode);
    const stacks = stacksOf(layer)
      .filter(({ stack }) => stackEnvironment(stack, [env.name]) === env.name)
      .sort((a, b) => companionRank(layer, a.stack) - companionRank(layer, b.stack));
    if (stacks.length === 0)
      throw new Error(
        `no synthesized ${layer} stack for ${env.name}: run "npx nx run ${layer}:synth" first`,
      );
    flow.push(...stacks.map((stack) => ({ ...stack, layer, mode, gaps })));
  }
  return flow;
}
