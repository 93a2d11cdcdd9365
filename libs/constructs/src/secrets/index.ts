export * from './generated-secret';
