import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import {
  ARGO_CD_NAMESPACE,
  ARGO_ROLLOUTS_NAMESPACE,
  EXTERNAL_DNS_NAMESPACE,
  EXTERNAL_SECRETS_NAMESPACE,
  FLUENT_BIT_NAMESPACE,
  FRONT_DOOR_NAMESPACE_LABEL,
  ISTIO_CNI_NAMESPACE,
  ISTIO_INGRESS_NAMESPACE,
  ISTIO_NAMESPACE,
  KARPENTER_NAMESPACE,
  KEDA_NAMESPACE,
  MONITORING_NAMESPACE,
  NODE_EXPORTER_NAMESPACE,
  VAULT_NAMESPACE,
  VELERO_NAMESPACE,
  VERTICAL_POD_AUTOSCALER_NAMESPACE,
} from '@strata/constructs/helm';

/** Pod Security Standard a namespace enforces. */
type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

interface AddonNamespace {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  /** Why the namespace needs more than `restricted`; required for any other level. */
  readonly reason?: string;
  readonly meshInjection?: boolean;
  /** Its routes may attach to the front door's Gateway. */
  readonly frontDoor?: boolean;
}

/**
 * The namespaces of the add-ons, created before any release so each gets its Pod Security
 * level. Everything runs `restricted` (meshed pods too: Istio CNI replaces the privileged
 * init container); the exceptions are node agents, each alone in its namespace.
 */
export const ADDON_NAMESPACES: readonly AddonNamespace[] = [
  { name: 'cert-manager', podSecurity: 'restricted' },
  { name: EXTERNAL_SECRETS_NAMESPACE, podSecurity: 'restricted' },
  { name: EXTERNAL_DNS_NAMESPACE, podSecurity: 'restricted' },
  { name: ISTIO_NAMESPACE, podSecurity: 'restricted' },
  {
    name: ISTIO_CNI_NAMESPACE,
    podSecurity: 'privileged',
    reason:
      'the CNI node agent writes the CNI configuration and binary on every node (host paths, privileged)',
  },
  { name: ISTIO_INGRESS_NAMESPACE, podSecurity: 'restricted', meshInjection: true },
  { name: ARGO_CD_NAMESPACE, podSecurity: 'restricted', meshInjection: true, frontDoor: true },
  { name: MONITORING_NAMESPACE, podSecurity: 'restricted', frontDoor: true },
  {
    name: NODE_EXPORTER_NAMESPACE,
    podSecurity: 'privileged',
    reason: "node-exporter reads the node's metrics with hostNetwork, hostPID and host paths",
  },
  { name: VAULT_NAMESPACE, podSecurity: 'restricted' },
  { name: VELERO_NAMESPACE, podSecurity: 'restricted' },
  { name: KARPENTER_NAMESPACE, podSecurity: 'restricted' },
  { name: KEDA_NAMESPACE, podSecurity: 'restricted' },
  { name: VERTICAL_POD_AUTOSCALER_NAMESPACE, podSecurity: 'restricted' },
  { name: ARGO_ROLLOUTS_NAMESPACE, podSecurity: 'restricted' },
  {
    name: FLUENT_BIT_NAMESPACE,
    podSecurity: 'privileged',
    reason:
      "Fluent Bit reads every pod's log files on its node (a host path, as root) to ship them",
  },
];

export interface AddonNamespacesProps {
  readonly provider: KubernetesProvider;
}

export class AddonNamespaces extends Construct {
  readonly resources: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AddonNamespacesProps) {
    super(scope, id);
    this.resources = ADDON_NAMESPACES.map((namespace) => {
      if (namespace.podSecurity !== 'restricted' && !namespace.reason) {
        throw new Error(
          `Namespace ${namespace.name} enforces ${namespace.podSecurity} without a reason`,
        );
      }
      return new NamespaceV1(this, namespace.name, {
        provider: props.provider,
        metadata: {
          name: namespace.name,
          labels: {
            'pod-security.kubernetes.io/enforce': namespace.podSecurity,
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            'istio-injection': namespace.meshInjection ? 'enabled' : 'disabled',
            ...(namespace.frontDoor ? { [FRONT_DOOR_NAMESPACE_LABEL]: 'true' } : {}),
            'app.kubernetes.io/managed-by': 'strata',
          },
        },
      });
    });
  }
}
