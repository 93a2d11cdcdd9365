export * from './kafka-cluster';
export * from './kafka-access';
