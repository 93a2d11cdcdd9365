import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { OpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { policyDocument } from '../iam/policy-document';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { DataStorePlacement, DataStoreSecurityGroup } from '../network/data-store-security-group';
import { DATA_STORE_PORTS } from '../network/data-store-ports';
import { IKmsKey } from '../kms/kms-key';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';
import { ISearchDomain, SearchAccess } from './search-access';

/** Properties of {@link SearchDomain}. */
export interface SearchDomainProps extends DataStorePlacement {
  /** 3-28 lowercase characters. */
  readonly domainName: string;
  /** The data nodes' instance type. */
  readonly instanceType: string;
  /** Data nodes. */
  readonly instanceCount: number;
  /** Three dedicated masters of this type. @default none */
  readonly dedicatedMasterType?: string;
  /** Each node's volume, in GiB. */
  readonly volumeGib: number;
  /** How many of the subnets the domain spans (2 or 3); data nodes divide evenly over them. */
  readonly zoneCount: number;
  /** The KMS key that encrypts the domain at rest. */
  readonly kmsKey: IKmsKey;
  /** Encrypts the audit and error log groups; its policy must allow CloudWatch Logs. */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** IAM role ARN that is the fine-grained access control master user. */
  readonly masterRoleArn: string;
  /** @default the stack's region */
  readonly region?: string;
  /** @default the stack's account */
  readonly accountId?: string;
}

/** OpenSearch 2.x line Strata tests against. */
const OPENSEARCH_ENGINE_VERSION = 'OpenSearch_2.19';
/** TLS 1.2+ with forward secrecy. */
const TLS_POLICY = 'Policy-Min-TLS-1-2-PFS-2023-10';

/**
 * An OpenSearch domain inside the VPC: zone awareness, optional dedicated masters,
 * encryption at rest (KMS) and node to node, HTTPS only, fine-grained access control with
 * an IAM master role, and audit and error logs in encrypted log groups.
 */
export class SearchDomain extends Construct {
  /** The domain's endpoint (HTTPS, in the VPC). */
  readonly endpoint: string;
  /** The domain's ARN. */
  readonly domainArn: string;
  /** The security group's ID. */
  readonly securityGroupId: string;

  /** A reference to a domain by name in this stack's account and region, for IAM grants. */
  static fromDomainName(scope: Construct, id: string, domainName: string): ISearchDomain {
    return new SearchAccess(
      scope,
      id,
      arnOf(scope, { service: 'es', resource: `domain/${domainName}` }),
    );
  }

  constructor(scope: Construct, id: string, props: SearchDomainProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const region = props.region ?? environment.region;
    const provider = props.provider;
    const name = props.domainName;
    const securityGroup = new DataStoreSecurityGroup(this, 'security-group', {
      provider,
      name: `${name}-search`,
      description: `OpenSearch ${name}: HTTPS from the workload subnets only`,
      vpcId: props.vpcId,
      ports: [DATA_STORE_PORTS.https],
      allowedCidrs: props.allowedCidrs,
    });
    this.securityGroupId = securityGroup.securityGroupId;
    const logGroups = (['audit', 'application'] as const).map(
      (kind) =>
        new EncryptedLogGroup(this, `${kind}-logs`, {
          provider,
          logGroupName: `/aws/opensearch/${name}/${kind}`,
          kmsKey: props.logKmsKey,
          retentionInDays: props.logRetentionDays,
        }),
    );
    const logPolicy = new CloudwatchLogResourcePolicy(this, 'log-policy', {
      provider,
      policyName: `${name}-opensearch-logs`,
      policyDocument: policyDocument([
        {
          Effect: 'Allow',
          Principal: { Service: 'es.amazonaws.com' },
          Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
          Resource: logGroups.map((group) => `${group.logGroupArn}:*`),
          Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
        },
      ]),
    });
    const zoneAware = props.zoneCount > 1;
    const domain = new OpensearchDomain(this, 'domain', {
      provider,
      domainName: name,
      engineVersion: OPENSEARCH_ENGINE_VERSION,
      clusterConfig: {
        instanceType: props.instanceType,
        instanceCount: props.instanceCount,
        zoneAwarenessEnabled: zoneAware,
        zoneAwarenessConfig: zoneAware ? { availabilityZoneCount: props.zoneCount } : undefined,
        dedicatedMasterEnabled: !!props.dedicatedMasterType,
        dedicatedMasterType: props.dedicatedMasterType,
        dedicatedMasterCount: props.dedicatedMasterType ? 3 : undefined,
      },
      ebsOptions: { ebsEnabled: true, volumeType: 'gp3', volumeSize: props.volumeGib },
      vpcOptions: {
        // Fn.slice: the subnet ids are usually a list token from the network layer.
        subnetIds: Fn.slice(props.subnetIds, 0, props.zoneCount),
        securityGroupIds: [securityGroup.securityGroupId],
      },
      encryptAtRest: { enabled: true, kmsKeyId: props.kmsKey.keyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: TLS_POLICY },
      advancedSecurityOptions: {
        enabled: true,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: props.masterRoleArn },
      },
      // Fine-grained access control decides per index; the resource policy only admits the account.
      accessPolicies: policyDocument([
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:${environment.partition}:iam::${accountId}:root` },
          Action: 'es:ESHttp*',
          Resource: `arn:${environment.partition}:es:${region}:${accountId}:domain/${name}/*`,
        },
      ]),
      logPublishingOptions: [
        { logType: 'AUDIT_LOGS', cloudwatchLogGroupArn: logGroups[0].logGroupArn, enabled: true },
        {
          logType: 'ES_APPLICATION_LOGS',
          cloudwatchLogGroupArn: logGroups[1].logGroupArn,
          enabled: true,
        },
      ],
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      dependsOn: [logPolicy],
    });
    this.node.defaultChild = domain;
    this.endpoint = domain.endpoint;
    this.domainArn = domain.arn;
  }
}
