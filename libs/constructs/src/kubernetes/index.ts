export * from './cluster-connection';
export * from './target-group-binding';
