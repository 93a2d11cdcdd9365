export * from './cluster-autoscaler-policy';
export * from './eks-cluster';
export * from './eks-managed-addons';
export * from './irsa-role';
export * from './managed-node-group';
export * from './node-role';
export * from './pod-identity-role';
export * from './workload-role';
