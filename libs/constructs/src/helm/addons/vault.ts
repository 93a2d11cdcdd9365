import { Construct } from 'constructs';
import { workloadRole } from '../../eks/workload-role';
import { KmsKey } from '../../kms/kms-key';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { ComponentSwitch, mergeValues } from '../values';
import { CertManagerAddon } from './cert-manager';
import { RUNTIME_DEFAULT_SECCOMP } from './istio';
import { CertificateValues, PlatformBaselineAddon } from './platform-baseline';

/** The upstream chart this add-on installs, pinned to one version. */
export const VAULT_CHART: RepositoryChart = {
  chart: 'vault',
  repository: 'https://helm.releases.hashicorp.com',
  version: '0.31.0',
};

export const VAULT_NAMESPACE = 'vault';
const SERVICE_ACCOUNT = 'vault';
/** Secret the platform CA writes Vault's serving certificate into (see vaultCertificate). */
export const VAULT_TLS_SECRET = 'vault-tls';

/** Pod and container security contexts, as the Vault chart takes them (each replaces its default). */
interface VaultSecurityContexts {
  readonly pod: {
    readonly runAsNonRoot: boolean;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly fsGroup: number;
    readonly seccompProfile: typeof RUNTIME_DEFAULT_SECCOMP;
  };
  readonly container: {
    readonly allowPrivilegeEscalation: boolean;
    readonly capabilities: { readonly drop: readonly string[] };
    readonly readOnlyRootFilesystem?: boolean;
  };
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

export interface VaultValues {
  readonly global: { readonly tlsDisable: boolean };
  readonly injector: {
    readonly enabled: boolean;
    readonly replicas: number;
    readonly resources: ContainerResources;
    readonly podDisruptionBudget: { readonly maxUnavailable: number };
    readonly securityContext: VaultSecurityContexts;
  };
  readonly server: {
    readonly resources: ContainerResources;
    readonly statefulSet: { readonly securityContext: VaultSecurityContexts };
    readonly serviceAccount: {
      readonly name: string;
      readonly annotations: Readonly<Record<string, string>>;
    };
    readonly extraEnvironmentVars: Readonly<Record<string, string>>;
    readonly volumes: ReadonlyArray<{
      readonly name: string;
      readonly secret: { readonly secretName: string };
    }>;
    readonly volumeMounts: ReadonlyArray<{
      readonly name: string;
      readonly mountPath: string;
      readonly readOnly: boolean;
    }>;
    readonly dataStorage: {
      readonly enabled: boolean;
      readonly size: string;
      readonly storageClass: string;
    };
    readonly auditStorage: {
      readonly enabled: boolean;
      readonly size: string;
      readonly storageClass: string;
    };
    readonly ha: {
      readonly enabled: boolean;
      readonly replicas: number;
      /** The chart's budget allows (n/2)-1 evictions: none below three servers. */
      readonly disruptionBudget: ComponentSwitch;
      readonly raft: {
        readonly enabled: boolean;
        readonly setNodeId: boolean;
        readonly config: string;
      };
    };
  };
  readonly ui: ComponentSwitch;
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

export interface VaultProps extends AddonProps<VaultValues> {
  readonly roleName: string;
  /** Alias (without `alias/`) of the unseal key. */
  readonly unsealKeyAlias: string;
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
