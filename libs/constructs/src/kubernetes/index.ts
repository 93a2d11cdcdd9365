export * from './cluster-connection';
export * from './target-group-binding';
export * from './cluster-readers';
