/**
 * The Helm add-ons: one class per upstream chart with typed values, dependencies checked at
 * synth, and `addonContextOf` to derive what they need from a cluster. Needs the optional
 * `@cdktf/provider-helm` binding.
 *
 * @packageDocumentation
 * @module @strata/constructs/helm
 */
export * from './addon-context';
export * from './addon-check-rules';
export * from './check-rules';
export * from './helm-addon';
export * from './kubernetes-support';
export * from './local-chart';
export * from './resources';
export * from './security-context';
export * from './platform-service';
export * from './values';
export * from './addons/argo-cd';
export * from './addons/argo-rollouts';
export * from './addons/argocd-root-app';
export * from './addons/aws-load-balancer-controller';
export * from './addons/cert-manager';
export * from './addons/external-dns';
export * from './addons/external-secrets';
export * from './addons/fluent-bit';
export * from './addons/front-door';
export * from './addons/gateway-api-crds';
export * from './addons/grafana-admin';
export * from './addons/grafana-sso';
export * from './addons/admission-policies';
export * from './addons/image-sources';
export * from './addons/istio';
export * from './addons/karpenter';
export * from './addons/keda';
export * from './addons/karpenter-node-pools';
export * from './addons/kube-prometheus-stack';
export * from './addons/long-term-metrics';
export * from './addons/mesh-egress';
export * from './addons/mesh-policies';
export * from './addons/metrics-server';
export * from './addons/otel-collector';
export * from './addons/otel-collector-service';
export * from './addons/platform-baseline';
export * from './addons/platform-components';
export * from './addons/platform-secrets';
export * from './addons/queue-scaling';
export * from './addons/platform-slo-rules';
export * from './addons/vault';
export * from './addons/vault-snapshots';
export * from './addons/vertical-pod-autoscaler';
export * from './addons/velero';
