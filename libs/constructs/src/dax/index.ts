export * from './dax-cluster';
