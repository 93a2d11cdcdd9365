export * from './backup-plan';
export * from './backup-vault';
export * from './restore-testing';
