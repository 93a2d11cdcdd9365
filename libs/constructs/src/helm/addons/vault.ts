import { Construct } from 'constructs';
import { workloadRole } from '../../eks/workload-role';
import { KmsKey } from '../../kms/kms-key';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { ComponentSwitch, MaxUnavailableBudget, mergeValues } from '../values';
import { CertManagerAddon } from './cert-manager';
import { CertificateValues, PlatformBaselineAddon } from './platform-baseline';
import {
  ContainerSecurityContext,
  PodSecurityContext,
  RUNTIME_DEFAULT_SECCOMP,
} from '../security-context';

/** The upstream chart this add-on installs, pinned to one version. */
export const VAULT_CHART: RepositoryChart = {
  chart: 'vault',
  repository: 'https://helm.releases.hashicorp.com',
  version: '0.31.0',
};

/**
 * The servers' image: the chart's own default, spelt here so the snapshot job runs the same
 * Vault CLI as the servers it snapshots.
 */
export const VAULT_IMAGE = {
  /** Docker Hub's hashicorp/vault. */
  repository: 'hashicorp/vault',
  /** The release. */
  tag: '1.20.4',
} as const;

/** The namespace `vault`, where the vault release runs. */
export const VAULT_NAMESPACE = 'vault';
const SERVICE_ACCOUNT = 'vault';
/** Secret the platform CA writes Vault's serving certificate into (see vaultCertificate). */
export const VAULT_TLS_SECRET = 'vault-tls';

/** Pod and container security contexts, as the Vault chart takes them (each replaces its default). */
export interface VaultSecurityContexts {
  /** The pod's. */
  readonly pod: PodSecurityContext;
  /** Each container's. */
  readonly container: ContainerSecurityContext;
}

/**
 * The chart's own defaults (user 100, group 1000) plus what Pod Security `restricted` also
 * asks: the runtime's seccomp profile and no capabilities.
 */
const VAULT_SECURITY_CONTEXTS: VaultSecurityContexts = {
  pod: {
    runAsNonRoot: true,
    runAsUser: 100,
    runAsGroup: 1000,
    fsGroup: 1000,
    seccompProfile: RUNTIME_DEFAULT_SECCOMP,
  },
  container: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
};

/** Values of the `vault` chart (HashiCorp), as this add-on sets them. */
export interface VaultValues {
  /** Settings of every component. */
  readonly global: {
    /** `false`: Vault serves TLS (its certificate from the platform CA). */
    readonly tlsDisable: boolean;
  };
  /** The agent injector (a mutating webhook). */
  readonly injector: {
    /** Whether it runs. */
    readonly enabled: boolean;
    /** Its replicas. */
    readonly replicas: number;
    /** Its resources. */
    readonly resources: ContainerResources;
    /** Its disruption budget. */
    readonly podDisruptionBudget: MaxUnavailableBudget;
    /** Its security contexts. */
    readonly securityContext: VaultSecurityContexts;
  };
  /** The Vault servers. */
  readonly server: {
    /** The servers' image. */
    readonly image: {
      /** Its repository (Docker Hub). */
      readonly repository: string;
      /** Its tag. */
      readonly tag: string;
    };
    /** Each server's resources. */
    readonly resources: ContainerResources;
    /** The StatefulSet's settings. */
    readonly statefulSet: {
      /** The servers' security contexts. */
      readonly securityContext: VaultSecurityContexts;
    };
    /** The servers' service account, which carries the IAM role that reaches the unseal key. */
    readonly serviceAccount: {
      /** Its name (the IAM role trusts exactly this name). */
      readonly name: string;
      /** Its annotations (the IAM role's ARN). */
      readonly annotations: Readonly<Record<string, string>>;
    };
    /** Environment variables of the server container. */
    readonly extraEnvironmentVars: Readonly<Record<string, string>>;
    /** Extra pod volumes (the TLS Secret). */
    readonly volumes: ReadonlyArray<{
      /** The volume's name. */
      readonly name: string;
      /** The Secret it holds. */
      readonly secret: {
        /** The Secret's name. */
        readonly secretName: string;
      };
    }>;
    /** Where the extra volumes are mounted. */
    readonly volumeMounts: ReadonlyArray<{
      /** The volume mounted. */
      readonly name: string;
      /** The path in the container. */
      readonly mountPath: string;
      /** Whether it is mounted read-only. */
      readonly readOnly: boolean;
    }>;
    /** The raft data volume of each server. */
    readonly dataStorage: VaultVolume;
    /** The audit log volume of each server. */
    readonly auditStorage: VaultVolume;
    /** High availability: raft storage across the servers. */
    readonly ha: {
      /** Whether Vault runs highly available. */
      readonly enabled: boolean;
      /** Its servers (3 or 5 for a raft quorum). */
      readonly replicas: number;
      /** The chart's budget allows (n/2)-1 evictions: none below three servers. */
      readonly disruptionBudget: ComponentSwitch;
      /** Integrated (raft) storage. */
      readonly raft: {
        /** Whether raft is the storage. */
        readonly enabled: boolean;
        /** Each server's node id is its pod name. */
        readonly setNodeId: boolean;
        /** The server configuration (HCL; `vaultServerConfig`). */
        readonly config: string;
      };
    };
  };
  /** The web UI (behind the front door). */
  readonly ui: ComponentSwitch;
}

/** A persistent volume of each Vault server. */
export interface VaultVolume {
  /** Whether it is created. */
  readonly enabled: boolean;
  /** Its size, as a Kubernetes quantity. */
  readonly size: string;
  /** Its storage class (encrypted gp3). */
  readonly storageClass: string;
}

const TLS_DIR = '/vault/userconfig/vault-tls';

/** Vault server configuration: TLS listener, raft storage joined over TLS, AWS KMS auto-unseal. */
export function vaultServerConfig(replicas: number, region: string, kmsKeyId: string): string {
  const retryJoin = Array.from(
    { length: replicas },
    (_, index) => `retry_join {
  leader_api_addr         = "https://vault-${index}.vault-internal:8200"
  leader_ca_cert_file     = "${TLS_DIR}/ca.crt"
  leader_client_cert_file = "${TLS_DIR}/tls.crt"
  leader_client_key_file  = "${TLS_DIR}/tls.key"
}`,
  ).join('\n');
  // No mlock: the pod drops every capability (IPC_LOCK included), and raft's storage is a
  // memory-mapped file that mlock would pin whole.
  return `ui = true
disable_mlock = true
listener "tcp" {
  address         = "[::]:8200"
  cluster_address = "[::]:8201"
  tls_cert_file   = "${TLS_DIR}/tls.crt"
  tls_key_file    = "${TLS_DIR}/tls.key"
  tls_min_version = "tls12"
}
storage "raft" {
  path = "/vault/data"
${retryJoin}
}
seal "awskms" {
  region     = "${region}"
  kms_key_id = "${kmsKeyId}"
}
service_registration "kubernetes" {}
`;
}

/** The serving certificate Vault needs, for the platform baseline chart to issue. */
export function vaultCertificate(replicas: number): CertificateValues {
  return {
    name: VAULT_TLS_SECRET,
    namespace: VAULT_NAMESPACE,
    dnsNames: [
      'vault',
      `vault.${VAULT_NAMESPACE}.svc`,
      `vault.${VAULT_NAMESPACE}.svc.cluster.local`,
      'vault-active',
      `vault-active.${VAULT_NAMESPACE}.svc`,
      '*.vault-internal',
      ...Array.from({ length: replicas }, (_, index) => `vault-${index}.vault-internal`),
    ],
    // The chart's VAULT_ADDR: the CLI in the server pod (raft snapshots, unseal checks) calls
    // https://127.0.0.1:8200 and verifies the certificate.
    ipAddresses: ['127.0.0.1'],
  };
}

/** Properties of {@link VaultAddon}. */
export interface VaultProps extends AddonProps<VaultValues> {
  /** Name of the IAM role created for the add-on's service account. */
  readonly roleName: string;
  /** Alias (without `alias/`) of the unseal key. */
  readonly unsealKeyAlias: string;
  /** The storage class of its data and audit volumes. */
  readonly storageClassName: string;
  /** @default 3 with high availability (a raft quorum that survives one loss), else 1 */
  readonly replicas?: number;
}

/**
 * Vault in HA with integrated raft storage, TLS everywhere, an audit volume and the agent
 * injector. It unseals itself with a dedicated KMS key through a Pod Identity role that may use
 * only that key.
 */
export class VaultAddon extends HelmAddon<VaultValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'vault';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [
      {
        path: ['server', 'statefulSet', 'securityContext'],
        reason: 'pod and container securityContexts by role, each rendered as it is',
      },
      {
        path: ['injector', 'securityContext'],
        reason: 'pod and container securityContexts by role, each rendered as it is',
      },
    ],
    kubeScoreIgnores: {
      'service-targets-pod':
        'vault-active and vault-standby select the vault-active label that Vault sets on its pods at run time',
      'container-security-context-readonlyrootfilesystem':
        "the chart's entrypoint writes the rendered server configuration to /tmp",
    },
  };
  /** The KMS key Vault unseals itself with. */
  readonly unsealKey: KmsKey;

  constructor(scope: Construct, id: string, props: VaultProps) {
    const { context } = props;
    const replicas = props.replicas ?? (context.highAvailability ? 3 : 1);
    const unsealKey = new KmsKey(scope, `${id}-unseal-key`, {
      provider: context.awsProvider,
      description: `Vault auto-unseal for ${context.clusterName}`,
      alias: props.unsealKeyAlias,
      accountId: context.accountId,
    });
    const { role, serviceAccountAnnotations } = workloadRole(scope, `${id}-role`, {
      provider: context.awsProvider,
      roleName: props.roleName,
      identity: workloadIdentityOf(context),
      namespace: VAULT_NAMESPACE,
      serviceAccount: SERVICE_ACCOUNT,
      statements: [
        {
          Sid: 'AutoUnseal',
          Effect: 'Allow',
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'],
          Resource: unsealKey.keyArn,
        },
      ],
    });
    const storage = (size: string) => ({
      enabled: true,
      size,
      storageClass: props.storageClassName,
    });
    const defaults: VaultValues = {
      global: { tlsDisable: false },
      injector: {
        enabled: true,
        replicas: context.highAvailability ? 2 : 1,
        resources: containerResources('50m', '64Mi'),
        podDisruptionBudget: { maxUnavailable: 1 },
        securityContext: {
          ...VAULT_SECURITY_CONTEXTS,
          // The webhook keeps its certificates in memory; nothing writes to its filesystem.
          container: { ...VAULT_SECURITY_CONTEXTS.container, readOnlyRootFilesystem: true },
        },
      },
      server: {
        image: VAULT_IMAGE,
        resources: containerResources('250m', '256Mi'),
        statefulSet: { securityContext: VAULT_SECURITY_CONTEXTS },
        serviceAccount: { name: SERVICE_ACCOUNT, annotations: serviceAccountAnnotations },
        // The chart sets VAULT_ADDR (https, as TLS is on); the CLI in the pod trusts the platform CA.
        extraEnvironmentVars: { VAULT_CACERT: `${TLS_DIR}/ca.crt` },
        volumes: [{ name: 'vault-tls', secret: { secretName: VAULT_TLS_SECRET } }],
        volumeMounts: [{ name: 'vault-tls', mountPath: TLS_DIR, readOnly: true }],
        dataStorage: storage('20Gi'),
        auditStorage: storage('20Gi'),
        ha: {
          enabled: true,
          replicas,
          // One server has no quorum to protect, and a budget allowing no eviction would hold
          // every node drain and Karpenter consolidation forever; drains restart it instead.
          disruptionBudget: { enabled: replicas >= 3 },
          raft: {
            enabled: true,
            setNodeId: true,
            config: vaultServerConfig(replicas, context.region, unsealKey.keyId),
          },
        },
      },
      ui: { enabled: true },
    };
    super(scope, id, {
      addonName: VaultAddon.ADDON_NAME,
      namespace: VAULT_NAMESPACE,
      chart: VAULT_CHART,
      values: mergeValues(defaults, props.values),
      dependencies: [
        { addon: CertManagerAddon.ADDON_NAME, reason: 'it issues the Vault TLS certificate' },
        {
          addon: PlatformBaselineAddon.ADDON_NAME,
          reason: `its internal CA signs the ${VAULT_TLS_SECRET} certificate`,
        },
      ],
      context,
      dependsOn: role.resources,
    });
    this.unsealKey = unsealKey;
  }
}
