/**
 * The words the constructs and their callers share: enums, CIDR arithmetic, AWS name limits.
 * Plain TypeScript with no cdktf or provider import, so configuration code can use them
 * without loading a provider.
 */
export * from './cidr';
export * from './eks-release';
export * from './name-limits';
export * from './nat-strategy';
export * from './partitions';
export * from './component-catalogue';
export * from './component-catalogue-rules';
export * from './data-keys';
export * from './kafka-topics';
export * from './mesh-sidecar';
export * from './platform-components';
export * from './platform-queues';
export * from './routing-policy';
export * from './zones';
export * from './recovery';
export * from './postgres-names';
export * from './node-pool-defaults';
export * from './platform-labels';
export * from './certificate-lifetime';
export * from './alert-thresholds';
export * from './api-edge';
export * from './node-image-refresh';
export * from './session-manager';
