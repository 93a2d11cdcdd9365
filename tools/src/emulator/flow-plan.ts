import { EnvironmentConfig, LAYERS, LayerName } from '@strata/config';
import { companionRank, stackEnvironment, SynthesizedStackDir } from '../synthesized-stacks';
import type { UnrunnableStack, UnsupportedResource } from './emulator-gaps';

/**
 * apply: create, re-plan clean, destroy. partial: the same for every resource the emulator can
 * create (gaps.json names the types it cannot; they and what needs them are left out).
 * skip: the stack cannot run against the emulator at all (gaps.json says why).
 */
export type FlowMode = 'apply' | 'partial' | 'skip';

export interface FlowStack extends SynthesizedStackDir {
  readonly layer: LayerName;
  readonly mode: FlowMode;
  /** The unsupported resource types of the stack's layer. */
  readonly gaps: readonly UnsupportedResource[];
  /** Why a stack is skipped. */
  readonly skipReason?: string;
}

/**
 * The emulated environment's stacks in deploy order: applied whole, or in part where the gap
 * list names resource types of the layer the emulator cannot create, or skipped where it names
 * the stack. The bootstrap must apply whole, since every backend needs it.
 */
export function planFlow(
  env: EnvironmentConfig,
  stacksOf: (layer: LayerName) => readonly SynthesizedStackDir[],
  unsupported: readonly UnsupportedResource[],
  unrunnable: readonly UnrunnableStack[] = [],
): FlowStack[] {
  const flow: FlowStack[] = [];
  for (const layer of LAYERS) {
    if (!env.layers[layer]) continue;
    const gaps = unsupported.filter((gap) => gap.layer === layer);
    const mode: FlowMode = gaps.length > 0 ? 'partial' : 'apply';
    if (layer === 'state' && mode !== 'apply')
      throw new Error(
        `tools/src/emulator/gaps.json: unsupported resources in the state layer (${gaps.map((gap) => gap.resourceType).join(', ')}); every other stack's backend needs the bootstrap applied`,
      );
    const stacks = stacksOf(layer)
      .filter(({ stack }) => stackEnvironment(stack, [env.name]) === env.name)
      .sort((a, b) => companionRank(layer, a.stack) - companionRank(layer, b.stack));
    if (stacks.length === 0)
      throw new Error(
        `no synthesized ${layer} stack for ${env.name}: run "npx nx run ${layer}:synth" first`,
      );
    for (const stack of stacks) {
      const skip = unrunnable.find(
        (entry) => entry.layer === layer && stack.stack.startsWith(`${entry.stack}-`),
      );
      flow.push(
        skip
          ? { ...stack, layer, mode: 'skip', gaps, skipReason: skip.error }
          : { ...stack, layer, mode, gaps },
      );
    }
  }
  return flow;
}
