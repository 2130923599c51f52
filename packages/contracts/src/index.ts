export * from './events';
export * from './family';
