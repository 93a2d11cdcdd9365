export * from './aws-regions';
export * from './cidr';
export * from './config-error';
export * from './environment';
export * from './example-environment';
export * from './loader';
export * from './names';
export { checkEnvironment, ENVIRONMENT_RULES } from './rules';
