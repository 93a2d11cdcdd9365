export * from './aurora-postgres';
export * from './database-proxy';
export * from './regional-failover';
