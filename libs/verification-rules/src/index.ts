export * from './facts';
export * from './request';
export * from './cross-checks';
export * from './materials';
export * from './assess';
