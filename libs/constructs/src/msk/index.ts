export * from './kafka-cluster';
export * from './kafka-access';
export * from './kafka-replication';
