export * from './data-store-ports';
export * from './data-store-security-group';
export * from './flow-log';
export * from './subnet-plan';
export * from './transit-gateway';
export * from './transit-gateway-peering';
export * from './vpc';
export * from './vpc-endpoints';
