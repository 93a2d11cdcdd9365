export * from './generated-secret';
export * from './credential-rotation';
