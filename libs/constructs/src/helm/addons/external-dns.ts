import { Construct } from 'constructs';
import { workloadRole } from '../../eks/workload-role';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { awsEnvironmentOf } from '../../scope/aws-environment';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { mergeValues, ServiceAccountValues } from '../values';
import { GatewayApiCrdsAddon } from './gateway-api-crds';
import { PLATFORM_LABELS } from '../../vocabulary/platform-labels';

/** The upstream chart this add-on installs, pinned to one version. */
export const EXTERNAL_DNS_CHART: RepositoryChart = {
  chart: 'external-dns',
  repository: 'https://kubernetes-sigs.github.io/external-dns/',
  version: '1.19.0',
};

/** The namespace `external-dns`, where the external-dns release runs. */
export const EXTERNAL_DNS_NAMESPACE = 'external-dns';
const SERVICE_ACCOUNT = 'external-dns';

/** Routes with this annotation are published; the routed hosts stay with the edge layer. */
export const EXTERNAL_DNS_ROUTE_ANNOTATION = `${PLATFORM_LABELS.domain}/external-dns`;

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface ExternalDnsValues {
  /** The DNS provider. */
  readonly provider: {
    /** Route 53. */
    readonly name: 'aws';
  };
  /** The zones it may change (the environment's). */
  readonly domainFilters: readonly string[];
  /** Only routes that opt in (annotation `strata.io/external-dns=true`) are published. */
  readonly annotationFilter: string;
  /** `upsert-only`: external-dns never deletes records it did not create in this run. */
  readonly policy: 'sync' | 'upsert-only';
  /** How it records ownership: TXT records beside each record it creates. */
  readonly registry: 'txt';
  /** The owner ID its TXT records carry: it changes only records with its own. */
  readonly txtOwnerId: string;
  /** The Kubernetes sources it publishes hosts from (Gateway API routes). */
  readonly sources: readonly string[];
  /** Its resources. */
  readonly resources: ContainerResources;
  /** Its service account, which carries its IAM role. */
  readonly serviceAccount: ServiceAccountValues;
  /** Its environment variables. */
  readonly env: ReadonlyArray<{
    /** The variable. */
    readonly name: string;
    /** Its value. */
    readonly value: string;
  }>;
}

/** Properties of {@link ExternalDnsAddon}. */
export interface ExternalDnsProps extends AddonProps<ExternalDnsValues> {
  /** Name of the IAM role created for the add-on's service account. */
  readonly roleName: string;
  /**
   * The only names external-dns may manage: this region's host and the names below it
   * (`argocd.us-east-1.api.example.com`). The routed API and portal records belong to the
   * edge layer, which owns their routing policy and health checks.
   */
  readonly domain: string;
  /**
   * The hosted zones external-dns may change records in (IAM's resource), besides the names
   * `domain` allows. @default every zone: the names condition alone confines it
   */
  readonly hostedZoneIds?: readonly string[];
}

/** The sources that read Gateway API objects, which need the Gateway API CRDs installed. */
const GATEWAY_SOURCE = /^gateway-/;

/**
 * external-dns: publishes the per-region hosts of the front door's routes (Gateway API
 * HTTPRoutes that opt in) as CNAMEs to the region's host, which the edge layer points at
 * the region's load balancer.
 */
export class ExternalDnsAddon extends HelmAddon<ExternalDnsValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'external-dns';

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    const { context } = props;
    const zones = (props.hostedZoneIds ?? ['*']).map(
      (zone) => `arn:${awsEnvironmentOf(scope).partition}:route53:::hostedzone/${zone}`,
    );
    const { role, serviceAccountAnnotations } = workloadRole(scope, `${id}-role`, {
      provider: context.awsProvider,
      roleName: props.roleName,
      identity: workloadIdentityOf(context),
      namespace: EXTERNAL_DNS_NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      statements: [
        {
          Sid: 'ChangeRecords',
          Effect: 'Allow',
          Action: 'route53:ChangeResourceRecordSets',
          // The platform's zone lives in the edge layer (its id is not known here), so it names
          // none; IAM itself keeps every change to the names below this region's host.
          Resource: zones.length === 1 ? zones[0] : zones,
          Condition: {
            'ForAllValues:StringLike': {
              'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
                props.domain.toLowerCase(),
                `*.${props.domain.toLowerCase()}`,
              ],
            },
          },
        },
        {
          Sid: 'ListZonesAndRecords',
          Effect: 'Allow',
          Action: [
            'route53:ListHostedZones',
            'route53:ListResourceRecordSets',
            'route53:ListTagsForResources',
          ],
          Resource: '*',
        },
      ],
    });
    const defaults: ExternalDnsValues = {
      provider: { name: 'aws' },
      domainFilters: [props.domain],
      annotationFilter: `${EXTERNAL_DNS_ROUTE_ANNOTATION}=true`,
      policy: 'upsert-only',
      registry: 'txt',
      txtOwnerId: context.clusterName,
      // The front door is a Gateway API Gateway: its routes carry the host names, the
      // Gateway's target annotation the name they point at.
      sources: ['gateway-httproute'],
      resources: containerResources('25m', '64Mi'),
      serviceAccount: {
        create: true,
        name: SERVICE_ACCOUNT,
        annotations: serviceAccountAnnotations,
      },
      env: [{ name: 'AWS_DEFAULT_REGION', value: context.region }],
    };
    const values = mergeValues(defaults, props.values);
    super(scope, id, {
      addonName: ExternalDnsAddon.ADDON_NAME,
      namespace: EXTERNAL_DNS_NAMESPACE,
      chart: EXTERNAL_DNS_CHART,
      values,
      // Only its Gateway API sources need the CRDs: with `service` or `ingress` it stands alone.
      dependencies: values.sources.some((source) => GATEWAY_SOURCE.test(source))
        ? [{ addon: GatewayApiCrdsAddon.ADDON_NAME, reason: 'it watches Gateways and HTTPRoutes' }]
        : [],
      context,
      dependsOn: role.resources,
    });
  }
}
