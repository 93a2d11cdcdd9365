export * from './aws-environment';
export * from './names';
export * from './resource-tag';
