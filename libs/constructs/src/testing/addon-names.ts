import * as helm from '../helm';

/**
 * `ADDON_NAME` of every add-on class `@strata/constructs/helm` exports: what a stack that means
 * to install them all is held against, so an add-on written but never installed (or never
 * tested) fails a test instead of passing unnoticed.
 */
export function exportedAddonNames(): string[] {
  return Object.entries(helm).flatMap(([exported, value]) => {
    if (typeof value !== 'function' || !(value.prototype instanceof helm.HelmAddon)) return [];
    const name = (value as { ADDON_NAME?: unknown }).ADDON_NAME;
    if (typeof name !== 'string') throw new Error(`${exported} has no static ADDON_NAME`);
    return [name];
  });
}
