import { Construct } from 'constructs';
import { workloadRole } from '../../eks/workload-role';
import { KmsKey } from '../../kms/kms-key';
import { SecureBucket } from '../../s3/secure-bucket';
import { arnOf } from '../../scope/aws-environment';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { mergeValues } from '../values';
import { RUNTIME_DEFAULT_SECCOMP } from './istio';
import { KubePrometheusStackAddon } from './kube-prometheus-stack';
import { VAULT_NAMESPACE } from './vault';

export const VELERO_CHART: RepositoryChart = {
  chart: 'velero',
  repository: 'https://vmware-tanzu.github.io/helm-charts',
  version: '12.1.0',
};

/** The AWS object-store and EBS snapshot plugin paired with Velero 1.18 (the chart's app). */
export const VELERO_AWS_PLUGIN_IMAGE = 'docker.io/velero/velero-plugin-for-aws:v1.14.2';

export const VELERO_NAMESPACE = 'velero';
const SERVICE_ACCOUNT = 'velero-server';
/** The distroless images' non-root user. */
const NONROOT = 65532;

const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
} as const;

interface VeleroSchedule {
  readonly schedule: string;
  readonly template: {
    readonly ttl: string;
    readonly includedNamespaces: readonly string[];
    readonly snapshotVolumes: boolean;
    readonly storageLocation: string;
    readonly volumeSnapshotLocations: readonly string[];
  };
}

export interface VeleroValues {
  readonly initContainers: ReadonlyArray<{
    readonly name: string;
    readonly image: string;
    readonly volumeMounts: ReadonlyArray<{ readonly mountPath: string; readonly name: string }>;
    readonly securityContext: typeof CONTAINER_SECURITY_CONTEXT;
    readonly resources: ContainerResources;
  }>;
  readonly podSecurityContext: {
    readonly runAsNonRoot: boolean;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly fsGroup: number;
    readonly seccompProfile: typeof RUNTIME_DEFAULT_SECCOMP;
  };
  readonly containerSecurityContext: typeof CONTAINER_SECURITY_CONTEXT;
  readonly resources: ContainerResources;
  readonly upgradeJobResources: ContainerResources;
  /** Labels of the CRD upgrade job and its pod. */
  readonly kubectl: { readonly labels: Readonly<Record<string, string>> };
  readonly configuration: {
    readonly backupStorageLocation: ReadonlyArray<{
      readonly name: string;
      readonly provider: 'aws';
      readonly bucket: string;
      readonly default: boolean;
      readonly config: Readonly<Record<string, string>>;
    }>;
    readonly volumeSnapshotLocation: ReadonlyArray<{
      readonly name: string;
      readonly provider: 'aws';
      readonly config: Readonly<Record<string, string>>;
    }>;
    readonly defaultBackupTTL: string;
  };
  readonly credentials: { readonly useSecret: boolean };
  readonly serviceAccount: {
    readonly server: {
      readonly create: boolean;
      readonly name: string;
      readonly annotations: Readonly<Record<string, string>>;
    };
  };
  readonly snapshotsEnabled: boolean;
  /** File-system backup runs a privileged node agent; EBS snapshots need none. */
  readonly deployNodeAgent: boolean;
  readonly metrics: {
    readonly enabled: boolean;
    readonly serviceMonitor: { readonly enabled: boolean; readonly autodetect: boolean };
    readonly prometheusRule: {
      readonly enabled: boolean;
      readonly autodetect: boolean;
      readonly spec: ReadonlyArray<{
        readonly alert: string;
        readonly expr: string;
        readonly for: string;
        readonly labels: { readonly severity: 'critical' | 'warning' };
        readonly annotations: { readonly summary: string };
      }>;
    };
  };
  readonly schedules: Readonly<Record<string, VeleroSchedule>>;
}

export interface VeleroProps extends AddonProps<VeleroValues> {
  readonly roleName: string;
  /** The bucket Velero writes backups to (created here, KMS-encrypted with its own key). */
  readonly bucketName: string;
  /** Alias (without `alias/`) of the bucket's key. */
  readonly keyAlias: string;
  /** Server access logs of the bucket go there. */
  readonly accessLogBucketName: string;
  /** Key of the EBS volumes: restoring a snapshot creates a volume under it. */
  readonly volumeKmsKeyArn: string;
  /** Days a daily cluster backup is kept. @default 30 */
  readonly retentionDays?: number;
}

/** Every hour: Vault's raft data changes with every secret written. */
const VAULT_SCHEDULE = '17 * * * *';
const DAILY_SCHEDULE = '7 3 * * *';

/**
 * Velero: daily backups of every namespace's objects and EBS volume snapshots, and hourly
 * snapshots of Vault's raft volume (crash-consistent: raft's log and BoltDB recover from a
 * point-in-time copy), to a KMS-encrypted, versioned bucket through a Pod Identity role limited to
 * that bucket, its key and the EC2 snapshot calls. Alerts fire when a scheduled backup fails
 * or none has succeeded for longer than its schedule allows.
 */
export class VeleroAddon extends HelmAddon<VeleroValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'velero';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [
      {
        path: ['configuration', 'backupStorageLocation'],
        reason: "the AWS plugin's location config keys (region, kmsKeyId, ...) are free-form",
      },
      {
        path: ['configuration', 'volumeSnapshotLocation'],
        reason: "the AWS plugin's snapshot location config keys are free-form",
      },
      { path: ['initContainers'], reason: 'plugin containers are rendered as written' },
      {
        path: ['upgradeJobResources'],
        reason: "rendered as the CRD upgrade job's container resources",
      },
      { path: ['podSecurityContext'], reason: 'rendered as the pod securityContext' },
      { path: ['containerSecurityContext'], reason: 'rendered as the container securityContext' },
      { path: ['schedules'], reason: 'schedules are keyed by name, each a Velero Schedule' },
      { path: ['metrics', 'prometheusRule', 'spec'], reason: 'alerting rules as written' },
    ],
    kubeScoreIgnores: {
      'deployment-has-poddisruptionbudget':
        'Velero runs one server by design (it has no leader election); a budget of one would block every node drain',
      'deployment-has-host-podantiaffinity': 'Velero runs one server by design',
    },
  };
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, props: VeleroProps) {
    const { context } = props;
    const provider = context.awsProvider;
    const key = new KmsKey(scope, `${id}-key`, {
      provider,
      description: `Velero backups of ${context.clusterName}`,
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
    });
    const { role, serviceAccountAnnotations } = workloadRole(scope, `${id}-role`, {
      provider,
      roleName: props.roleName,
      identity: workloadIdentityOf(context),
      namespace: VELERO_NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      statements: [
        {
          Sid: 'Snapshots',
          Effect: 'Allow',
          Action: [
            'ec2:DescribeVolumes',
            'ec2:DescribeSnapshots',
            'ec2:CreateSnapshot',
            'ec2:CreateVolume',
          ],
          Resource: '*',
        },
        {
          // Tags only as part of the snapshot or volume Velero creates (its AWS plugin passes
          // them as TagSpecifications): it cannot tag anything that exists, so it cannot give
          // itself a snapshot to delete or another controller's tag-based permission.
          Sid: 'TagOnCreate',
          Effect: 'Allow',
          Action: 'ec2:CreateTags',
          Resource: [
            arnOf(scope, { service: 'ec2', account: '', resource: 'snapshot/*' }),
            arnOf(scope, { service: 'ec2', resource: 'volume/*' }),
          ],
          Condition: { StringEquals: { 'ec2:CreateAction': ['CreateSnapshot', 'CreateVolume'] } },
        },
        {
          Sid: 'DeleteOwnSnapshots',
          Effect: 'Allow',
          Action: 'ec2:DeleteSnapshot',
          Resource: arnOf(scope, { service: 'ec2', account: '', resource: 'snapshot/*' }),
          // Velero tags every snapshot with the backup it belongs to.
          Condition: { StringLike: { 'aws:ResourceTag/velero.io/backup': '*' } },
        },
        {
          Sid: 'MultipartUploads',
          Effect: 'Allow',
          Action: ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          Resource: `${bucket.bucketArn}/*`,
        },
      ],
    });
    // Includes the bucket key's use.
    bucket.grantReadWrite(role);
    // Restoring a snapshot of an encrypted volume creates a volume under the same key.
    KmsKey.fromKeyArn(scope, `${id}-volume-key`, props.volumeKmsKeyArn).grantEncryptDecrypt(role, {
      allowGrants: true,
    });

    const days = props.retentionDays ?? 30;
    const location = 'default';
    const schedule = (cron: string, namespaces: string[], ttlHours: number): VeleroSchedule => ({
      schedule: cron,
      template: {
        ttl: `${ttlHours}h0m0s`,
        includedNamespaces: namespaces,
        snapshotVolumes: true,
        storageLocation: location,
        volumeSnapshotLocations: [location],
      },
    });
    const defaults: VeleroValues = {
      initContainers: [
        {
          name: 'velero-plugin-for-aws',
          image: VELERO_AWS_PLUGIN_IMAGE,
          volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
          securityContext: CONTAINER_SECURITY_CONTEXT,
          resources: containerResources('10m', '32Mi'),
        },
      ],
      podSecurityContext: {
        runAsNonRoot: true,
        runAsUser: NONROOT,
        runAsGroup: NONROOT,
        // The projected Pod Identity token is readable by the pod's group.
        fsGroup: NONROOT,
        seccompProfile: RUNTIME_DEFAULT_SECCOMP,
      },
      containerSecurityContext: CONTAINER_SECURITY_CONTEXT,
      resources: containerResources('100m', '256Mi', '1Gi'),
      upgradeJobResources: containerResources('50m', '64Mi'),
      // The admission policies require every pod to say what it is.
      kubectl: { labels: { 'app.kubernetes.io/name': 'velero-upgrade-crds' } },
      configuration: {
        backupStorageLocation: [
          {
            name: location,
            provider: 'aws',
            bucket: bucket.bucketName,
            default: true,
            config: {
              region: context.region,
              serverSideEncryption: 'aws:kms',
              kmsKeyId: key.keyArn,
              checksumAlgorithm: 'CRC32',
            },
          },
        ],
        volumeSnapshotLocation: [
          { name: location, provider: 'aws', config: { region: context.region } },
        ],
        defaultBackupTTL: `${days * 24}h0m0s`,
      },
      credentials: { useSecret: false },
      serviceAccount: {
        server: { create: true, name: SERVICE_ACCOUNT, annotations: serviceAccountAnnotations },
      },
      snapshotsEnabled: true,
      deployNodeAgent: false,
      metrics: {
        enabled: true,
        serviceMonitor: { enabled: true, autodetect: false },
        prometheusRule: {
          enabled: true,
          autodetect: false,
          spec: [
            {
              alert: 'VeleroBackupFailed',
              expr: 'increase(velero_backup_failure_total{schedule!=""}[1h]) > 0',
              for: '0m',
              labels: { severity: 'warning' },
              annotations: {
                summary:
                  'A scheduled Velero backup failed: `velero backup describe` names the objects or snapshots.',
              },
            },
            {
              alert: 'VeleroBackupMissing',
              // The daily schedule plus three hours; the Vault schedule is hourly.
              expr: 'time() - velero_backup_last_successful_timestamp{schedule!=""} > 27 * 3600',
              for: '15m',
              labels: { severity: 'critical' },
              annotations: {
                summary: 'No scheduled Velero backup has succeeded for more than a day.',
              },
            },
          ],
        },
      },
      schedules: {
        daily: schedule(DAILY_SCHEDULE, ['*'], days * 24),
        vault: schedule(VAULT_SCHEDULE, [VAULT_NAMESPACE], 7 * 24),
      },
    };
    super(scope, id, {
      addonName: VeleroAddon.ADDON_NAME,
      namespace: VELERO_NAMESPACE,
      chart: VELERO_CHART,
      values: mergeValues(defaults, props.values),
      dependencies: [
        {
          addon: KubePrometheusStackAddon.ADDON_NAME,
          reason: 'its ServiceMonitor and PrometheusRule are Prometheus Operator resources',
        },
      ],
      context,
      dependsOn: [...role.resources],
    });
    this.bucket = bucket;
  }
}
