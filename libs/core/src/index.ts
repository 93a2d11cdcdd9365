export * from './aws-provider';
export * from './contracts/layer-contract';
export * from './contracts/network-contract';
export * from './layer-app';
export * from './layer-stack';
export * from './naming';
export * from './state-backend';
export * from './tags';
