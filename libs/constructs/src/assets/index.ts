export * from './staged-directory';
