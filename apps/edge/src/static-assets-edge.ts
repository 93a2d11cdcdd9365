import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { LayerStack } from '@strata/core';
import {
  BucketOrigin,
  DnsValidatedCertificate,
  StaticSiteDistribution,
  WebAcl,
  WebAclScope,
} from '@strata/constructs';
import { EdgeLogKeys } from './edge-log-keys';

/** CloudFront, its certificate and its web ACL live in us-east-1 whatever the primary region. */
export const CLOUDFRONT_REGION = 'us-east-1';

export interface StaticAssetsEdgeProps {
  /** The primary region's edge stack. */
  readonly stack: LayerStack;
  readonly zoneId: string;
  readonly logKeys: EdgeLogKeys;
  readonly primaryBucketDomainName: string;
  /** The static bucket's replica in the secondary region, when data replicates. @default none */
  readonly replica?: BucketOrigin;
}

/** `static.<dnsDomain>` on CloudFront, with a us-east-1 certificate and web ACL. */
export class StaticAssetsEdge extends Construct {
  readonly hostname: string;
  readonly distributionId: string;
  readonly distributionArn: string;

  constructor(scope: Construct, id: string, props: StaticAssetsEdgeProps) {
    super(scope, id);
    const { stack } = props;
    const env = stack.environment;
    const settings = env.edge;
    const provider = stack.providerFor(CLOUDFRONT_REGION);
    const name = stack.naming.name('static');
    this.hostname = `static.${env.dnsDomain}`;
    const logKmsKey = props.logKeys.keyFor(CLOUDFRONT_REGION);
    const logRetentionDays = env.observability.logRetentionDays;

    const certificate = new DnsValidatedCertificate(this, 'certificate', {
      domainName: this.hostname,
      zoneId: props.zoneId,
      provider,
      dnsProvider: stack.provider,
    });
    const webAcl = new WebAcl(this, 'waf', {
      name,
      scope: WebAclScope.CLOUDFRONT,
      rateLimitPerFiveMinutes: settings.rateLimitPerFiveMinutes,
      blockedCountries: settings.blockedCountries,
      logKmsKey,
      logRetentionDays,
      provider,
    });
    const distribution = new StaticSiteDistribution(this, 'cdn', {
      name,
      aliases: [this.hostname],
      certificateArn: certificate.certificateArn,
      primaryOrigin: {
        regionalDomainName: props.primaryBucketDomainName,
        region: env.primaryRegion.name,
      },
      failoverOrigin: props.replica,
      webAclArn: webAcl.webAclArn,
      logKmsKey,
      logRetentionDays,
      priceClass: settings.priceClass,
      provider,
    });
    for (const type of ['A', 'AAAA']) {
      new Route53Record(this, `alias-${type.toLowerCase()}`, {
        zoneId: props.zoneId,
        name: this.hostname,
        type,
        alias: {
          name: distribution.domainName,
          zoneId: distribution.hostedZoneId,
          evaluateTargetHealth: false,
        },
      });
    }
    this.distributionId = distribution.distributionId;
    this.distributionArn = distribution.distributionArn;
  }
}
