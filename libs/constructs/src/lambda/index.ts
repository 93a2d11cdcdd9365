export * from './service-function';
export * from './event-invocation';
