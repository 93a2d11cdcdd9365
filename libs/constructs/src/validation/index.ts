export * from './aws-name-rules';
export * from './prop-error';
export * from './readable';
