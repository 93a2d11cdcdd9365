export * from './public-load-balancer';
