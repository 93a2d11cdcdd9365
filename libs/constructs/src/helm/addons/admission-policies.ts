import { Construct } from 'constructs';
import { EKS_MANAGED_ADDON_NAMESPACES } from '../../eks/eks-managed-addons';
import { AddonProps } from '../addon-context';
import { BundledChart, HelmAddon } from '../helm-addon';
import { localChart } from '../local-chart';
import { ChartLabels, DEFAULT_CHART_LABELS, mergeValues } from '../values';
import { accountRegistry, MESH_PROXY_IMAGE_SOURCE, PLATFORM_IMAGE_SOURCES } from './image-sources';
import { PLATFORM_COMPONENTS } from './platform-components';

/** Values of `charts/admission-policies`. */
export interface AdmissionPoliciesValues {
  /** What a refusal does: `Deny` refuses the object; `Warn` and `Audit` only report. */
  readonly validationActions: ReadonlyArray<'Deny' | 'Warn' | 'Audit'>;
  /** Namespaces no policy applies to. */
  readonly exemptNamespaces: readonly string[];
  /** The platform's own services: their images come from the account, they need probes. */
  readonly componentNamespaces: readonly string[];
  /** Registry and repository prefixes (ending in `/`) images may come from. */
  readonly imageSources: {
    /** Prefixes the components' images may come from (the account's registry). */
    readonly components: readonly string[];
    /** Prefixes the platform's images may come from (pinned upstream registries). */
    readonly platform: readonly string[];
  };
  /** Labels every pod must carry. */
  readonly requiredLabels: readonly string[];
  /** The platform's name as the chart spells it. @default DEFAULT_CHART_LABELS */
  readonly labels: ChartLabels;
}

/** The platform's rules for one account and region (the components' registry is there). */
export function admissionPoliciesDefaults(
  accountId: string,
  region: string,
): AdmissionPoliciesValues {
  return {
    labels: DEFAULT_CHART_LABELS,
    validationActions: ['Deny'],
    // EKS's managed add-ons (VPC CNI, kube-proxy, CoreDNS, the CloudWatch agent) run there.
    exemptNamespaces: [...EKS_MANAGED_ADDON_NAMESPACES],
    componentNamespaces: [...PLATFORM_COMPONENTS],
    imageSources: {
      components: [accountRegistry(accountId, region), MESH_PROXY_IMAGE_SOURCE],
      platform: [...PLATFORM_IMAGE_SOURCES],
    },
    requiredLabels: ['app.kubernetes.io/name'],
  };
}

/** Properties of {@link AdmissionPoliciesAddon}. */
export interface AdmissionPoliciesProps extends AddonProps<AdmissionPoliciesValues> {
  /** @default charts/admission-policies of this repository */
  readonly chart?: BundledChart;
}

/**
 * The platform's admission rules as built-in ValidatingAdmissionPolicies: images only from
 * known sources (the components from this account's ECR), no `latest`, requests and memory
 * limits, no privilege escalation outside the privileged namespaces, required labels, and
 * probes for the platform's own services. Installed first, so every later release is
 * admitted through them; the add-on check evaluates each release against them.
 */
export class AdmissionPoliciesAddon extends HelmAddon<AdmissionPoliciesValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'admission-policies';

  constructor(scope: Construct, id: string, props: AdmissionPoliciesProps) {
    const { context } = props;
    const defaults = admissionPoliciesDefaults(context.accountId, context.region);
    super(scope, id, {
      addonName: AdmissionPoliciesAddon.ADDON_NAME,
      namespace: 'kube-system',
      chart: props.chart ?? localChart(scope, 'admission-policies'),
      values: mergeValues(defaults, props.values),
      context,
    });
  }
}
