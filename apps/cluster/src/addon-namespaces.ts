import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';

/** Pod Security Standard a namespace enforces. */
type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

interface AddonNamespace {
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;
  readonly meshInjection?: boolean;
}

/**
 * The namespaces of the add-ons, created before any release so each gets its Pod Security
 * level. Exceptions to `baseline` are listed with their reason.
 */
export const ADDON_NAMESPACES: readonly AddonNamespace[] = [
  { name: 'cert-manager', podSecurity: 'restricted' },
  { name: 'external-secrets', podSecurity: 'restricted' },
  { name: 'external-dns', podSecurity: 'restricted' },
  { name: 'istio-system', podSecurity: 'baseline' },
  { name: 'istio-ingress', podSecurity: 'baseline', meshInjection: true },
  { name: 'argocd', podSecurity: 'baseline', meshInjection: true },
  // Exception: node-exporter needs hostNetwork, hostPID and host paths to read node metrics.
  { name: 'monitoring', podSecurity: 'privileged' },
  { name: 'vault', podSecurity: 'baseline' },
];

export interface AddonNamespacesProps {
  readonly provider: KubernetesProvider;
}

export class AddonNamespaces extends Construct {
  readonly resources: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AddonNamespacesProps) {
    super(scope, id);
    this.resources = ADDON_NAMESPACES.map(
      (namespace) =>
        new NamespaceV1(this, namespace.name, {
          provider: props.provider,
          metadata: {
            name: namespace.name,
            labels: {
              'pod-security.kubernetes.io/enforce': namespace.podSecurity,
              'pod-security.kubernetes.io/warn': 'restricted',
              'pod-security.kubernetes.io/audit': 'restricted',
              'istio-injection': namespace.meshInjection ? 'enabled' : 'disabled',
              'app.kubernetes.io/managed-by': 'strata',
            },
          },
        }),
    );
  }
}
