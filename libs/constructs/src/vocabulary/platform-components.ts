/** The platform's own workloads; each gets a namespace, quotas, policies and an Argo CD app. */
export const PLATFORM_COMPONENTS = ['gateway', 'registry', 'auditor', 'portal'] as const;
/** One of `PLATFORM_COMPONENTS`. */
export type PlatformComponent = (typeof PLATFORM_COMPONENTS)[number];
