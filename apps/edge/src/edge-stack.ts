import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { ShieldProtection } from '@cdktf/provider-aws/lib/shield-protection';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import {
  EnvironmentConfig,
  frontDoorHosts,
  ownsHostedZone,
  regionIndexOf,
  replicatesData,
  RoutingPolicy,
} from '@strata/config';
import {
  CLUSTER_CONTRACT,
  DATA_CONTRACT,
  EDGE_CONTRACT,
  exportLayerContract,
  LayerStack,
  NETWORK_CONTRACT,
  readLayerContract,
} from '@strata/core';
import {
  ApiHealthCheck,
  arnOf,
  DnsValidatedCertificate,
  PublicHostedZone,
  PublicLoadBalancer,
  ROUTE53_CONTROL_REGION,
  RoutedAliasRecord,
  WebAcl,
  WebAclScope,
  BotControl,
  BotControlLevel,
  WriterGuardedHealthCheck,
} from '@strata/constructs';
import { ISTIO_GATEWAY_SERVICE, ISTIO_INGRESS_NAMESPACE } from '@strata/constructs/helm';
import { ClusterConnection, TargetGroupBinding } from '@strata/constructs/kubernetes';
import { EdgeLogKeys } from './edge-log-keys';
import { StaticAssetsEdge } from './static-assets-edge';

export interface EdgeStackProps {
  readonly environment: EnvironmentConfig;
  readonly region: string;
}

/**
 * Istio gateway pod ports behind the ALB: the HTTPS target port of the gateway's Service
 * (where the front door's listener lives), and Envoy's readiness on the status port.
 */
export const GATEWAY_TARGET = {
  port: ISTIO_GATEWAY_SERVICE.httpsTargetPort,
  healthCheckPort: ISTIO_GATEWAY_SERVICE.statusPort,
  healthCheckPath: ISTIO_GATEWAY_SERVICE.readinessPath,
};

/**
 * One region's edge: an ALB with WAF and an ACM certificate in front of the Istio ingress
 * gateway, its Route53 health check and its record in the routed API host. The primary
 * region's stack also owns what is global: the hosted zone and the CloudFront distribution
 * of static assets with its us-east-1 certificate and web ACL.
 */
export class EdgeStack extends LayerStack {
  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { environment: props.environment, layer: 'edge', region: props.region });
    const env = props.environment;
    const settings = env.edge;
    const regionIndex = regionIndexOf(env, props.region);
    const isPrimary = regionIndex === 0;
    const read = { environment: env, scope: props.region };
    const network = readLayerContract(this, 'network', NETWORK_CONTRACT, read);
    const cluster = readLayerContract(this, 'cluster', CLUSTER_CONTRACT, read);
    const data = readLayerContract(this, 'data', DATA_CONTRACT, read);
    const logKeys = new EdgeLogKeys(this, 'log-keys', { stack: this });
    const logRetentionDays = env.observability.logRetentionDays;

    // The primary region's stack creates the zone (unless config names one), signed with DNSSEC
    // and with query logging; the others read it.
    const ownZone =
      ownsHostedZone(env) && isPrimary
        ? new PublicHostedZone(this, 'zone', {
            domainName: env.dnsDomain,
            comment: `Strata ${env.name}: API and static assets`,
            controlRegionProvider: this.providerFor(ROUTE53_CONTROL_REGION),
            queryLogKmsKey: logKeys.keyFor(ROUTE53_CONTROL_REGION),
            queryLogRetentionDays: logRetentionDays,
            signingKeyAlias: this.naming.name('dnssec'),
            queryLogPolicyName: this.naming.name('route53-query-logs'),
          })
        : undefined;
    const zoneId =
      settings.hostedZoneId ??
      ownZone?.zoneId ??
      readLayerContract(this, 'primary-edge', EDGE_CONTRACT, {
        environment: env,
        scope: env.primaryRegion.name,
      }).hostedZoneId;

    const hosts = frontDoorHosts(env, props.region);
    const regionalHost = hosts.regional;
    // The front door's hosts: routed API and portal, this region's host and the per-region
    // hosts below it (published by the cluster's external-dns).
    const certificate = new DnsValidatedCertificate(this, 'api-certificate', {
      domainName: hosts.api,
      subjectAlternativeNames: [hosts.portal, regionalHost, `*.${regionalHost}`],
      zoneId,
    });
    const name = this.naming.name('api');
    const loadBalancer = new PublicLoadBalancer(this, 'alb', {
      name,
      vpcId: network.vpcId,
      subnetIds: network.publicSubnetIds,
      certificateArn: certificate.certificateArn,
      accessLogBucketName: data.accessLogBucketName,
      deletionProtection: env.edge.deletionProtection,
      targets: {
        ...GATEWAY_TARGET,
        cidr: network.vpcCidr,
        // The load balancer controller may only register targets in groups tagged for its cluster.
        tags: { 'elbv2.k8s.aws/cluster': cluster.clusterName },
      },
    });
    for (const port of [GATEWAY_TARGET.port, GATEWAY_TARGET.healthCheckPort]) {
      new VpcSecurityGroupIngressRule(this, `gateway-from-alb-${port}`, {
        securityGroupId: cluster.clusterSecurityGroupId,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: loadBalancer.securityGroupId,
        description: `Ingress gateway pods on ${port} from the edge ALB`,
      });
    }
    const connection = new ClusterConnection(this, 'cluster-connection', {
      clusterName: cluster.clusterName,
      region: props.region,
      endpoint: cluster.endpoint,
      certificateAuthorityData: cluster.certificateAuthorityData,
    });
    new TargetGroupBinding(this, 'gateway-binding', {
      provider: connection.kubernetesProvider,
      name: 'edge-alb',
      namespace: ISTIO_INGRESS_NAMESPACE,
      serviceName: ISTIO_GATEWAY_SERVICE.name,
      servicePort: ISTIO_GATEWAY_SERVICE.httpsPort,
      targetGroupArn: loadBalancer.targetGroupArn,
    });
    const webAcl = new WebAcl(this, 'waf', {
      name,
      scope: WebAclScope.REGIONAL,
      rateLimitPerFiveMinutes: settings.rateLimitPerFiveMinutes,
      blockedCountries: settings.blockedCountries,
      api: {
        hosts: [hosts.api, regionalHost],
        rateLimitPerKeyPerFiveMinutes: settings.apiRateLimitPerKeyPerFiveMinutes,
      },
      botControl: botControlOf(settings.botControl, [hosts.portal]),
      logKmsKey: logKeys.keyFor(props.region),
      logRetentionDays,
      associatedResourceArn: loadBalancer.loadBalancerArn,
    });

    // DNS: the routed API host, and this region's own host for canaries and drills.
    const healthCheck = new ApiHealthCheck(this, 'health-check', {
      name,
      fqdn: loadBalancer.dnsName,
      resourcePath: settings.healthCheckPath,
    });
    // With failover routing in a replicated environment, traffic returns to the primary
    // region only once the database writer is back there (a drill's switchover, or the
    // operator's after a failover): its records' health also asks where the writer is.
    const recordHealthCheckId =
      isPrimary && replicatesData(env) && settings.routing === RoutingPolicy.FAILOVER
        ? new WriterGuardedHealthCheck(this, 'writer-guard', {
            name,
            endpointHealthCheckId: healthCheck.healthCheckId,
            databaseClusterIdentifier: data.databaseClusterIdentifier,
            region: props.region,
          }).healthCheckId
        : healthCheck.healthCheckId;
    // The API and the portal follow the same routing and health check between regions.
    for (const [id, recordName] of [
      ['api-record', hosts.api],
      ['portal-record', hosts.portal],
    ]) {
      new RoutedAliasRecord(this, id, {
        zoneId,
        recordName,
        targetDnsName: loadBalancer.dnsName,
        targetZoneId: loadBalancer.canonicalZoneId,
        healthCheckId: recordHealthCheckId,
        routing: {
          policy: settings.routing,
          region: props.region,
          primary: isPrimary,
          weight: isPrimary ? settings.weights?.primary : settings.weights?.secondary,
        },
      });
    }
    new Route53Record(this, 'regional-record', {
      zoneId,
      name: regionalHost,
      type: 'A',
      alias: {
        name: loadBalancer.dnsName,
        zoneId: loadBalancer.canonicalZoneId,
        evaluateTargetHealth: true,
      },
    });

    const staticAssets = isPrimary
      ? new StaticAssetsEdge(this, 'static-assets', {
          stack: this,
          zoneId,
          logKeys,
          primaryBucketDomainName: data.staticAssetsBucketDomainName,
          replica:
            replicatesData(env) && env.secondaryRegion
              ? {
                  regionalDomainName: readLayerContract(this, 'secondary-data', DATA_CONTRACT, {
                    environment: env,
                    scope: env.secondaryRegion.name,
                  }).staticAssetsBucketDomainName,
                  region: env.secondaryRegion.name,
                }
              : undefined,
        })
      : undefined;

    if (settings.shieldAdvanced) {
      // The account's Shield Advanced subscription is a yearly contract signed outside Terraform.
      const protect = (id: string, resourceArn: string) =>
        new ShieldProtection(this, `shield-${id}`, { name: `${name}-${id}`, resourceArn });
      protect('alb', loadBalancer.loadBalancerArn);
      if (isPrimary && !settings.hostedZoneId) {
        protect(
          'zone',
          arnOf(this, {
            service: 'route53',
            region: '',
            account: '',
            resource: `hostedzone/${zoneId}`,
          }),
        );
      }
      if (staticAssets) protect('cdn', staticAssets.distributionArn);
    }

    exportLayerContract(this, EDGE_CONTRACT, {
      hostedZoneId: zoneId,
      apiHostname: hosts.api,
      regionalHostname: regionalHost,
      apiCertificateArn: certificate.certificateArn,
      loadBalancerArn: loadBalancer.loadBalancerArn,
      loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
      healthCheckId: healthCheck.healthCheckId,
      regionalWebAclName: webAcl.webAclName,
      regionalWebAclArn: webAcl.webAclArn,
      distributionId: staticAssets?.distributionId ?? '',
      staticHostname: staticAssets?.hostname ?? '',
      dnssecDsRecord: ownZone?.dsRecord ?? '',
    });
  }
}

/** Bot Control as the environment asks for it (`off`, `common`, `targeted`) on `hosts`. */
export function botControlOf(
  setting: 'off' | 'common' | 'targeted',
  hosts: readonly string[],
): BotControl | undefined {
  if (setting === 'off') return undefined;
  return {
    inspectionLevel: setting === 'targeted' ? BotControlLevel.TARGETED : BotControlLevel.COMMON,
    hosts,
  };
}
