export * from './problem';
export * from './validation';
export * from './bootstrap';
export * from './health';
export * from './response-cache';
