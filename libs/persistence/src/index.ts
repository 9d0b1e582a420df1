import { DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { databaseName, PlatformConfig } from '@app/config';

/**
 * One database per service: no service reads another's. No multi-document transactions and no
 * change streams are used anywhere, so the code runs on a replica set and on FerretDB alike.
 */
export function persistenceFor(config: PlatformConfig, service: string): DynamicModule {
  return MongooseModule.forRoot(config.MONGODB_URI, {
    dbName: databaseName(config, service),
    directConnection: !config.MONGODB_URI.startsWith('mongodb+srv'),
    serverSelectionTimeoutMS: 10000,
    autoIndex: true,
  });
}

/** Mongo duplicate-key error: the idempotency signal for deterministic ids. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** Schema fragment for aggregates that carry their own outbox (see @app/messaging). */
export const OUTBOX_FIELDS = {
  outbox: { type: [Object], default: [] },
  outboxPending: { type: Boolean, default: false, index: true },
  outboxVersion: { type: Number, default: 0 },
  appliedEvents: { type: [String], default: [] },
} as const;

export * from './keyed-mutex';
