import { PLATFORM_COMPONENTS, PlatformComponent } from '../../vocabulary/platform-components';

export { PLATFORM_COMPONENTS };
export type { PlatformComponent };

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

/**
 * The Service every component's chart (`deploy/<component>`) must create: named after the
 * component, in its namespace, serving HTTP on this port. The front door routes to it.
 */
export const COMPONENT_SERVICE_PORT = 8080;

/** The seeds' path-based routing on the API host: `/api` to the Gateway, and so on. */
export const COMPONENT_PATHS: Readonly<Partial<Record<PlatformComponent, string>>> = {
  gateway: '/api',
  registry: '/registry',
  portal: '/portal',
};

/** Components the ingress gateway routes to (the API paths and the portal host). */
export const INGRESS_TARGETS: readonly PlatformComponent[] = ['gateway', 'registry', 'portal'];

/** The component that answers the edge's health check path for its region. */
export const HEALTH_COMPONENT: PlatformComponent = 'gateway';
