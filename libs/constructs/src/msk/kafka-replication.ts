import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { MskReplicator } from '@cdktf/provider-aws/lib/msk-replicator';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';
import { DATA_STORE_PORTS } from '../network/data-store-ports';
import { DataStoreSecurityGroup } from '../network/data-store-security-group';

/** Where one end of the replication is: the MSK cluster and the network its brokers listen in. */
export interface ReplicatedKafkaCluster {
  /** The cluster's ARN. */
  readonly clusterArn: string;
  /** Its name (MSK's IAM names topics and groups by it). */
  readonly clusterName: string;
  /** MSK's id of it (the last part of its ARN). */
  readonly clusterUuid: string;
  /** Its region. */
  readonly region: string;
  /** Its VPC. */
  readonly vpcId: string;
  /** Subnets the replicator's network interfaces go in (the cluster's). */
  readonly subnetIds: string[];
  /** The cluster's security group: it gets an ingress rule from the replicator's. */
  readonly securityGroupId: string;
  /** The provider of the cluster's region. */
  readonly provider?: TerraformProvider;
}

/** Properties of {@link KafkaReplication}. */
export interface KafkaReplicationProps {
  /** The replicator's name (and its role's and security groups'). */
  readonly replicatorName: string;
  /** The cluster replicated from (another region). */
  readonly source: ReplicatedKafkaCluster;
  /** The cluster replicated to (the replicator's own region). */
  readonly target: ReplicatedKafkaCluster;
  /** Topics replicated (regular expressions). @default every topic */
  readonly topics?: readonly string[];
  /**
   * The AWS provider the replicator is created with (the target's region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Amazon MSK Replicator from a cluster in another region to this region's: every topic (with
 * its configuration) and the consumer groups' offsets, under the same topic names, so the
 * components in this region read on where the other region's stopped after a failover. The
 * replicator's interfaces in each VPC have a security group of their own that may reach only
 * the cluster's IAM listener, which accepts them; its role may read the source and write the
 * target, nothing else.
 */
export class KafkaReplication extends Construct {
  /** The replicator's ARN. */
  readonly replicatorArn: string;

  constructor(scope: Construct, id: string, props: KafkaReplicationProps) {
    super(scope, id);
    const { account } = awsEnvironmentOf(this);
    const port = DATA_STORE_PORTS.kafkaIam;
    const reachable = (end: 'source' | 'target', cluster: ReplicatedKafkaCluster) => {
      const group = new DataStoreSecurityGroup(this, `${end}-security-group`, {
        provider: cluster.provider,
        name: `${props.replicatorName}-${end}`,
        description: `MSK Replicator ${props.replicatorName}: to the ${end} cluster's IAM listener only`,
        vpcId: cluster.vpcId,
        // Nothing connects to the replicator.
        ports: [],
        allowedCidrs: [],
      });
      group.allowTo(cluster.securityGroupId, port, `MSK IAM listener of the ${end} cluster`);
      new VpcSecurityGroupIngressRule(this, `${end}-from-replicator`, {
        provider: cluster.provider,
        securityGroupId: cluster.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: group.securityGroupId,
        description: `MSK Replicator ${props.replicatorName}`,
      });
      return {
        amazonMskCluster: { mskClusterArn: cluster.clusterArn },
        vpcConfig: { subnetIds: cluster.subnetIds, securityGroupsIds: [group.securityGroupId] },
      };
    };
    // MSK's IAM names topics and groups `<kind>/<cluster name>/<cluster id>/<name>`.
    const childrenOf = (cluster: ReplicatedKafkaCluster, kind: 'topic' | 'group') =>
      arnOf(this, {
        service: 'kafka',
        region: cluster.region,
        resource: `${kind}/${cluster.clusterName}/${cluster.clusterUuid}/*`,
      });
    const { source, target } = props;
    const role = new ServiceRole(this, 'role', {
      provider: props.provider,
      roleName: props.replicatorName,
      assumeRolePolicy: serviceTrustPolicy('kafka.amazonaws.com', account),
      statements: [
        {
          Sid: 'ConnectToBoth',
          Effect: 'Allow',
          Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
          Resource: [source.clusterArn, target.clusterArn],
        },
        {
          Sid: 'ReadSource',
          Effect: 'Allow',
          Action: [
            'kafka-cluster:DescribeTopic',
            'kafka-cluster:DescribeTopicDynamicConfiguration',
            'kafka-cluster:ReadData',
          ],
          Resource: childrenOf(source, 'topic'),
        },
        {
          Sid: 'ReadSourceGroups',
          Effect: 'Allow',
          Action: ['kafka-cluster:DescribeGroup'],
          Resource: childrenOf(source, 'group'),
        },
        {
          Sid: 'WriteTarget',
          Effect: 'Allow',
          Action: [
            'kafka-cluster:CreateTopic',
            'kafka-cluster:DescribeTopic',
            'kafka-cluster:AlterTopic',
            'kafka-cluster:DescribeTopicDynamicConfiguration',
            'kafka-cluster:AlterTopicDynamicConfiguration',
            'kafka-cluster:WriteData',
          ],
          Resource: childrenOf(target, 'topic'),
        },
        {
          Sid: 'WriteTargetIdempotently',
          Effect: 'Allow',
          Action: ['kafka-cluster:WriteDataIdempotently'],
          Resource: target.clusterArn,
        },
        {
          Sid: 'SyncTargetGroups',
          Effect: 'Allow',
          Action: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
          Resource: childrenOf(target, 'group'),
        },
      ],
    });
    const replicator = new MskReplicator(this, 'replicator', {
      provider: props.provider,
      replicatorName: props.replicatorName,
      description: 'Every topic and consumer group offset from the other region',
      serviceExecutionRoleArn: role.roleArn,
      kafkaCluster: [reachable('source', source), reachable('target', target)],
      replicationInfoList: {
        sourceKafkaClusterArn: source.clusterArn,
        targetKafkaClusterArn: target.clusterArn,
        targetCompressionType: 'NONE',
        topicReplication: [
          {
            topicsToReplicate: [...(props.topics ?? ['.*'])],
            copyTopicConfigurations: true,
            copyAccessControlListsForTopics: true,
            detectAndCopyNewTopics: true,
            // The same names: this region's components use the topics they always use.
            topicNameConfiguration: { type: 'IDENTICAL' },
            startingPosition: { type: 'EARLIEST' },
          },
        ],
        consumerGroupReplication: [
          {
            consumerGroupsToReplicate: ['.*'],
            detectAndCopyNewConsumerGroups: true,
            synchroniseConsumerGroupOffsets: true,
          },
        ],
      },
      dependsOn: role.resources,
    });
    this.node.defaultChild = replicator;
    this.replicatorArn = replicator.arn;
  }
}
