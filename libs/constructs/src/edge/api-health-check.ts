import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';

/** Seconds between checks from each Route53 checker location. */
export const HEALTH_CHECK_INTERVAL_SECONDS = 30;
/** Consecutive failures before Route53 calls the endpoint unhealthy. */
export const HEALTH_CHECK_FAILURE_THRESHOLD = 3;

/** Properties of {@link ApiHealthCheck}. */
export interface ApiHealthCheckProps {
  /** Display name (the `Name` tag) of the health check. */
  readonly name: string;
  /** Host the checkers connect to, e.g. a load balancer's DNS name. */
  readonly fqdn: string;
  /** @default '/healthz' */
  readonly resourcePath?: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A Route53 HTTPS health check on port 443 every 30 seconds, unhealthy after 3 failures:
 * a dead region is detected in at most 90 seconds. It measures latency so the
 * observability layer can alarm on slow answers before they become failures.
 */
export class ApiHealthCheck extends Construct {
  /** The health check's ID. */
  readonly healthCheckId: string;

  constructor(scope: Construct, id: string, props: ApiHealthCheckProps) {
    super(scope, id);
    const check = new Route53HealthCheck(this, 'check', {
      provider: props.provider,
      type: 'HTTPS',
      fqdn: props.fqdn,
      port: 443,
      resourcePath: props.resourcePath ?? '/healthz',
      requestInterval: HEALTH_CHECK_INTERVAL_SECONDS,
      failureThreshold: HEALTH_CHECK_FAILURE_THRESHOLD,
      enableSni: true,
      measureLatency: true,
      tags: { Name: props.name },
    });
    this.node.defaultChild = check;
    this.healthCheckId = check.id;
  }
}
