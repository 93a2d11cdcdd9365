/**
 * Kubernetes resources managed through the API server: the cluster connection, target-group
 * bindings and read-only roles. Needs the optional `@cdktf/provider-kubernetes` binding.
 *
 * @packageDocumentation
 * @module @strata/constructs/kubernetes
 */
export * from './cluster-connection';
export * from './target-group-binding';
export * from './cluster-readers';
