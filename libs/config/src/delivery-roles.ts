import type { LayerName } from './environment-enums';

/**
 * The AWS services (IAM action prefixes) each layer's apply role may call: the services of
 * the resources and data sources its stacks synthesize, plus the calls AWS makes with the
 * caller's rights on their behalf. Exactly what the synthesized output needs, no more:
 * tools/src/delivery/apply-services.spec.ts derives these sets from every stack of every
 * environment and fails on any difference, so a new resource type in a layer fails the test
 * command until its service is added here (and a type no layer uses any more, until removed).
 * State (the bucket, its key, the lock) is granted separately, per layer's own state keys.
 */
export const LAYER_APPLY_SERVICES: Readonly<Record<LayerName, readonly string[]>> = {
  state: ['dynamodb', 'iam', 'kms', 's3'],
  network: ['codebuild', 'codeconnections', 'ec2', 'iam', 'kms', 'logs'],
  cluster: [
    'aps',
    'ec2',
    'ecr',
    'eks',
    'events',
    'iam',
    'kms',
    'logs',
    's3',
    'scheduler',
    'secretsmanager',
    'sqs',
  ],
  data: [
    'application-autoscaling',
    'backup',
    'backup-storage',
    'dax',
    'dynamodb',
    'ec2',
    'elasticache',
    'es',
    'events',
    'firehose',
    'iam',
    'kafka',
    'kms',
    'lambda',
    'logs',
    'rds',
    's3',
    'secretsmanager',
    'sqs',
    'ssm',
  ],
  edge: [
    'acm',
    'cloudfront',
    'cloudwatch',
    'ec2',
    'elasticloadbalancing',
    'kms',
    'logs',
    'route53',
    'wafv2',
  ],
  observability: [
    'access-analyzer',
    'budgets',
    'ce',
    'cloudtrail',
    'cloudwatch',
    'config',
    'events',
    'guardduty',
    'iam',
    'inspector2',
    'kms',
    'lambda',
    'logs',
    's3',
    'securityhub',
    'sns',
    'synthetics',
    'xray',
  ],
};

/**
 * Layers whose stacks change Kubernetes objects (Helm releases, manifests): their apply role
 * gets a cluster-admin access entry. Checked against the synthesized stacks like the services.
 */
export const CLUSTER_ADMIN_LAYERS: readonly LayerName[] = ['cluster', 'edge'];

/** The layer whose apply role runs the regional failover drill (it owns the runbook). */
export const DRILL_LAYER: LayerName = 'data';
