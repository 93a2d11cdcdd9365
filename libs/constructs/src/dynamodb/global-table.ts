import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { autoscaleTableAndIndex, CapacityLimits } from './table-autoscaling';
import { IKmsKey } from '../kms/kms-key';
import { grantToRole, IRole } from '../iam/grant';

/** Provisioned capacity kept at the target utilisation between these limits. */
export interface ProvisionedCapacity {
  /** Read capacity. */
  readonly readCapacity: CapacityLimits;
  /** Write capacity. */
  readonly writeCapacity: CapacityLimits;
}

/** Properties of {@link GlobalTable}. */
export interface GlobalTableProps {
  /** The table's name. */
  readonly tableName: string;
  /** The KMS key that encrypts it. */
  readonly kmsKey: IKmsKey;
  /** @default on-demand (pay per request) */
  readonly provisioned?: ProvisionedCapacity;
  /**
   * Stream the table's changes (new and old images). Replicas in other regions need it;
   * they are added with TableReplica from the replica region's own stack.
   * @default false
   */
  readonly replicated?: boolean;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Tags on the table, e.g. the AWS Backup selection tag. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** The one secondary index of the single-table design. */
export const GLOBAL_TABLE_INDEX = 'gsi1';

/**
 * A single-table-design DynamoDB table (`pk`/`sk`, one overloaded index, `expiresAt` TTL)
 * with point-in-time recovery, a customer-managed key, deletion protection and either
 * on-demand billing or target-tracking autoscaling. Ready to be a global table.
 */
export class GlobalTable extends Construct implements ITable {
  /** The table's name. */
  readonly tableName: string;
  /** The table's ARN. */
  readonly tableArn: string;
  /** The stream's ARN. */
  readonly streamArn: string;
  /** The table resource (escape hatch). */
  readonly table: DynamodbTable;
  private readonly kmsKey: IKmsKey;

  /**
   * A reference to a table by ARN, e.g. from a layer contract.
   * @param kmsKey the table's key, when known: grants then include its use
   */
  static fromTableArn(scope: Construct, id: string, tableArn: string, kmsKey?: IKmsKey): ITable {
    return new ImportedTable(scope, id, tableArn, kmsKey);
  }

  constructor(scope: Construct, id: string, props: GlobalTableProps) {
    super(scope, id);
    this.kmsKey = props.kmsKey;
    const provisioned = props.provisioned;
    const initial = provisioned
      ? { readCapacity: provisioned.readCapacity.min, writeCapacity: provisioned.writeCapacity.min }
      : {};
    const table = new DynamodbTable(this, 'table', {
      provider: props.provider,
      name: props.tableName,
      billingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
      ...initial,
      hashKey: 'pk',
      rangeKey: 'sk',
      attribute: [
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'S' },
        { name: 'gsi1pk', type: 'S' },
        { name: 'gsi1sk', type: 'S' },
      ],
      globalSecondaryIndex: [
        {
          name: GLOBAL_TABLE_INDEX,
          hashKey: 'gsi1pk',
          rangeKey: 'gsi1sk',
          projectionType: 'ALL',
          ...initial,
        },
      ],
      ttl: { attributeName: 'expiresAt', enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKey.keyArn },
      deletionProtectionEnabled: props.deletionProtection ?? true,
      streamEnabled: props.replicated ?? false,
      streamViewType: props.replicated ? 'NEW_AND_OLD_IMAGES' : undefined,
      tags: props.tags,
      lifecycle: {
        ignoreChanges: [
          // Replicas belong to the replica region's stack (TableReplica).
          'replica',
          // Autoscaling owns the provisioned capacity once the table exists.
          ...(provisioned ? ['read_capacity', 'write_capacity', 'global_secondary_index'] : []),
        ],
      },
    });
    if (provisioned) {
      autoscaleTableAndIndex(this, {
        provider: props.provider,
        tableName: table.name,
        indexName: GLOBAL_TABLE_INDEX,
        ...provisioned,
      });
    }
    this.table = table;
    this.node.defaultChild = table;
    this.tableName = table.name;
    this.tableArn = table.arn;
    this.streamArn = table.streamArn;
  }
  grantReadData(role: IRole): void {
    grantToRole(role, READ_DATA_ACTIONS, tableResources(this.tableArn));
    this.kmsKey.grantDecrypt(role);
  }

  grantReadWriteData(role: IRole): void {
    grantToRole(role, [...READ_DATA_ACTIONS, ...WRITE_DATA_ACTIONS], tableResources(this.tableArn));
    this.kmsKey.grantEncryptDecrypt(role);
  }
}

const READ_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const WRITE_DATA_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** The table and its indexes. */
const tableResources = (tableArn: string) => [tableArn, `${tableArn}/index/*`];

/** A table that grants give a role access to: defined here or imported. */
export interface ITable {
  /** The table's ARN. */
  readonly tableArn: string;
  /** Lets the role read items (and, for a table defined here, decrypt with its key). */
  grantReadData(role: IRole): void;
  /** Lets the role read and write items (and use the key of a table defined here). */
  grantReadWriteData(role: IRole): void;
}

/** A table defined elsewhere: grants cover its key only when the reference names it. */
class ImportedTable extends Construct implements ITable {
  constructor(
    scope: Construct,
    id: string,
    /** The table's ARN. */
    readonly tableArn: string,
    private readonly kmsKey?: IKmsKey,
  ) {
    super(scope, id);
  }

  grantReadData(role: IRole): void {
    grantToRole(role, READ_DATA_ACTIONS, tableResources(this.tableArn));
    this.kmsKey?.grantDecrypt(role);
  }

  grantReadWriteData(role: IRole): void {
    grantToRole(role, [...READ_DATA_ACTIONS, ...WRITE_DATA_ACTIONS], tableResources(this.tableArn));
    this.kmsKey?.grantEncryptDecrypt(role);
  }
}
