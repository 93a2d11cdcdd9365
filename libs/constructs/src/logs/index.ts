export * from './encrypted-log-group';
export * from './log-archive';
