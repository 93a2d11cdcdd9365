import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Route53HostedZoneDnssec } from '@cdktf/provider-aws/lib/route53-hosted-zone-dnssec';
import { Route53KeySigningKey } from '@cdktf/provider-aws/lib/route53-key-signing-key';
import { Route53QueryLog } from '@cdktf/provider-aws/lib/route53-query-log';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { policyDocument } from '../iam/policy-document';
import { IKmsKey, KmsKey } from '../kms/kms-key';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';

/** Route53 keeps DNSSEC keys and query logs in us-east-1, whatever the zone's stack region. */
export const ROUTE53_CONTROL_REGION = 'us-east-1';

/** Properties of {@link PublicHostedZone}. */
export interface PublicHostedZoneProps {
  /** The zone's domain. */
  readonly domainName: string;
  /** A comment on the zone. @default none */
  readonly comment?: string;
  /** Provider in us-east-1, where Route53 reads its signing key and writes query logs. */
  readonly controlRegionProvider: TerraformProvider;
  /** Key for the query log group in us-east-1 (CloudWatch Logs must be allowed to use it). */
  readonly queryLogKmsKey: IKmsKey;
  /** Days DNS query logs are kept. */
  readonly queryLogRetentionDays: number;
  /** Alias of the DNSSEC signing key, without `alias/`. */
  readonly signingKeyAlias: string;
  /** Name of the resource policy that lets Route53 write query logs. */
  readonly queryLogPolicyName: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A public hosted zone with DNS query logging and DNSSEC signing: the key-signing key lives
 * in an asymmetric KMS key in us-east-1 that only Route53's DNSSEC service may use. Signing
 * protects resolvers only once the parent zone publishes the DS record (`dsRecord`).
 */
export class PublicHostedZone extends Construct {
  /** The zone's ID. */
  readonly zoneId: string;
  /** The DS record to publish in the parent zone (or at the registrar). */
  readonly dsRecord: string;
  /** The zone (escape hatch). */
  readonly zone: Route53Zone;

  constructor(scope: Construct, id: string, props: PublicHostedZoneProps) {
    super(scope, id);
    const { account } = awsEnvironmentOf(this);
    const control = props.controlRegionProvider;
    this.zone = new Route53Zone(this, 'zone', {
      provider: props.provider,
      name: props.domainName,
      comment: props.comment,
    });
    this.node.defaultChild = this.zone;
    this.zoneId = this.zone.zoneId;
    const anyZone = arnOf(this, {
      service: 'route53',
      region: '',
      account: '',
      resource: 'hostedzone/*',
    });

    // Query logging: Route53 writes to a /aws/route53/ group in us-east-1 under a policy.
    const logGroup = new EncryptedLogGroup(this, 'query-logs', {
      provider: control,
      logGroupName: `/aws/route53/${props.domainName}`,
      kmsKey: props.queryLogKmsKey,
      retentionInDays: props.queryLogRetentionDays,
    });
    const logPolicy = new CloudwatchLogResourcePolicy(this, 'query-log-policy', {
      provider: control,
      policyName: props.queryLogPolicyName,
      policyDocument: policyDocument([
        {
          Sid: 'Route53QueryLogs',
          Effect: 'Allow',
          Principal: { Service: 'route53.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logGroup.logGroupArn}:*`,
          Condition: {
            ArnLike: { 'aws:SourceArn': anyZone },
            StringEquals: { 'aws:SourceAccount': account },
          },
        },
      ]),
    });
    new Route53QueryLog(this, 'query-log', {
      provider: props.provider,
      zoneId: this.zoneId,
      cloudwatchLogGroupArn: logGroup.logGroupArn,
      dependsOn: [logPolicy],
    });

    // DNSSEC: the KSK's key signs, only for Route53's DNSSEC service, only for this account's zones.
    const dnssec = { Service: 'dnssec-route53.amazonaws.com' };
    const signingKey = new KmsKey(this, 'signing-key', {
      provider: control,
      description: `DNSSEC key-signing key of ${props.domainName}`,
      alias: props.signingKeyAlias,
      signingKeySpec: 'ECC_NIST_P256',
      additionalStatements: [
        {
          Sid: 'Route53DnssecSigning',
          Effect: 'Allow',
          Principal: dnssec,
          Action: ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign'],
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:SourceAccount': account },
            ArnLike: { 'aws:SourceArn': anyZone },
          },
        },
        {
          Sid: 'Route53DnssecGrants',
          Effect: 'Allow',
          Principal: dnssec,
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
        },
      ],
    });
    const keySigningKey = new Route53KeySigningKey(this, 'key-signing-key', {
      provider: props.provider,
      hostedZoneId: this.zoneId,
      keyManagementServiceArn: signingKey.keyArn,
      name: 'ksk1',
    });
    new Route53HostedZoneDnssec(this, 'dnssec', {
      provider: props.provider,
      hostedZoneId: keySigningKey.hostedZoneId,
      dependsOn: [keySigningKey],
    });
    this.dsRecord = keySigningKey.dsRecord;
  }
}
