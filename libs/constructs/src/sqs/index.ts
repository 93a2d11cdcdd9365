export * from './durable-queue';
