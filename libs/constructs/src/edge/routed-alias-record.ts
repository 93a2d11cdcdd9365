import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Route53Record, Route53RecordConfig } from '@cdktf/provider-aws/lib/route53-record';
import { RoutingPolicy } from '../vocabulary/routing-policy';

/** This region's part in the routing policy. */
export interface RegionRouting {
  /** Latency-based or failover routing. */
  readonly policy: RoutingPolicy;
  /** The region the record points into; also the record's set identifier. */
  readonly region: string;
  /** FAILOVER: whether this region takes traffic while healthy (primary) or only as a fallback. */
  readonly primary: boolean;
  /** WEIGHTED: this region's share. */
  readonly weight?: number;
}

/** Properties of {@link RoutedAliasRecord}. */
export interface RoutedAliasRecordProps {
  /** The hosted zone. */
  readonly zoneId: string;
  /** The record's name, relative to the zone. */
  readonly recordName: string;
  /** Alias target: a load balancer's DNS name and hosted zone. */
  readonly targetDnsName: string;
  /** The load balancer's canonical hosted zone. */
  readonly targetZoneId: string;
  /** Health check that takes this region out of the answer when it fails. */
  readonly healthCheckId: string;
  /** How this region's record is chosen. */
  readonly routing: RegionRouting;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** The routing-policy arguments of a Route53 record for one region. */
export function routingArguments(
  routing: RegionRouting,
): Pick<
  Route53RecordConfig,
  'failoverRoutingPolicy' | 'latencyRoutingPolicy' | 'weightedRoutingPolicy'
> {
  switch (routing.policy) {
    case RoutingPolicy.FAILOVER:
      return { failoverRoutingPolicy: { type: routing.primary ? 'PRIMARY' : 'SECONDARY' } };
    case RoutingPolicy.LATENCY:
      return { latencyRoutingPolicy: { region: routing.region } };
    case RoutingPolicy.WEIGHTED:
      return { weightedRoutingPolicy: { weight: routing.weight ?? 0 } };
  }
}

/**
 * One region's A-alias record of a multi-region host. Route53 answers with it only while
 * its health check passes (and, through evaluate_target_health, while the load balancer
 * has healthy targets), so a failing region drops out of DNS on its own.
 */
export class RoutedAliasRecord extends Construct {
  /** The record's fully qualified name. */
  readonly fqdn: string;

  constructor(scope: Construct, id: string, props: RoutedAliasRecordProps) {
    super(scope, id);
    const record = new Route53Record(this, 'record', {
      provider: props.provider,
      zoneId: props.zoneId,
      name: props.recordName,
      type: 'A',
      setIdentifier: props.routing.region,
      healthCheckId: props.healthCheckId,
      alias: {
        name: props.targetDnsName,
        zoneId: props.targetZoneId,
        evaluateTargetHealth: true,
      },
      ...routingArguments(props.routing),
    });
    this.node.defaultChild = record;
    this.fqdn = record.fqdn;
  }
}
