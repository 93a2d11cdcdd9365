export * from './staged-directory';
export * from './archive-asset';
