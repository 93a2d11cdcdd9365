export * from './search-domain';
export * from './search-access';
export * from './search-roles';
export * from './search-security-requests';
