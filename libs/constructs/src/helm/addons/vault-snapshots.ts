import { Construct } from 'constructs';
import { workloadRole } from '../../eks/workload-role';
import { KmsKey } from '../../kms/kms-key';
import { SecureBucket } from '../../s3/secure-bucket';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { BundledChart, HelmAddon } from '../helm-addon';
import { localChart } from '../local-chart';
import { ContainerResources, containerResources } from '../resources';
import { ChartLabels, DEFAULT_CHART_LABELS, mergeValues, ServiceAccountValues } from '../values';
import { KubePrometheusStackAddon } from './kube-prometheus-stack';
import { VAULT_IMAGE, VAULT_NAMESPACE, VAULT_TLS_SECRET, VaultAddon } from './vault';

/**
 * Who may take Vault's raft snapshots, spelt once for both sides: the chart's CronJob logs in
 * with them, and `vault-snapshot-access` (tools/src/vault) writes them into Vault.
 */
export const VAULT_SNAPSHOT_ACCESS = {
  /** The Kubernetes auth method's mount path. */
  authPath: 'kubernetes',
  /** The auth role the job logs in with. */
  role: 'raft-snapshot',
  /** The ACL policy the role's tokens carry. */
  policy: 'raft-snapshot',
  /** The job's service account, the only one the role accepts. */
  serviceAccount: 'vault-snapshot',
  /** The namespace that account lives in. */
  namespace: VAULT_NAMESPACE,
  /** The audience of the job's token: a token for anything else is refused. */
  audience: 'vault',
  /** Lifetime of the Vault token a login gives (a run takes seconds; it revokes its own). */
  tokenTtl: '5m',
} as const;

/** The one thing a snapshot token may do: read (take) a raft snapshot. */
export const VAULT_SNAPSHOT_POLICY = `path "sys/storage/raft/snapshot" {
  capabilities = ["read"]
}
`;

/**
 * The AWS CLI image that uploads each snapshot: release 2.36.7 (tag 2.36.7 of aws/aws-cli,
 * 2026-07-23), from AWS's own public registry.
 */
export const AWS_CLI_IMAGE = 'public.ecr.aws/aws-cli/aws-cli:2.36.7';

/** Where the active Vault server answers inside the cluster (the chart's `vault-active` Service). */
export const VAULT_ACTIVE_ADDRESS = `https://vault-active.${VAULT_NAMESPACE}.svc:8200`;

/** Key prefix of the snapshots in their bucket. */
export const VAULT_SNAPSHOT_PREFIX = 'raft/';

/**
 * Every four minutes: the seeds' RPO is under five minutes, and a run (login, snapshot, check,
 * upload) takes seconds.
 */
const SCHEDULE = '*/4 * * * *';

/** Values of `charts/vault-snapshots`. */
export interface VaultSnapshotsValues {
  /** The CronJob's (and its alert's) name. */
  readonly name: string;
  /** When a snapshot is taken, as a cron expression (UTC). */
  readonly schedule: string;
  /** Seconds a run may take before Kubernetes stops it. */
  readonly deadlineSeconds: number;
  /** Seconds without a successful run before `VaultRaftSnapshotMissing` fires. */
  readonly alertAfterSeconds: number;
  /** The job's service account (VAULT_SNAPSHOT_ACCESS.serviceAccount), which the chart always creates. */
  readonly serviceAccount: Omit<ServiceAccountValues, 'create'>;
  /** The Vault side. */
  readonly vault: {
    /** The Vault image whose CLI takes the snapshot: the servers' own. */
    readonly image: string;
    /** The active server's address. */
    readonly address: string;
    /** The Secret whose `ca.crt` signed Vault's serving certificate. */
    readonly caSecret: string;
    /** The Kubernetes auth method's mount path. */
    readonly authPath: string;
    /** The auth role. */
    readonly role: string;
    /** The audience of the projected token the job presents. */
    readonly audience: string;
  };
  /** The S3 side. */
  readonly upload: {
    /** The AWS CLI image. */
    readonly image: string;
    /** The bucket's region. */
    readonly region: string;
    /** The snapshot bucket. */
    readonly bucket: string;
    /** Key prefix of the snapshots. */
    readonly prefix: string;
    /** The bucket's KMS key, which each upload names. */
    readonly kmsKeyArn: string;
  };
  /** Each container's resources. */
  readonly resources: ContainerResources;
  /** The platform's name as the chart spells it. @default DEFAULT_CHART_LABELS */
  readonly labels: ChartLabels;
}

/** Properties of {@link VaultSnapshotsAddon}. */
export interface VaultSnapshotsProps extends AddonProps<VaultSnapshotsValues> {
  /** Name of the IAM role the job's service account gets. */
  readonly roleName: string;
  /** The snapshot bucket (created here, KMS-encrypted with its own key). */
  readonly bucketName: string;
  /** Alias (without `alias/`) of the bucket's key. */
  readonly keyAlias: string;
  /** Server access logs of the bucket go there. */
  readonly accessLogBucketName: string;
  /** Days a snapshot is kept in the bucket; longer-lived copies are AWS Backup's. @default 7 */
  readonly retentionDays?: number;
  /**
   * Tags on the bucket, e.g. the AWS Backup selection tag, so a backup plan keeps it in its tiers
   * and copies it to the other region. @default none
   */
  readonly bucketTags?: Readonly<Record<string, string>>;
  /** @default charts/vault-snapshots of this repository */
  readonly chart?: BundledChart;
}

/**
 * Consistent raft snapshots of Vault every four minutes into a KMS-encrypted bucket of their own
 * (Velero's takes no foreign top-level folders), through a Pod Identity role that may only put
 * objects under the snapshot prefix. A snapshot, unlike the hourly volume snapshot, restores
 * into any new Vault cluster (`vault operator raft snapshot restore -force`).
 *
 * Vault must have the access VAULT_SNAPSHOT_ACCESS names (written once after `vault operator
 * init`, docs/cluster.md); until then every run fails and `VaultRaftSnapshotMissing` fires.
 */
export class VaultSnapshotsAddon extends HelmAddon<VaultSnapshotsValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'vault-snapshots';
  /** The bucket the snapshots are written to. */
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: VaultSnapshotsProps) {
    const { context } = props;
    const provider = context.awsProvider;
    const key = new KmsKey(scope, `${id}-key`, {
      provider,
      description: `Vault raft snapshots of ${context.clusterName}`,
      alias: props.keyAlias,
      accountId: context.accountId,
      usableOnlyVia: ['s3'],
    });
    const bucket = new SecureBucket(scope, `${id}-bucket`, {
      provider,
      bucketName: props.bucketName,
      kmsKey: key,
      accessLogBucketName: props.accessLogBucketName,
      accountId: context.accountId,
      temporaryObjects: {
        prefix: VAULT_SNAPSHOT_PREFIX,
        expireAfterDays: props.retentionDays ?? 7,
      },
      // Snapshots are never overwritten (each key is its time); a deleted one goes after a day.
      noncurrentVersionExpirationDays: 1,
      tags: props.bucketTags,
    });
    const { role, serviceAccountAnnotations } = workloadRole(scope, `${id}-role`, {
      provider,
      roleName: props.roleName,
      identity: workloadIdentityOf(context),
      namespace: VAULT_SNAPSHOT_ACCESS.namespace,
      serviceAccount: VAULT_SNAPSHOT_ACCESS.serviceAccount,
      statements: [],
    });
    // Put only, under the prefix: the job can neither read nor delete a snapshot.
    bucket.grantPut(role, { keyPattern: `${VAULT_SNAPSHOT_PREFIX}*`, sid: 'PutSnapshots' });

    const defaults: VaultSnapshotsValues = {
      name: 'vault-raft-snapshot',
      schedule: SCHEDULE,
      deadlineSeconds: 180,
      // Three missed runs.
      alertAfterSeconds: 15 * 60,
      serviceAccount: {
        name: VAULT_SNAPSHOT_ACCESS.serviceAccount,
        annotations: serviceAccountAnnotations,
      },
      vault: {
        image: `${VAULT_IMAGE.repository}:${VAULT_IMAGE.tag}`,
        address: VAULT_ACTIVE_ADDRESS,
        caSecret: VAULT_TLS_SECRET,
        authPath: VAULT_SNAPSHOT_ACCESS.authPath,
        role: VAULT_SNAPSHOT_ACCESS.role,
        audience: VAULT_SNAPSHOT_ACCESS.audience,
      },
      upload: {
        image: AWS_CLI_IMAGE,
        region: context.region,
        bucket: bucket.bucketName,
        prefix: VAULT_SNAPSHOT_PREFIX,
        kmsKeyArn: key.keyArn,
      },
      resources: containerResources('50m', '64Mi'),
      labels: DEFAULT_CHART_LABELS,
    };
    super(scope, id, {
      addonName: VaultSnapshotsAddon.ADDON_NAME,
      namespace: VAULT_SNAPSHOT_ACCESS.namespace,
      chart: props.chart ?? localChart(scope, 'vault-snapshots'),
      values: mergeValues(defaults, props.values),
      dependencies: [
        {
          addon: VaultAddon.ADDON_NAME,
          reason: `it runs the servers and issues the ${VAULT_TLS_SECRET} CA the job trusts`,
        },
        {
          addon: KubePrometheusStackAddon.ADDON_NAME,
          reason: 'PrometheusRule is a Prometheus Operator resource',
        },
      ],
      context,
      dependsOn: role.resources,
    });
    this.bucket = bucket;
  }
}
