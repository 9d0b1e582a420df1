export * from './kafka';
export * from './publisher';
export * from './outbox';
export * from './inbox';
export * from './module';
export * from './dead-letters';
