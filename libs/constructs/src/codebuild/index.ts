export * from './github-actions-runner';
