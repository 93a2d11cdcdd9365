import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EdgeBinding } from './wiring';

interface EdgeStackJson {
  readonly resource?: {
    readonly kubernetes_manifest?: Record<
      string,
      {
        readonly manifest: {
          readonly kind: string;
          readonly metadata: { readonly namespace: string };
          readonly spec: { readonly serviceRef: { readonly name: string; readonly port: number } };
        };
      }
    >;
    readonly aws_lb_target_group?: Record<string, { readonly port: number }>;
    readonly aws_route53_health_check?: Record<string, { readonly resource_path?: string }>;
  };
}

/**
 * The edge stack's side of the front door for one region (`edge-<env>-<region>`): which
 * gateway Service and port its TargetGroupBinding names, and the port its target group sends
 * traffic to. Empty when the edge app was not synthesized or the environment has no edge.
 */
export function edgeBindings(root: string, stack: string): EdgeBinding[] {
  const file = join(root, 'dist', 'cdktf.out', 'edge', 'stacks', stack, 'cdk.tf.json');
  if (!existsSync(file)) return [];
  const json = JSON.parse(readFileSync(file, 'utf8')) as EdgeStackJson;
  const [group] = Object.values(json.resource?.aws_lb_target_group ?? {});
  // What the Route53 health checks request through the ALB (any host, so the health route).
  const healthCheckPaths = [
    ...new Set(
      Object.values(json.resource?.aws_route53_health_check ?? {}).flatMap((check) =>
        check.resource_path ? [check.resource_path] : [],
      ),
    ),
  ];
  return Object.values(json.resource?.kubernetes_manifest ?? {})
    .filter(({ manifest }) => manifest.kind === 'TargetGroupBinding')
    .map(({ manifest }) => ({
      stack,
      namespace: manifest.metadata.namespace,
      service: manifest.spec.serviceRef.name,
      servicePort: manifest.spec.serviceRef.port,
      targetPort: group?.port ?? NaN,
      healthCheckPaths,
    }));
}
