import { defineLayerContract } from './layer-contract';

/** What one region's edge stack exports for the other region and the observability layer. */
export const EDGE_CONTRACT = defineLayerContract({
  layer: 'edge',
  outputs: {
    hostedZoneId: { kind: 'string', description: 'Public Route53 zone of the DNS domain' },
    apiHostname: { kind: 'string', description: 'API host name, routed between regions' },
    regionalHostname: {
      kind: 'string',
      description: "This region's own API host name (bypasses routing; for canaries and drills)",
    },
    apiCertificateArn: { kind: 'string', description: 'ACM certificate of the regional ALB' },
    loadBalancerArn: { kind: 'string', description: 'Regional internet-facing ALB' },
    loadBalancerArnSuffix: {
      kind: 'string',
      description: 'ALB ARN suffix: the LoadBalancer dimension of its metrics',
    },
    targetGroupArnSuffix: {
      kind: 'string',
      description: 'Ingress gateway target group ARN suffix: the TargetGroup dimension',
    },
    healthCheckId: { kind: 'string', description: "Route53 health check of this region's ALB" },
    regionalWebAclName: { kind: 'string', description: 'Regional WAF web ACL (WebACL dimension)' },
    regionalWebAclArn: { kind: 'string', description: 'Regional WAF web ACL ARN' },
    distributionId: {
      kind: 'string',
      description: 'CloudFront distribution of static assets; empty outside the primary region',
    },
    staticHostname: {
      kind: 'string',
      description: 'Host name of the static assets; empty outside the primary region',
    },
    dnssecDsRecord: {
      kind: 'string',
      description:
        "DS record of the zone's DNSSEC key-signing key, to publish in the parent zone; empty where this stack does not own the zone",
    },
  },
});

export type EdgeContract = typeof EDGE_CONTRACT;
