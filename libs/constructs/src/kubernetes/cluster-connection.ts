import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { HelmProvider, HelmProviderKubernetes } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { awsEnvironmentOf } from '../scope/aws-environment';

/** Where the cluster's API is; any `ICluster` (an `EksCluster`, an imported one) is one. */
export interface ClusterConnectionProps {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** @default the stack's region */
  readonly region?: string;
  /** The API server's endpoint. */
  readonly endpoint: string;
  /** Base64 PEM, as EKS returns it. */
  readonly certificateAuthorityData: string;
}

/**
 * Where Helm keeps release records. Helm's default, Secrets, would make every plan of an
 * add-ons stack need a read of Secrets, which the plan role's view access (rightly) lacks and
 * which no RBAC rule narrows to release records. ConfigMaps are readable by the view access;
 * the charts step proves no release renders a Secret with a value, so a record holds nothing
 * a plan must not read.
 */
export const HELM_RELEASE_DRIVER = 'configmap';

/**
 * Kubernetes and Helm providers for an existing EKS cluster. They authenticate with a
 * short-lived token from `aws eks get-token` on every run, so no credential is stored in
 * state or in a kubeconfig.
 */
export class ClusterConnection extends Construct {
  /** The Kubernetes provider connected to the cluster. */
  readonly kubernetesProvider: KubernetesProvider;
  private helm?: HelmProvider;
  private readonly helmKubernetes: HelmProviderKubernetes;

  constructor(scope: Construct, id: string, props: ClusterConnectionProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const region = props.region ?? environment.region;
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: [
        'eks',
        'get-token',
        '--cluster-name',
        props.clusterName,
        '--region',
        region,
        '--output',
        'json',
      ],
    };
    const host = props.endpoint;
    const clusterCaCertificate = Fn.base64decode(props.certificateAuthorityData);
    this.kubernetesProvider = new KubernetesProvider(this, 'kubernetes', {
      host,
      clusterCaCertificate,
      exec: [exec],
    });
    this.helmKubernetes = { host, clusterCaCertificate, exec };
  }

  /** The Helm provider, created on first use so stacks without releases do not need it. */
  get helmProvider(): HelmProvider {
    this.helm ??= new HelmProvider(this, 'helm', {
      kubernetes: this.helmKubernetes,
      helmDriver: HELM_RELEASE_DRIVER,
    });
    return this.helm;
  }
}
