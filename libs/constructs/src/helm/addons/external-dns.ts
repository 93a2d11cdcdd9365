import { Construct } from 'constructs';
import { IrsaRole } from '../../eks/irsa-role';
import { AddonProps } from '../addon-context';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { mergeValues } from '../values';

export const EXTERNAL_DNS_CHART: RepositoryChart = {
  chart: 'external-dns',
  repository: 'https://kubernetes-sigs.github.io/external-dns/',
  version: '1.19.0',
};

const SERVICE_ACCOUNT = 'external-dns';

export interface ExternalDnsValues {
  readonly provider: { readonly name: 'aws' };
  readonly domainFilters: readonly string[];
  /** `upsert-only`: external-dns never deletes records it did not create in this run. */
  readonly policy: 'sync' | 'upsert-only';
  readonly registry: 'txt';
  readonly txtOwnerId: string;
  readonly sources: readonly string[];
  readonly serviceAccount: {
    readonly create: boolean;
    readonly name: string;
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly env: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

export interface ExternalDnsProps extends AddonProps<ExternalDnsValues> {
  readonly roleName: string;
  /** The public domain whose records external-dns may manage. */
  readonly domain: string;
}

/** external-dns: publishes the ingress gateway hostnames into the Route53 zone of the domain. */
export class ExternalDnsAddon extends HelmAddon<ExternalDnsValues> {
  static readonly ADDON_NAME = 'external-dns';

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    const { context } = props;
    const role = new IrsaRole(scope, `${id}-role`, {
      provider: context.awsProvider,
      roleName: props.roleName,
      oidc: context.oidc,
      namespace: 'external-dns',
      serviceAccount: SERVICE_ACCOUNT,
      statements: [
        {
          Sid: 'ChangeRecords',
          Effect: 'Allow',
          Action: 'route53:ChangeResourceRecordSets',
          // The zone lives in the edge layer; records outside domainFilters are never touched.
          Resource: 'arn:aws:route53:::hostedzone/*',
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
      policy: 'upsert-only',
      registry: 'txt',
      txtOwnerId: context.clusterName,
      sources: ['service', 'istio-gateway', 'istio-virtualservice'],
      serviceAccount: {
        create: true,
        name: SERVICE_ACCOUNT,
        annotations: role.serviceAccountAnnotation,
      },
      env: [{ name: 'AWS_DEFAULT_REGION', value: context.region }],
    };
    super(scope, id, {
      addonName: ExternalDnsAddon.ADDON_NAME,
      namespace: 'external-dns',
      chart: EXTERNAL_DNS_CHART,
      values: mergeValues(defaults, props.values),
      context,
      dependsOn: role.resources,
    });
  }
}
