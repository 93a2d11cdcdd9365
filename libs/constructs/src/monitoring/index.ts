export * from './alarm-topic';
export * from './composite-alarm';
export * from './health-canary';
export * from './metric-alarm';
export * from './trace-sampling';
export * from './metrics-workspace';
