import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LayerName } from '@strata/config';

/** A resource type the emulator cannot create: it and what needs it are left out of the run. */
export interface UnsupportedResource {
  readonly layer: LayerName;
  readonly resourceType: string;
  readonly error: string;
}

/** A stack that cannot run against the emulator at all (none today; the list says why). */
export interface UnrunnableStack {
  readonly layer: LayerName;
  /** The stack name's first part (`edge` for `edge-local-us-east-1`). */
  readonly stack: string;
  readonly error: string;
}

/** Attributes the emulator does not store, so every re-plan proposes them again. */
export interface KnownDrift {
  readonly resourceType: string;
  readonly attributes: readonly string[];
  readonly behaviour: string;
}

/** An object a release creates that needs a container behind it, which KWOK does not run. */
export interface ContainerNeed {
  readonly kind:
    'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration' | 'Job' | 'APIService';
  readonly name: string;
  /** What the container would do, and what the local run therefore does not prove. */
  readonly why: string;
}

/** The cluster side on the local control plane: what it cannot run, and how it differs. */
export interface ClusterGaps {
  readonly needsContainers: readonly ContainerNeed[];
  /** Each local-only substitution, with its reason. */
  readonly workarounds: ReadonlyArray<{ readonly what: string; readonly why: string }>;
}

export interface EmulatorGaps {
  readonly emulator: string;
  readonly unsupported: readonly UnsupportedResource[];
  readonly unrunnable?: readonly UnrunnableStack[];
  readonly drift: readonly KnownDrift[];
  readonly corrections: ReadonlyArray<{ readonly where: string; readonly what: string }>;
  readonly cluster?: ClusterGaps;
}

export function gapsFile(root: string): string {
  return join(root, 'tools', 'src', 'emulator', 'gaps.json');
}

export function loadGaps(root: string): EmulatorGaps {
  return JSON.parse(readFileSync(gapsFile(root), 'utf8')) as EmulatorGaps;
}

/** One resource change of a saved plan, as `show -json` prints it. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
  };
}

/**
 * What a re-plan right after apply still proposes beyond the listed drift: any create,
 * delete or replace, and any update to an attribute the gap list does not name. Empty
 * means the stack converged.
 */
export function unexpectedChanges(
  changes: readonly PlannedChange[],
  drift: readonly KnownDrift[],
): string[] {
  return changes.flatMap((resource) => {
    const actions = resource.change.actions;
    if (actions.length === 1 && (actions[0] === 'no-op' || actions[0] === 'read')) return [];
    if (actions.length !== 1 || actions[0] !== 'update')
      return [`${resource.address}: ${actions.join(', ')}`];
    const before = resource.change.before ?? {};
    const after = resource.change.after ?? {};
    const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    );
    const accepted = new Set(
      drift
        .filter((entry) => entry.resourceType === resource.type)
        .flatMap((entry) => entry.attributes),
    );
    const unlisted = changed.filter((key) => !accepted.has(key));
    return unlisted.length > 0 ? [`${resource.address}: update ${unlisted.join(', ')}`] : [];
  });
}
