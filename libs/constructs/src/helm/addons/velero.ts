import { Construct } from 'constructs';
import { workloadRole } from '../../eks/workload-role';
import { KmsKey } from '../../kms/kms-key';
import { SecureBucket } from '../../s3/secure-bucket';
import { arnOf } from '../../scope/aws-environment';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { mergeValues, ServiceAccountValues } from '../values';
import { KubePrometheusStackAddon } from './kube-prometheus-stack';
import { VAULT_NAMESPACE } from './vault';
import {
  ContainerSecurityContext,
  PodSecurityContext,
  RUNTIME_DEFAULT_SECCOMP,
} from '../security-context';

/** The upstream chart this add-on installs, pinned to one version. */
export const VELERO_CHART: RepositoryChart = {
  chart: 'velero',
  repository: 'https://vmware-tanzu.github.io/helm-charts',
  version: '12.1.0',
};

/** The AWS object-store and EBS snapshot plugin paired with Velero 1.18 (the chart's app). */
export const VELERO_AWS_PLUGIN_IMAGE = 'docker.io/velero/velero-plugin-for-aws:v1.14.2';

/** The namespace Velero and its backups' custom resources live in. */
export const VELERO_NAMESPACE = 'velero';
const SERVICE_ACCOUNT = 'velero-server';
/** The distroless images' non-root user. */
const NONROOT = 65532;

const CONTAINER_SECURITY_CONTEXT = {
  /** No process gains more privileges than its parent. */
  allowPrivilegeEscalation: false,
  /** Writes go to mounted volumes only. */
  readOnlyRootFilesystem: true,
  /** No Linux capabilities. */
  capabilities: {
    /** Every capability is dropped. */
    drop: ['ALL'],
  },
} as const;

interface VeleroSchedule {
  /** When the backup runs, as a cron expression (UTC). */
  readonly schedule: string;
  /** The Backup each run creates. */
  readonly template: {
    /** How long each backup is kept, as a Go duration (`720h`). */
    readonly ttl: string;
    /** The namespaces backed up. */
    readonly includedNamespaces: readonly string[];
    /** Whether persistent volumes are snapshotted (EBS) with the backup. */
    readonly snapshotVolumes: boolean;
    /** The BackupStorageLocation (bucket) it is written to. */
    readonly storageLocation: string;
    /** The VolumeSnapshotLocations its snapshots are taken in. */
    readonly volumeSnapshotLocations: readonly string[];
  };
}

/** Values of the `velero` chart (vmware-tanzu), as this add-on sets them. */
export interface VeleroValues {
  /** Plugin containers; each copies its plugin binary into Velero's plugin directory. */
  readonly initContainers: ReadonlyArray<{
    /** The container's name. */
    readonly name: string;
    /** The plugin image, pinned by tag. */
    readonly image: string;
    /** Where the plugin directory is mounted. */
    readonly volumeMounts: ReadonlyArray<{
      /** The path in the container. */
      readonly mountPath: string;
      /** The pod volume mounted. */
      readonly name: string;
    }>;
    /** The plugin container's security context (restricted). */
    readonly securityContext: ContainerSecurityContext;
    /** The plugin container's resources. */
    readonly resources: ContainerResources;
  }>;
  /** The Velero pod's security context: non-root, with the runtime's seccomp profile. */
  readonly podSecurityContext: PodSecurityContext;
  /** The Velero server container's security context (restricted). */
  readonly containerSecurityContext: ContainerSecurityContext;
  /** The Velero server's resources. */
  readonly resources: ContainerResources;
  /** Resources of the job that upgrades Velero's CRDs on each chart upgrade. */
  readonly upgradeJobResources: ContainerResources;
  /** Labels of the CRD upgrade job and its pod. */
  readonly kubectl: {
    /** The labels. */
    readonly labels: Readonly<Record<string, string>>;
  };
  /** Velero's server configuration: where backups and snapshots go. */
  readonly configuration: {
    /** Where backups are stored: one S3 bucket. */
    readonly backupStorageLocation: ReadonlyArray<{
      /** The location's name. */
      readonly name: string;
      /** The object-store plugin (AWS). */
      readonly provider: 'aws';
      /** The bucket's name. */
      readonly bucket: string;
      /** Whether backups go here unless they name another location. */
      readonly default: boolean;
      /** Plugin settings (region, KMS key, ...). */
      readonly config: Readonly<Record<string, string>>;
    }>;
    /** Where volume snapshots are taken: EBS in the cluster's region. */
    readonly volumeSnapshotLocation: ReadonlyArray<{
      /** The location's name. */
      readonly name: string;
      /** The snapshot plugin (AWS EBS). */
      readonly provider: 'aws';
      /** Plugin settings (region). */
      readonly config: Readonly<Record<string, string>>;
    }>;
    /** How long a backup without its own TTL is kept, as a Go duration. */
    readonly defaultBackupTTL: string;
  };
  /** Whether credentials come from a Secret (no: from the pod's IAM role). */
  readonly credentials: {
    /** No: the pod's IAM role (IRSA) is the credential. */
    readonly useSecret: boolean;
  };
  /** The Velero server's service account, which carries its IAM role. */
  readonly serviceAccount: {
    /** The server's service account. */
    readonly server: ServiceAccountValues;
  };
  /** Whether volume snapshots are configured. */
  readonly snapshotsEnabled: boolean;
  /** File-system backup runs a privileged node agent; EBS snapshots need none. */
  readonly deployNodeAgent: boolean;
  /** Velero's metrics and alerts. */
  readonly metrics: {
    /** Whether the metrics endpoint is on. */
    readonly enabled: boolean;
    /**
     * The Prometheus Operator ServiceMonitor (`enabled`, and `autodetect` to add it only where the
     * CRD exists).
     */
    readonly serviceMonitor: {
      /** Whether it is created. */
      readonly enabled: boolean;
      /** Create it only where the ServiceMonitor CRD exists. */
      readonly autodetect: boolean;
    };
    /** Velero's alerting rules, as a PrometheusRule. */
    readonly prometheusRule: {
      /** Whether the rule is created. */
      readonly enabled: boolean;
      /** Create it only where the PrometheusRule CRD exists. */
      readonly autodetect: boolean;
      /** The alerting rules. */
      readonly spec: ReadonlyArray<{
        /** The alert's name. */
        readonly alert: string;
        /** The PromQL condition. */
        readonly expr: string;
        /** How long the condition must hold before the alert fires. */
        readonly for: string;
        /** The alert's labels (its severity routes it). */
        readonly labels: {
          /** `critical` pages; `warning` goes to the warning channel. */
          readonly severity: 'critical' | 'warning';
        };
        /** The alert's annotations (its summary). */
        readonly annotations: {
          /** One line saying what is wrong. */
          readonly summary: string;
        };
      }>;
    };
  };
  /** The backup schedules, by name. */
  readonly schedules: Readonly<Record<string, VeleroSchedule>>;
}

/** Properties of {@link VeleroAddon}. */
export interface VeleroProps extends AddonProps<VeleroValues> {
  /** Name of the IAM role Velero's service account assumes. */
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
  /**
   * Tags on the backup bucket, e.g. the AWS Backup selection tag, so a backup plan copies the
   * cluster's backups to another region. @default none
   */
  readonly bucketTags?: Readonly<Record<string, string>>;
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
  /** The bucket the backups are written to. */
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
      tags: props.bucketTags,
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
