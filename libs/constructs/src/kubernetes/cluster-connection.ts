import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { HelmProvider, HelmProviderKubernetes } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { awsEnvironmentOf } from '../scope/aws-environment';

export interface ClusterConnectionProps {
  readonly clusterName: string;
  /** @default the stack's region */
  readonly region?: string;
  readonly endpoint: string;
  /** Base64 PEM, as EKS returns it. */
  readonly certificateAuthorityData: string;
}

/**
 * Kubernetes and Helm providers for an existing EKS cluster. They authenticate with a
 * short-lived token from `aws eks get-token` on every run, so no credential is stored in
 * state or in a kubeconfig.
 */
export class ClusterConnection extends Construct {
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
    this.helm ??= new HelmProvider(this, 'helm', { kubernetes: this.helmKubernetes });
    return this.helm;
  }
}
