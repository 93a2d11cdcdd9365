import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { MskCluster } from '@cdktf/provider-aws/lib/msk-cluster';
import { MskConfiguration } from '@cdktf/provider-aws/lib/msk-configuration';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { DataStorePlacement, DataStoreSecurityGroup } from '../network/data-store-security-group';
import { DATA_STORE_PORTS } from '../network/data-store-ports';
import { IKmsKey } from '../kms/kms-key';
import { IKafkaCluster, KafkaAccess, KafkaClusterAttributes } from './kafka-access';

/** Properties of {@link KafkaCluster}. */
export interface KafkaClusterProps extends DataStorePlacement {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** The Kafka version. @default the platform's pinned version */
  readonly kafkaVersion?: string;
  /** The brokers' instance type. */
  readonly brokerType: string;
  /** Brokers per subnet (AZ); the cluster has brokersPerAz x subnets brokers. */
  readonly brokersPerAz: number;
  /** Each broker's volume, in GiB. */
  readonly volumeGib: number;
  /** How many subnets (AZs) the brokers are spread over; MSK needs 2 or 3. */
  readonly zoneCount: number;
  /** The KMS key that encrypts the data at rest. */
  readonly kmsKey: IKmsKey;
  /** Encrypts the broker log group; its policy must allow CloudWatch Logs. */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** Default retention of topics that do not set their own. @default 168 hours (7 days) */
  readonly defaultRetentionHours?: number;
}

/** Port of the IAM-authenticated TLS listener. */

/**
 * An MSK cluster: brokers over two or three AZs, TLS between clients and brokers and
 * inside the cluster, KMS at rest, IAM authentication only (no plaintext, no anonymous
 * clients), no automatic topic creation, replication factor 3 with min.insync 2 when there
 * are three AZs, and broker logs in CloudWatch.
 */
export class KafkaCluster extends Construct {
  /** The cluster's ARN. */
  readonly clusterArn: string;
  /** The id MSK gives the cluster; topic and group ARNs carry it. */
  readonly clusterUuid: string;
  /** The bootstrap brokers (IAM authentication, TLS). */
  readonly bootstrapBrokers: string;
  /** The security group's ID. */
  readonly securityGroupId: string;

  /** A reference to a cluster (e.g. from a layer contract), for IAM grants. */
  static fromClusterAttributes(
    scope: Construct,
    id: string,
    attributes: KafkaClusterAttributes,
  ): IKafkaCluster {
    return new KafkaAccess(scope, id, attributes);
  }

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const provider = props.provider;
    const name = props.clusterName;
    const brokers = props.brokersPerAz * props.zoneCount;
    const replication = Math.min(3, brokers);
    const securityGroup = new DataStoreSecurityGroup(this, 'security-group', {
      provider,
      name: `${name}-kafka`,
      description: `MSK ${name}: IAM/TLS listener from the workload subnets only`,
      vpcId: props.vpcId,
      ports: [DATA_STORE_PORTS.kafkaIam],
      allowedCidrs: props.allowedCidrs,
    });
    this.securityGroupId = securityGroup.securityGroupId;
    const configuration = new MskConfiguration(this, 'configuration', {
      provider,
      name: `${name}-brokers`,
      kafkaVersions: [props.kafkaVersion ?? '3.8.x'],
      serverProperties: [
        'auto.create.topics.enable=false',
        `default.replication.factor=${replication}`,
        `min.insync.replicas=${Math.max(1, replication - 1)}`,
        'unclean.leader.election.enable=false',
        `log.retention.hours=${props.defaultRetentionHours ?? 168}`,
      ].join('\n'),
    });
    const logs = new EncryptedLogGroup(this, 'broker-logs', {
      provider,
      logGroupName: `/aws/msk/${name}/brokers`,
      kmsKey: props.logKmsKey,
      retentionInDays: props.logRetentionDays,
    });
    const cluster = new MskCluster(this, 'cluster', {
      provider,
      clusterName: name,
      kafkaVersion: props.kafkaVersion ?? '3.8.x',
      numberOfBrokerNodes: brokers,
      brokerNodeGroupInfo: {
        instanceType: props.brokerType,
        // Fn.slice: the subnet ids are usually a list token from the network layer.
        clientSubnets: Fn.slice(props.subnetIds, 0, props.zoneCount),
        securityGroups: [securityGroup.securityGroupId],
        storageInfo: { ebsStorageInfo: { volumeSize: props.volumeGib } },
        connectivityInfo: { publicAccess: { type: 'DISABLED' } },
      },
      configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: props.kmsKey.keyArn,
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
      enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
      loggingInfo: {
        brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logs.logGroupName } },
      },
    });
    this.node.defaultChild = cluster;
    this.clusterArn = cluster.arn;
    this.clusterUuid = cluster.clusterUuid;
    this.bootstrapBrokers = cluster.bootstrapBrokersSaslIam;
  }
}
