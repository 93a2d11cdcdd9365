import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { BundledChart, HelmAddon } from '../helm-addon';
import { localChart } from '../local-chart';
import { ChartLabels, DEFAULT_CHART_LABELS, mergeValues } from '../values';
import { PlatformBaselineAddon } from './platform-baseline';
import { ISTIO_INGRESS_NAMESPACE, ISTIO_NAMESPACE, IstiodAddon } from './istio';
import { MeshEgress } from './mesh-egress';
import {
  ComponentFlow,
  INGRESS_TARGETS,
  PLATFORM_COMPONENTS,
  PLATFORM_FLOWS,
  PlatformComponent,
} from './platform-components';

/** Values of `charts/mesh-policies`. */
export interface MeshPoliciesValues {
  /** Mesh-wide mTLS mode; STRICT refuses plaintext between workloads. */
  readonly mtlsMode: 'STRICT';
  /** istiod's namespace. */
  readonly istioNamespace: string;
  /** The product's components: one namespace each. */
  readonly components: readonly PlatformComponent[];
  /** The component-to-component calls the policies allow. */
  readonly flows: readonly ComponentFlow[];
  /** The front door's gateway and what it may call. */
  readonly ingress: {
    /** Its namespace. */
    readonly namespace: string;
    /** Its service account (the identity the policies allow). */
    readonly serviceAccount: string;
    /** The components it may call. */
    readonly targets: readonly PlatformComponent[];
  };
  /** Outside destinations (REGISTRY_ONLY refuses anything undeclared). */
  readonly egress: readonly MeshEgress[];
  /** The platform's name as the chart spells it. @default DEFAULT_CHART_LABELS */
  readonly labels: ChartLabels;
}

/** The mesh policies' values: the platform's flows and the given egress destinations. */
export function meshPoliciesDefaults(egress: readonly MeshEgress[]): MeshPoliciesValues {
  return {
    labels: DEFAULT_CHART_LABELS,
    mtlsMode: 'STRICT',
    istioNamespace: ISTIO_NAMESPACE,
    components: [...PLATFORM_COMPONENTS],
    flows: [...PLATFORM_FLOWS],
    ingress: {
      namespace: ISTIO_INGRESS_NAMESPACE,
      serviceAccount: 'istio-ingressgateway',
      targets: [...INGRESS_TARGETS],
    },
    egress: [...egress],
  };
}

/** Properties of {@link MeshPoliciesAddon}. */
export interface MeshPoliciesProps extends AddonProps<MeshPoliciesValues> {
  /** What the meshed namespaces may reach outside the mesh (see `platformEgress`). */
  readonly egress: readonly MeshEgress[];
  /** @default charts/mesh-policies of this repository */
  readonly chart?: BundledChart;
}

/**
 * Mesh-wide STRICT mTLS (a PeerAuthentication in the root namespace), per-component
 * AuthorizationPolicies (deny by default, allow only the platform call graph) and the
 * declared outside destinations.
 */
export class MeshPoliciesAddon extends HelmAddon<MeshPoliciesValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'mesh-policies';

  constructor(scope: Construct, id: string, props: MeshPoliciesProps) {
    super(scope, id, {
      addonName: MeshPoliciesAddon.ADDON_NAME,
      namespace: ISTIO_NAMESPACE,
      chart: props.chart ?? localChart(scope, 'mesh-policies'),
      values: mergeValues(meshPoliciesDefaults(props.egress), props.values),
      dependencies: [
        {
          addon: IstiodAddon.ADDON_NAME,
          reason: 'PeerAuthentication and AuthorizationPolicy are Istio resources',
        },
        {
          addon: PlatformBaselineAddon.ADDON_NAME,
          reason: 'it creates the component namespaces the policies live in',
        },
      ],
      context: props.context,
    });
  }
}
