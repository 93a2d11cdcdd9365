export * from './global-table';
export * from './lock-table';
export * from './table-autoscaling';
export * from './table-replica';
