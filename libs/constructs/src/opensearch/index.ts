export * from './search-domain';
export * from './search-access';
