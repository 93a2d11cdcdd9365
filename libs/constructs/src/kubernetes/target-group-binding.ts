import { Construct } from 'constructs';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';

/** Properties of {@link TargetGroupBinding}. */
export interface TargetGroupBindingProps {
  /** The Kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** The binding's name. */
  readonly name: string;
  /** Its namespace (the Service's). */
  readonly namespace: string;
  /** Service whose endpoints (pod IPs) are registered. */
  readonly serviceName: string;
  /** The Service's port. */
  readonly servicePort: number;
  /** An `ip` target group created outside the cluster (by Terraform). */
  readonly targetGroupArn: string;
}

/**
 * A TargetGroupBinding (AWS Load Balancer Controller CRD): the controller keeps the pods
 * behind a Service registered in a target group that Terraform owns, so the load balancer,
 * its listener, certificate and WAF stay in Terraform while Kubernetes moves pods freely.
 */
export class TargetGroupBinding extends Construct {
  constructor(scope: Construct, id: string, props: TargetGroupBindingProps) {
    super(scope, id);
    const mainBinding = new Manifest(this, 'binding', {
      provider: props.provider,
      manifest: {
        apiVersion: 'elbv2.k8s.aws/v1beta1',
        kind: 'TargetGroupBinding',
        metadata: { name: props.name, namespace: props.namespace },
        spec: {
          serviceRef: { name: props.serviceName, port: props.servicePort },
          targetGroupARN: props.targetGroupArn,
          targetType: 'ip',
        },
      },
    });
    this.node.defaultChild = mainBinding;
  }
}
