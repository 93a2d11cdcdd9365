import * as helm from '../helm';
import { AddonCheckRules } from '../helm/check-rules';

/** An add-on class as `@strata/constructs/helm` exports it. */
export interface ExportedAddon {
  /** The class's `ADDON_NAME`: its Helm release name. */
  readonly name: string;
  /** The class's `CHECK_RULES`, when it declares chart-check exceptions. */
  readonly checkRules?: AddonCheckRules;
}

/**
 * Every add-on class `@strata/constructs/helm` exports: what a stack that means to install
 * them all is held against, so an add-on written but never installed (or never tested, or
 * whose check rules never reach the check) fails a test instead of passing unnoticed.
 */
export function exportedAddons(): ExportedAddon[] {
  return Object.entries(helm).flatMap(([exported, value]) => {
    if (typeof value !== 'function' || !(value.prototype instanceof helm.HelmAddon)) return [];
    const { ADDON_NAME: name, CHECK_RULES: checkRules } = value as {
      ADDON_NAME?: unknown;
      CHECK_RULES?: AddonCheckRules;
    };
    if (typeof name !== 'string') throw new Error(`${exported} has no static ADDON_NAME`);
    return [{ name, checkRules }];
  });
}

/** `ADDON_NAME` of every add-on class `@strata/constructs/helm` exports. */
export function exportedAddonNames(): string[] {
  return exportedAddons().map((addon) => addon.name);
}
