import { defineLayerContract, contractOutput } from './layer-contract';

/** What one region's edge stack exports for the other region and the observability layer. */
export const EDGE_CONTRACT = defineLayerContract({
  layer: 'edge',
  outputs: {
    hostedZoneId: contractOutput('string', 'Public Route53 zone of the DNS domain'),
    apiHostname: contractOutput('string', 'API host name, routed between regions'),
    regionalHostname: contractOutput(
      'string',
      "This region's own API host name (bypasses routing; for canaries and drills)",
    ),
    apiCertificateArn: contractOutput('string', 'ACM certificate of the regional ALB'),
    loadBalancerArn: contractOutput('string', 'Regional internet-facing ALB'),
    loadBalancerArnSuffix: contractOutput(
      'string',
      'ALB ARN suffix: the LoadBalancer dimension of its metrics',
    ),
    targetGroupArnSuffix: contractOutput(
      'string',
      'Ingress gateway target group ARN suffix: the TargetGroup dimension',
    ),
    healthCheckId: contractOutput('string', "Route53 health check of this region's ALB"),
    regionalWebAclName: contractOutput('string', 'Regional WAF web ACL (WebACL dimension)'),
    regionalWebAclArn: contractOutput('string', 'Regional WAF web ACL ARN'),
    distributionId: contractOutput(
      'string',
      'CloudFront distribution of static assets; empty outside the primary region',
    ),
    staticHostname: contractOutput(
      'string',
      'Host name of the static assets; empty outside the primary region',
    ),
    dnssecDsRecord: contractOutput(
      'string',
      "DS record of the zone's DNSSEC key-signing key, to publish in the parent zone; empty where this stack does not own the zone",
    ),
  },
});

/** The type of the edge layer's contract. */
export type EdgeContract = typeof EDGE_CONTRACT;
