export * from './backup-plan';
export * from './backup-vault';
