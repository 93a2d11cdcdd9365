import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { grantToRole, IRole } from '../iam/grant';
import { IKmsKey } from '../kms/kms-key';

/** Properties of {@link StateLockTable}. */
export interface StateLockTableProps {
  /** The table's name. */
  readonly tableName: string;
  /** The KMS key that encrypts it. */
  readonly kmsKey: IKmsKey;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The DynamoDB table Terraform's S3 backend locks state with: `LockID` string key,
 * on-demand (a lock table sees a handful of writes per run), point-in-time recovery,
 * KMS encryption and deletion protection.
 */
export class StateLockTable extends Construct {
  /** The table's name. */
  readonly tableName: string;
  /** The table's ARN. */
  readonly tableArn: string;
  private readonly kmsKey: IKmsKey;

  constructor(scope: Construct, id: string, props: StateLockTableProps) {
    super(scope, id);
    const table = new DynamodbTable(this, 'table', {
      provider: props.provider,
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKey.keyArn },
      deletionProtectionEnabled: true,
    });
    this.node.defaultChild = table;
    this.tableName = table.name;
    this.tableArn = table.arn;
    this.kmsKey = props.kmsKey;
  }

  /** Lets the role take and release locks (and use the table's key). */
  grantLocking(role: IRole): void {
    grantToRole(
      role,
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      [this.tableArn],
    );
    this.kmsKey.grantEncryptDecrypt(role);
  }
}
