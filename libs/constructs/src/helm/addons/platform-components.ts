import { catalogueEntries } from '../../vocabulary/component-catalogue';
import { PLATFORM_COMPONENTS, PlatformComponent } from '../../vocabulary/platform-components';

export { PLATFORM_COMPONENTS };
export type { PlatformComponent };

/** Who may call whom inside the mesh; everything else is denied. */
export interface ComponentFlow {
  /** The calling component. */
  readonly from: PlatformComponent;
  /** The called component. */
  readonly to: PlatformComponent;
}

/** The call graph of the component catalogue (each entry's `calls`). */
export const PLATFORM_FLOWS: readonly ComponentFlow[] = catalogueEntries().flatMap(([from, spec]) =>
  (spec.calls ?? []).map((to) => ({ from, to })),
);

/** Components the ingress gateway routes to: those with a front-door route in the catalogue. */
export const INGRESS_TARGETS: readonly PlatformComponent[] = catalogueEntries()
  .filter(([, spec]) => (spec.routes ?? []).length > 0)
  .map(([component]) => component);

/** The component that answers the edge's health check path for its region. */
export const HEALTH_COMPONENT: PlatformComponent = 'gateway';
