import { Construct } from 'constructs';
import { grantToRole, IRole } from '../iam/grant';
import { arnOf } from '../scope/aws-environment';

/** What names a cluster's IAM resources. */
export interface KafkaClusterAttributes {
  /** The cluster's ARN. */
  readonly clusterArn: string;
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** MSK's id of the cluster (the last part of its ARN). */
  readonly clusterUuid: string;
}

/** A cluster that grants give a role IAM access to (MSK's IAM authentication): defined here or imported. */
export interface IKafkaCluster {
  /** The cluster's ARN. */
  readonly clusterArn: string;
  /** Lets the role connect and write to the topics (creating them, as the platform's services do). */
  grantProduce(role: IRole, topics: readonly string[]): void;
  /** Lets the role connect, read the topics and commit offsets as `group`. */
  grantConsume(role: IRole, topics: readonly string[], group: string): void;
}

/**
 * MSK's IAM resources of one cluster: topics and groups carry the cluster's name and id
 * (`...:topic/<name>/<uuid>/<topic>`, `...:group/<name>/<uuid>/<group>`).
 */
export class KafkaAccess extends Construct implements IKafkaCluster {
  private readonly connected = new WeakSet<IRole>();

  /** The cluster's ARN. */
  readonly clusterArn: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly attributes: KafkaClusterAttributes,
  ) {
    super(scope, id);
    this.clusterArn = attributes.clusterArn;
  }

  private child(kind: 'topic' | 'group', name: string): string {
    const { clusterName, clusterUuid } = this.attributes;
    return arnOf(this, {
      service: 'kafka',
      resource: `${kind}/${clusterName}/${clusterUuid}/${name}`,
    });
  }

  private connect(role: IRole): void {
    if (this.connected.has(role)) return;
    this.connected.add(role);
    grantToRole(
      role,
      ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
      [this.clusterArn],
    );
  }

  grantProduce(role: IRole, topics: readonly string[]): void {
    if (topics.length === 0) return;
    this.connect(role);
    grantToRole(role, ['kafka-cluster:WriteDataIdempotently'], [this.clusterArn]);
    grantToRole(
      role,
      ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      topics.map((topic) => this.child('topic', topic)),
    );
  }

  grantConsume(role: IRole, topics: readonly string[], group: string): void {
    if (topics.length === 0) return;
    this.connect(role);
    grantToRole(
      role,
      ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
      topics.map((topic) => this.child('topic', topic)),
    );
    grantToRole(
      role,
      ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
      [this.child('group', group)],
    );
  }
}
