export * from './redis-cluster';
