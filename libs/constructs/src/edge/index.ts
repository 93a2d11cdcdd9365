export * from './api-health-check';
export * from './dns-validated-certificate';
export * from './routed-alias-record';
export * from './web-acl';
export * from './public-hosted-zone';
export * from './writer-guarded-health-check';
