export * from './cost-guard';
