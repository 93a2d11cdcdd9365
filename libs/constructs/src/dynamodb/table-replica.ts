import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { DynamodbTableReplicaA } from '@cdktf/provider-aws/lib/dynamodb-table-replica';
import { GLOBAL_TABLE_INDEX, ProvisionedCapacity } from './global-table';
import { autoscaleTableAndIndex } from './table-autoscaling';
import { IKmsKey } from '../kms/kms-key';

/** Properties of {@link TableReplica}. */
export interface TableReplicaProps {
  /** ARN of the table in the primary region (a GlobalTable created with `replicated`). */
  readonly globalTableArn: string;
  /** The table's name. */
  readonly tableName: string;
  /** Key in this (the replica's) region. */
  readonly kmsKey: IKmsKey;
  /** Same limits as the primary: a provisioned global table autoscales in every region. */
  readonly provisioned?: ProvisionedCapacity;
  /** Tags on the replica, e.g. the AWS Backup selection tag. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * This region's replica of a global table, owned by this region's stack so that each
 * region's data stack holds only resources of its own region.
 */
export class TableReplica extends Construct {
  /** The replica's ARN. */
  readonly replicaArn: string;

  constructor(scope: Construct, id: string, props: TableReplicaProps) {
    super(scope, id);
    const replica = new DynamodbTableReplicaA(this, 'replica', {
      provider: props.provider,
      globalTableArn: props.globalTableArn,
      kmsKeyArn: props.kmsKey.keyArn,
      pointInTimeRecovery: true,
      deletionProtectionEnabled: true,
      tags: props.tags,
    });
    this.node.defaultChild = replica;
    if (props.provisioned) {
      autoscaleTableAndIndex(this, {
        provider: props.provider,
        tableName: props.tableName,
        indexName: GLOBAL_TABLE_INDEX,
        ...props.provisioned,
        dependsOn: [replica],
      });
    }
    this.replicaArn = replica.arn;
  }
}
