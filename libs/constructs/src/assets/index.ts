export * from './archive-asset';
export * from './content-hash';
export * from './directory-asset';
export * from './stack-asset';
export * from './staged-directory';
