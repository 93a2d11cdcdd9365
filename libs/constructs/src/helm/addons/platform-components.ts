/** The platform's own workloads; each gets a namespace, quotas, policies and an Argo CD app. */
export const PLATFORM_COMPONENTS = ['gateway', 'registry', 'auditor', 'portal'] as const;
export type PlatformComponent = (typeof PLATFORM_COMPONENTS)[number];

/** Who may call whom inside the mesh; everything else is denied. */
export interface ComponentFlow {
  readonly from: PlatformComponent;
  readonly to: PlatformComponent;
}

/** The call graph of the seeds: gateway and portal read the registry, everyone ships audit events. */
export const PLATFORM_FLOWS: readonly ComponentFlow[] = [
  { from: 'gateway', to: 'registry' },
  { from: 'gateway', to: 'auditor' },
  { from: 'portal', to: 'registry' },
  { from: 'portal', to: 'gateway' },
  { from: 'registry', to: 'auditor' },
];

/** Components the ingress gateway routes to (api.* and portal.*). */
export const INGRESS_TARGETS: readonly PlatformComponent[] = ['gateway', 'portal'];
