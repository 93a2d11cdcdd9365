import { Construct } from 'constructs';
import { TerraformOutput, TerraformProvider } from 'cdktf';
import {
  alarmTopicName,
  EnvironmentConfig,
  githubApplyBoundaryName,
  githubRoleName,
  humanRoleName,
  LAYER_APPLY_SERVICES,
  LAYER_READS,
  LAYERS,
  LayerName,
  stateBucketName,
  stateLockTableName,
  stateReplicaBucketName,
  standardTags,
} from '@strata/config';
import { layerStateKeyPatterns, LayerStack, Naming } from '@strata/core';
import {
  AccessLogBucket,
  BucketReplication,
  GitHubDeploymentRoles,
  HumanRole,
  KmsKey,
  partitionOfRegion,
  PolicyStatement,
  SecureBucket,
  sessionStartStatements,
  StateLockTable,
} from '@strata/constructs';
import { sessionKeyAlias } from '@strata/constructs/vocabulary';

/** Terraform's S3-native lock object: the state key with this suffix (`use_lockfile`). */
const STATE_LOCK_SUFFIX = '.tflock';

/**
 * Publishing to the environment's alarm topics (primary region) and the use of their key
 * through SNS only: the delivery workflows' drift and failed-apply alerts.
 */
function alertPublishing(env: EnvironmentConfig): PolicyStatement[] {
  const region = env.primaryRegion.name;
  const partition = partitionOfRegion(region);
  const topics = (['critical', 'warning'] as const).map(
    (severity) =>
      `arn:${partition}:sns:${region}:${env.accountId}:${alarmTopicName(env, region, severity)}`,
  );
  return [
    { Effect: 'Allow', Action: 'sns:Publish', Resource: topics },
    {
      // The topics are SSE-KMS under a key of the observability layer; only SNS may use it here.
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: `arn:${partition}:kms:${region}:${env.accountId}:key/*`,
      Condition: { StringEquals: { 'kms:ViaService': `sns.${region}.amazonaws.com` } },
    },
  ];
}

export interface StateStackProps {
  readonly environment: EnvironmentConfig;
}

/**
 * Bootstrap of one environment: the state bucket and lock table every other stack's
 * backend points at, and the workflows' roles. Its own state lives in that bucket too, under
 * `state/<env>/<region>/terraform.tfstate`: the first apply uses a local file and moves it there
 * (`main.js bootstrap`, tools/src/delivery/bootstrap.ts), so the state survives any runner.
 */
export class StateStack extends LayerStack {
  readonly bucket: SecureBucket;
  readonly lockTable: StateLockTable;

  constructor(scope: Construct, id: string, props: StateStackProps) {
    const env = props.environment;
    super(scope, id, {
      environment: env,
      layer: 'state',
      region: env.primaryRegion.name,
    });
    const bucketName = stateBucketName(env);
    const key = this.stateKey(this.region, this.provider);

    const replica =
      env.state.replication && env.secondaryRegion
        ? this.replicaBucket(env.secondaryRegion.name)
        : undefined;
    const replication: BucketReplication | undefined = replica && {
      destinationBucket: replica.bucket,
      destinationKmsKey: replica.key,
      roleName: this.naming.name('tfstate-replication'),
      // A failover reads the replica: AWS's 15-minute replication SLA bounds what it may lack.
      replicationTimeControl: true,
    };

    this.bucket = new SecureBucket(this, 'state-bucket', {
      bucketName,
      kmsKey: key,
      accountId: env.accountId,
      // State history is the audit trail of every apply: keep old versions for a year.
      noncurrentVersionExpirationDays: 365,
      accessLogBucketName: this.accessLogBucket(this.naming, this.provider, bucketName)
        .logTargetName,
      replication,
    });
    this.lockTable = new StateLockTable(this, 'lock-table', {
      tableName: stateLockTableName(env),
      kmsKey: key,
    });

    // The workflows' identities: GitHub's OIDC provider (once per account) and the plan and
    // apply roles the delivery matrix names (tools/src/delivery/stack-matrix.ts).
    const repository = env.delivery.githubRepository;
    if (repository) {
      const github = new GitHubDeploymentRoles(this, 'github', {
        repository,
        githubEnvironment: env.name,
        planRoleName: githubRoleName(env, 'plan'),
        applyRoles: LAYERS.map((layer) => ({
          part: layer,
          roleName: githubRoleName(env, 'apply', layer),
          services: LAYER_APPLY_SERVICES[layer],
        })),
        applyBoundaryName: githubApplyBoundaryName(env),
        createProvider: env.observability.accountServices,
        // The apply roles' boundary denies deleting these: state history survives any run.
        protectedArns: {
          stateBuckets: [
            this.bucket.bucketArn,
            ...(replication ? [replication.destinationBucket.bucketArn] : []),
          ],
          lockTables: [this.lockTable.tableArn],
          stateKeys: [key.keyArn, ...(replication ? [replication.destinationKmsKey.keyArn] : [])],
        },
      });
      const stateBuckets = [this.bucket, ...(replica ? [replica.bucket] : [])];
      // Plans read state and take its lock (the `.tflock` objects and the table); they can
      // write or delete no state object. Grants include the state key's use. The same holds
      // for the replica, which plans read while the state is failed over.
      for (const bucket of stateBuckets) {
        bucket.grantRead(github.planRole);
        bucket.grantReadWrite(github.planRole, { keyPattern: `*${STATE_LOCK_SUFFIX}` });
      }
      this.lockTable.grantLocking(github.planRole);
      // Each apply role reads the states its layer reads and writes only its own (with their
      // lock objects); the explicit deny keeps a role whose layer manages buckets (s3:*) off
      // every other layer's state.
      const patterns = (layers: readonly LayerName[]) =>
        layers.flatMap((other) => layerStateKeyPatterns(env.name, other));
      for (const layer of LAYERS) {
        const role = github.applyRoles[layer];
        const others = LAYERS.filter((other) => other !== layer);
        const unread = others.filter((other) => !LAYER_READS[layer].includes(other));
        stateBuckets.forEach((bucket, index) => {
          for (const pattern of patterns(LAYER_READS[layer])) {
            bucket.grantRead(role, { keyPattern: pattern });
          }
          for (const pattern of patterns([layer])) {
            bucket.grantReadWrite(role, { keyPattern: pattern });
          }
          role.addToPolicy({
            Sid: `OtherLayersState${index}`,
            Effect: 'Deny',
            Action: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
            Resource: patterns(others).map((pattern) => bucket.arnForObjects(pattern)),
          });
          if (unread.length > 0) {
            role.addToPolicy({
              Sid: `UnreadLayersState${index}`,
              Effect: 'Deny',
              Action: ['s3:GetObject', 's3:GetObjectVersion'],
              Resource: patterns(unread).map((pattern) => bucket.arnForObjects(pattern)),
            });
          }
        });
        this.lockTable.grantLocking(role);
      }
      // Drift and failed applies alert on-call through the observability layer's topics.
      alertPublishing(env).forEach((statement) => github.planRole.addToPolicy(statement));
    }

    this.humanRoles();

    new TerraformOutput(this, 'state_bucket', { value: this.bucket.bucketName });
    new TerraformOutput(this, 'lock_table', { value: this.lockTable.tableName });
    new TerraformOutput(this, 'state_kms_key_arn', { value: key.keyArn });
  }

  /**
   * The roles people assume, with MFA: the viewer sees metadata (no data) and the cluster's
   * objects; the operator also opens shells on this environment's nodes (its tags) in each
   * region, and administers the cluster (the cluster stack's access entries).
   */
  private humanRoles(): void {
    const env = this.environment;
    const viewOnly = ['job-function/ViewOnlyAccess'];
    new HumanRole(this, 'viewer', {
      roleName: humanRoleName(env, 'viewer'),
      managedPolicies: viewOnly,
    });
    const tags = standardTags(env, 'cluster');
    new HumanRole(this, 'operator', {
      roleName: humanRoleName(env, 'operator'),
      managedPolicies: viewOnly,
      statements: sessionStartStatements(this, {
        sessionKeyAliases: Object.fromEntries(
          env.regions.map((region) => [region.name, sessionKeyAlias(this.namingFor(region.name))]),
        ),
        nodeTags: { Project: tags.Project, Environment: tags.Environment },
      }),
    });
  }

  private stateKey(region: string, provider: TerraformProvider): KmsKey {
    return new KmsKey(this, `state-key-${region}`, {
      provider,
      description: `Terraform state of ${this.environment.name} (${region})`,
      alias: this.namingFor(region).name('tfstate'),
      accountId: this.environment.accountId,
    });
  }

  /** Server access logs of a state bucket (SSE-S3: see AccessLogBucket). */
  private accessLogBucket(
    naming: Naming,
    provider: TerraformProvider,
    sourceBucketName: string,
  ): AccessLogBucket {
    return new AccessLogBucket(this, `access-logs-${naming.region}`, {
      provider,
      bucketName: naming.bucketName('tfstate-logs', this.environment.accountId),
      sourceBucketNames: [sourceBucketName],
      accountId: this.environment.accountId,
    });
  }

  /** Replica of the state bucket in the secondary region, under its own key. */
  private replicaBucket(region: string): { bucket: SecureBucket; key: KmsKey } {
    const provider = this.providerFor(region);
    const accountId = this.environment.accountId;
    const replicaName = stateReplicaBucketName(this.environment);
    const key = this.stateKey(region, provider);
    const bucket = new SecureBucket(this, 'state-replica-bucket', {
      provider,
      bucketName: replicaName,
      kmsKey: key,
      accountId,
      noncurrentVersionExpirationDays: 365,
      accessLogBucketName: this.accessLogBucket(this.namingFor(region), provider, replicaName)
        .logTargetName,
    });
    return { bucket, key };
  }
}
