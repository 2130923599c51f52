export * from './clock';
export * from './config/index';
export * from './db/index';
export * from './errors';
export * from './ids';
export * from './logger';
