export * from './grant';
export * from './policy-document';
export * from './service-role';
export * from './github-deployment-roles';
export * from './human-role';
