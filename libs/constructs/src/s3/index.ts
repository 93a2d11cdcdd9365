export * from './access-log-bucket';
export * from './secure-bucket';
