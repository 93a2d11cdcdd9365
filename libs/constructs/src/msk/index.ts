export * from './kafka-cluster';
