export * from './stack';
export * from './app-process';
export * from './wait';
