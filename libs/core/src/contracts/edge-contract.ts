import { defineLayerContract, contractOutput } from './layer-contract';

/** What one region's edge stack exports for the other region and the observability layer. */
export const EDGE_CONTRACT = defineLayerContract({
  layer: 'edge',
  outputs: {
    /** Public Route53 zone of the DNS domain. */
    hostedZoneId: contractOutput('string', 'Public Route53 zone of the DNS domain'),
    /** API host name, routed between regions. */
    apiHostname: contractOutput('string', 'API host name, routed between regions'),
    /** This region's own API host name (bypasses routing; for canaries and drills). */
    regionalHostname: contractOutput(
      'string',
      "This region's own API host name (bypasses routing; for canaries and drills)",
    ),
    /** ACM certificate of the regional ALB. */
    apiCertificateArn: contractOutput('string', 'ACM certificate of the regional ALB'),
    /** Regional internet-facing ALB. */
    loadBalancerArn: contractOutput('string', 'Regional internet-facing ALB'),
    /** ALB ARN suffix: the LoadBalancer dimension of its metrics. */
    loadBalancerArnSuffix: contractOutput(
      'string',
      'ALB ARN suffix: the LoadBalancer dimension of its metrics',
    ),
    /** Ingress gateway target group ARN suffix: the TargetGroup dimension. */
    targetGroupArnSuffix: contractOutput(
      'string',
      'Ingress gateway target group ARN suffix: the TargetGroup dimension',
    ),
    /** Route53 health check of this region's ALB. */
    healthCheckId: contractOutput('string', "Route53 health check of this region's ALB"),
    /** Regional WAF web ACL (WebACL dimension). */
    regionalWebAclName: contractOutput('string', 'Regional WAF web ACL (WebACL dimension)'),
    /** Regional WAF web ACL ARN. */
    regionalWebAclArn: contractOutput('string', 'Regional WAF web ACL ARN'),
    /** CloudFront distribution of static assets; empty outside the primary region. */
    distributionId: contractOutput(
      'string',
      'CloudFront distribution of static assets; empty outside the primary region',
    ),
    /** Host name of the static assets; empty outside the primary region. */
    staticHostname: contractOutput(
      'string',
      'Host name of the static assets; empty outside the primary region',
    ),
    /** DS record of the zone's DNSSEC key-signing key, to publish in the parent zone; empty where this stack does not own the zone. */
    dnssecDsRecord: contractOutput(
      'string',
      "DS record of the zone's DNSSEC key-signing key, to publish in the parent zone; empty where this stack does not own the zone",
    ),
  },
});

/** The type of the edge layer's contract. */
export type EdgeContract = typeof EDGE_CONTRACT;
