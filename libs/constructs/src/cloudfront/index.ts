export * from './origin-access';
export * from './static-site-distribution';
