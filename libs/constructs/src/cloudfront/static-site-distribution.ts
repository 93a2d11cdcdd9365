import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { CloudwatchLogDelivery } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery';
import { CloudwatchLogDeliveryDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { IKmsKey } from '../kms/kms-key';
import { DEFAULT_LOG_GROUP_PREFIX } from '../scope/names';

/** AWS managed cache policy `Managed-CachingOptimized` (long TTLs, gzip and brotli). */
export const CACHING_OPTIMIZED_POLICY_ID = '658327ea-f89d-4fab-a63d-7e88639e58f6';
/** The oldest protocol viewers may use: TLS 1.2 with the 2021 cipher list. */
export const VIEWER_TLS_POLICY = 'TLSv1.2_2021';

/** An S3 bucket CloudFront reads through Origin Access Control. */
export interface BucketOrigin {
  /** Regional domain name, `<bucket>.s3.<region>.amazonaws.com`. */
  readonly regionalDomainName: string;
  /** Region of the bucket; Origin Shield runs there. */
  readonly region: string;
}

/** A custom error page: CloudFront answers `errorCode` with this page and status. */
export interface ErrorPage {
  /** The origin's status code. */
  readonly errorCode: number;
  /** The page served instead. */
  readonly pagePath: string;
  /** The status code returned with it. */
  readonly responseCode: number;
}

/** Missing objects and server errors get friendly pages, with the status kept honest. */
export const DEFAULT_ERROR_PAGES: readonly ErrorPage[] = [
  { errorCode: 403, pagePath: '/errors/404.html', responseCode: 404 },
  { errorCode: 404, pagePath: '/errors/404.html', responseCode: 404 },
  { errorCode: 500, pagePath: '/errors/5xx.html', responseCode: 500 },
  { errorCode: 502, pagePath: '/errors/5xx.html', responseCode: 502 },
  { errorCode: 503, pagePath: '/errors/5xx.html', responseCode: 503 },
  { errorCode: 504, pagePath: '/errors/5xx.html', responseCode: 504 },
];

/** Properties of {@link StaticSiteDistribution}. */
export interface StaticSiteDistributionProps {
  /** Name of the distribution's supporting resources (OAC, headers policy, logs). */
  readonly name: string;
  /** Host names the distribution answers, e.g. `static.api.example.com`. */
  readonly aliases: readonly string[];
  /** Validated ACM certificate in us-east-1 covering the aliases. */
  readonly certificateArn: string;
  /** The bucket the site is served from. */
  readonly primaryOrigin: BucketOrigin;
  /** Replica bucket CloudFront falls back to when the primary answers 5xx or 403/404. @default none */
  readonly failoverOrigin?: BucketOrigin;
  /** CLOUDFRONT-scope web ACL ARN. */
  readonly webAclArn: string;
  /** KMS key (us-east-1, CloudWatch Logs allowed) for the access log group. */
  readonly logKmsKey: IKmsKey;
  /** Days the access logs are kept. */
  readonly logRetentionDays: number;
  /** @default 'PriceClass_All' */
  readonly priceClass?: string;
  /** @default DEFAULT_ERROR_PAGES */
  readonly errorPages?: readonly ErrorPage[];
  /** Provider in us-east-1, where CloudFront's log delivery source must live. */
  readonly provider?: TerraformProvider;
  /** Prefix of the access log group, `<prefix>/cloudfront/<name>`. @default DEFAULT_LOG_GROUP_PREFIX */
  readonly logGroupPrefix?: string;
}

/**
 * CloudFront in front of private S3 buckets: Origin Access Control (SigV4, the buckets
 * stay private), Origin Shield in the bucket's region, HTTPS only with TLS 1.2+, HTTP/2
 * and HTTP/3, security headers on every response, friendly error pages and access logs
 * delivered to an encrypted log group. With a failover origin, an origin group retries the
 * replica when the primary region's bucket fails.
 */
export class StaticSiteDistribution extends Construct {
  /** The distribution's ID. */
  readonly distributionId: string;
  /** The distribution's ARN. */
  readonly distributionArn: string;
  /** The domain's name. */
  readonly domainName: string;
  /** Hosted zone of CloudFront domain names, for alias records. */
  readonly hostedZoneId: string;

  constructor(scope: Construct, id: string, props: StaticSiteDistributionProps) {
    super(scope, id);
    const provider = props.provider;
    const accessControl = new CloudfrontOriginAccessControl(this, 'origin-access', {
      provider,
      name: props.name,
      description: `Signed S3 reads for ${props.name}`,
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });
    const headers = new CloudfrontResponseHeadersPolicy(this, 'security-headers', {
      provider,
      name: `${props.name}-security-headers`,
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: 63072000,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
        contentSecurityPolicy: {
          contentSecurityPolicy:
            "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
          override: true,
        },
      },
    });

    const origins = [props.primaryOrigin, ...(props.failoverOrigin ? [props.failoverOrigin] : [])];
    const originId = (index: number) => (index === 0 ? 'primary' : 'failover');
    const targetOriginId = props.failoverOrigin ? 'buckets' : originId(0);
    const distribution = new CloudfrontDistribution(this, 'distribution', {
      provider,
      enabled: true,
      comment: props.name,
      aliases: [...props.aliases],
      priceClass: props.priceClass ?? 'PriceClass_All',
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      defaultRootObject: 'index.html',
      webAclId: props.webAclArn,
      origin: origins.map((origin, index) => ({
        originId: originId(index),
        domainName: origin.regionalDomainName,
        originAccessControlId: accessControl.id,
        originShield: { enabled: true, originShieldRegion: origin.region },
      })),
      originGroup: props.failoverOrigin
        ? [
            {
              originId: targetOriginId,
              failoverCriteria: { statusCodes: [403, 404, 500, 502, 503, 504] },
              member: [{ originId: originId(0) }, { originId: originId(1) }],
            },
          ]
        : undefined,
      defaultCacheBehavior: {
        targetOriginId,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
        responseHeadersPolicyId: headers.id,
      },
      customErrorResponse: (props.errorPages ?? DEFAULT_ERROR_PAGES).map((page) => ({
        errorCode: page.errorCode,
        responseCode: page.responseCode,
        responsePagePath: page.pagePath,
        errorCachingMinTtl: 10,
      })),
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: {
        acmCertificateArn: props.certificateArn,
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: VIEWER_TLS_POLICY,
      },
    });
    this.node.defaultChild = distribution;

    // Standard logging v2: delivered by CloudWatch Logs, so no ACL-enabled log bucket is needed.
    const logs = new EncryptedLogGroup(this, 'access-logs', {
      provider,
      logGroupName: `${props.logGroupPrefix ?? DEFAULT_LOG_GROUP_PREFIX}/cloudfront/${props.name}`,
      kmsKey: props.logKmsKey,
      retentionInDays: props.logRetentionDays,
    });
    const source = new CloudwatchLogDeliverySource(this, 'log-source', {
      provider,
      name: `${props.name}-access`,
      logType: 'ACCESS_LOGS',
      resourceArn: distribution.arn,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, 'log-destination', {
      provider,
      name: `${props.name}-access`,
      deliveryDestinationConfiguration: [{ destinationResourceArn: logs.logGroupArn }],
    });
    new CloudwatchLogDelivery(this, 'log-delivery', {
      provider,
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
    });

    this.distributionId = distribution.id;
    this.distributionArn = distribution.arn;
    this.domainName = distribution.domainName;
    this.hostedZoneId = distribution.hostedZoneId;
  }
}
