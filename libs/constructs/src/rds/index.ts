export * from './aurora-postgres';
export * from './database-proxy';
export * from './regional-failover';
export * from './database-role-statements';
export * from './database-roles';
export * from './automatic-failover';
