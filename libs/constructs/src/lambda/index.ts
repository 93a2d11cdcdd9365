export * from './service-function';
