import { CANARY_NAME_LIMIT, DAX_NAME_LIMIT } from '@strata/constructs/vocabulary';
import { regionCode } from './aws-regions';

export { CANARY_NAME_LIMIT, DAX_NAME_LIMIT };
import type { EnvironmentConfig } from './environment';
import type { LayerName } from './environment-enums';

/**
 * Longest allowed `<project>-<env>-<region code>` prefix. With a purpose suffix of up to
 * 11 characters every name stays within the tightest AWS limit Strata meets
 * (32 characters for load balancers, target groups and some cache ids).
 */
export const NAME_PREFIX_LIMIT = 20;

/** The project name resources are prefixed with when an environment names none. */
export const DEFAULT_PROJECT = 'strata';

/** `strata-prod-use1`: the prefix of every regional resource name. */
export function namePrefix(
  env: Pick<EnvironmentConfig, 'project' | 'name'>,
  region: string,
): string {
  return `${env.project}-${env.name}-${regionCode(region)}`;
}

/** State bucket: one per environment, in its primary region; globally unique via the account id. */
export function stateBucketName(env: EnvironmentConfig): string {
  return `${namePrefix(env, env.primaryRegion.name)}-tfstate-${env.accountId}`;
}

/**
 * The IAM role GitHub Actions assumes in an environment: `plan` (every stack, read-only) or
 * `apply` with the layer whose stacks it applies (one role per layer, LAYER_APPLY_SERVICES).
 */
export function githubRoleName(
  env: Pick<EnvironmentConfig, 'project' | 'name'>,
  purpose: 'plan',
): string;
export function githubRoleName(
  env: Pick<EnvironmentConfig, 'project' | 'name'>,
  purpose: 'apply',
  layer: LayerName,
): string;
export function githubRoleName(
  env: Pick<EnvironmentConfig, 'project' | 'name'>,
  purpose: 'plan' | 'apply',
  layer?: LayerName,
): string {
  return `${env.project}-${env.name}-github-${purpose}${layer ? `-${layer}` : ''}`;
}

/**
 * The roles people assume in an environment, with MFA: `operator` (shells on the nodes,
 * cluster-admin) and `viewer` (metadata and the cluster's objects, no data).
 */
export const HUMAN_ROLE_KINDS = ['operator', 'viewer'] as const;
/** One of `HUMAN_ROLE_KINDS`. */
export type HumanRoleKind = (typeof HUMAN_ROLE_KINDS)[number];

/** The IAM role people assume in an environment as `kind`. */
export function humanRoleName(
  env: Pick<EnvironmentConfig, 'project' | 'name'>,
  kind: HumanRoleKind,
): string {
  return `${env.project}-${env.name}-${kind}`;
}

/** The permissions boundary every apply role of an environment carries. */
export function githubApplyBoundaryName(env: Pick<EnvironmentConfig, 'project' | 'name'>): string {
  return `${env.project}-${env.name}-github-apply-boundary`;
}

/** The Aurora global database of a replicated environment (one per environment). */
export function globalDatabaseIdentifier(env: Pick<EnvironmentConfig, 'project' | 'name'>): string {
  return `${env.project}-${env.name}-platform`;
}

/**
 * The MSK Replicator of a replicated environment's secondary region (the data layer creates
 * it, the observability layer alarms on its metrics, which carry this name).
 */
export function kafkaReplicatorName(
  env: Pick<EnvironmentConfig, 'project' | 'name'>,
  region: string,
): string {
  return `${namePrefix(env, region)}-events-replication`;
}

/** The regional failover runbook (SSM Automation) of a region: it moves the writer there. */
export function failoverRunbookName(
  env: Pick<EnvironmentConfig, 'project' | 'name'>,
  region: string,
): string {
  return `${namePrefix(env, region)}-regional-failover`;
}

/**
 * The CodeBuild project that hosts the delivery workflows' runner inside a region's VPC (one
 * per region, so a region's private cluster endpoint is reached without the other region);
 * workflow jobs ask for it as `codebuild-<name>-<run id>-<attempt>`.
 */
export function githubRunnerProjectName(
  env: Pick<EnvironmentConfig, 'project' | 'name'>,
  region: string,
): string {
  return `${namePrefix(env, region)}-gha-runner`;
}

/**
 * The alarm topic of one severity in a region (the observability layer creates it): every
 * alarm there notifies it, and so do the delivery workflows' drift and failed-apply alerts.
 */
export function alarmTopicName(
  env: Pick<EnvironmentConfig, 'project' | 'name'>,
  region: string,
  severity: 'critical' | 'warning',
): string {
  return `${namePrefix(env, region)}-alarms-${severity}`;
}

/** DynamoDB table that serializes Terraform runs against the state bucket. */
export function stateLockTableName(env: EnvironmentConfig): string {
  return `${namePrefix(env, env.primaryRegion.name)}-tflock`;
}

/** The state bucket's replica in the secondary region (`state.replication`). */
export function stateReplicaBucketName(env: EnvironmentConfig): string {
  return `${namePrefix(env, replicaRegion(env))}-tfstate-replica-${env.accountId}`;
}

function replicaRegion(env: EnvironmentConfig): string {
  if (!env.secondaryRegion) {
    throw new Error(`${env.sourceFile}: state has no replica without regions.secondary`);
  }
  return env.secondaryRegion.name;
}

/** Where an environment's stacks keep their state now (`state.activeRegion`). */
export interface StateLocation {
  /** The state bucket's name. */
  readonly bucket: string;
  /** The bucket's region. */
  readonly region: string;
  /**
   * The DynamoDB lock table, in the primary region only. After a failover the S3 lock objects
   * in the replica bucket (`use_lockfile`) are the lock: nothing in the lost region is needed.
   */
  readonly lockTable?: string;
}

/** The primary bucket and lock table, or the replica when the state is failed over. */
export function stateLocation(
  env: EnvironmentConfig,
  side: 'primary' | 'secondary' = env.state.activeRegion,
): StateLocation {
  if (side === 'secondary') {
    return { bucket: stateReplicaBucketName(env), region: replicaRegion(env) };
  }
  return {
    bucket: stateBucketName(env),
    region: env.primaryRegion.name,
    lockTable: stateLockTableName(env),
  };
}

/**
 * DAX cluster name: `<env>-<region code>-dax`. The project prefix is left out because
 * DAX allows only 20 characters and the name is already unique per account and region.
 */
export function daxClusterName(env: Pick<EnvironmentConfig, 'name'>, region: string): string {
  return `${env.name}-${regionCode(region)}-dax`;
}

/**
 * What a canary checks: its own region's API host, the routed API host, or (`peer`, from the
 * secondary region of a replicated environment) the primary region's own API host.
 */
export type CanaryTarget = 'api' | 'routed' | 'peer';

/** Canary name: `<env>-<region code>-<target>`, e.g. `prod-use1-routed`. */
export function canaryName(
  env: Pick<EnvironmentConfig, 'name'>,
  region: string,
  target: CanaryTarget,
): string {
  return `${env.name}-${regionCode(region)}-${target}`;
}
