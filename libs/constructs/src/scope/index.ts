export * from './aws-environment';
export * from './names';
