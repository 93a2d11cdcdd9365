export * from './aurora-postgres';
export * from './database-proxy';
