import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';

/** The range autoscaling keeps capacity in. */
export interface CapacityLimits {
  /** The least capacity units. */
  readonly min: number;
  /** The most capacity units. */
  readonly max: number;
}

/** Properties of {@link TableAutoscaling}. */
export interface TableAutoscalingProps {
  /** `table/<name>` or `table/<name>/index/<index>`. */
  readonly resourceId: string;
  /** `table` or `index`, which selects the scalable dimensions. */
  readonly level: 'table' | 'index';
  /** Read capacity. */
  readonly readCapacity: CapacityLimits;
  /** Write capacity. */
  readonly writeCapacity: CapacityLimits;
  /** @default 70: headroom for a burst while new capacity arrives */
  readonly targetUtilizationPercent?: number;
  /** What must exist first when resourceId is a plain name (a replica created alongside). */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

const METRIC = {
  read: 'DynamoDBReadCapacityUtilization',
  write: 'DynamoDBWriteCapacityUtilization',
} as const;

/** Target-tracking autoscaling of read and write capacity for a table or one of its indexes. */
export class TableAutoscaling extends Construct {
  constructor(scope: Construct, id: string, props: TableAutoscalingProps) {
    super(scope, id);
    const limits = { read: props.readCapacity, write: props.writeCapacity };
    for (const kind of ['read', 'write'] as const) {
      const unit = kind === 'read' ? 'ReadCapacityUnits' : 'WriteCapacityUnits';
      const target = new AppautoscalingTarget(this, `${kind}-target`, {
        provider: props.provider,
        serviceNamespace: 'dynamodb',
        resourceId: props.resourceId,
        scalableDimension: `dynamodb:${props.level}:${unit}`,
        minCapacity: limits[kind].min,
        maxCapacity: limits[kind].max,
        dependsOn: props.dependsOn,
      });
      new AppautoscalingPolicy(this, `${kind}-policy`, {
        provider: props.provider,
        name: `${props.resourceId.replace(/\//g, '-')}-${kind}`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        resourceId: target.resourceId,
        scalableDimension: target.scalableDimension,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: props.targetUtilizationPercent ?? 70,
          predefinedMetricSpecification: { predefinedMetricType: METRIC[kind] },
        },
      });
    }
  }
}

/**
 * Autoscaling of a single-table-design table and each of its indexes, with the same limits,
 * as construct ids `autoscaling` and `index-autoscaling` (one index) under `scope`.
 */
export function autoscaleTableAndIndex(
  scope: Construct,
  props: {
    /** The table. */
    readonly tableName: string;
    /** The index. */
    readonly indexName: string;
    /** Read capacity. */
    readonly readCapacity: CapacityLimits;
    /** Write capacity. */
    readonly writeCapacity: CapacityLimits;
    /** What the targets wait for (the table). @default none */
    readonly dependsOn?: ITerraformDependable[];
    /**
     * The AWS provider the resources are created with (their account and region). @default the
     * stack's default AWS provider
     */
    readonly provider?: TerraformProvider;
  },
): void {
  const { tableName, indexName, ...common } = props;
  new TableAutoscaling(scope, 'autoscaling', {
    ...common,
    resourceId: `table/${tableName}`,
    level: 'table',
  });
  new TableAutoscaling(scope, 'index-autoscaling', {
    ...common,
    resourceId: `table/${tableName}/index/${indexName}`,
    level: 'index',
  });
}
