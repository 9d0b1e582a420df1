import { DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { databaseName, PlatformConfig } from '@app/config';
import { observeStoreCommands } from '@app/observability';

/**
 * One database per service: no service reads another's. No multi-document transactions and no
 * change streams are used anywhere, so the code runs on a replica set and on FerretDB alike.
 */
export function persistenceFor(config: PlatformConfig, service: string): DynamicModule {
  return MongooseModule.forRoot(config.MONGODB_URI, {
    dbName: databaseName(config, service),
    // A single host without a replica-set name (FerretDB, a standalone mongod) is connected to
    // directly; a seed list or replicaSet=… lets the driver discover the replica set.
    directConnection: isSingleStandaloneHost(config.MONGODB_URI),
    serverSelectionTimeoutMS: 10000,
    autoIndex: true,
    // Command events feed ipw_store_command_duration_seconds (per collection and command).
    monitorCommands: true,
    connectionFactory: (connection: Connection) => {
      observeStoreCommands(connection.getClient());
      return connection;
    },
  });
}

export function isSingleStandaloneHost(uri: string): boolean {
  if (uri.startsWith('mongodb+srv://')) return false;
  const afterScheme = uri.replace(/^mongodb:\/\//, '');
  const hosts = (afterScheme.split('/')[0] ?? '').replace(/^.*@/, '');
  return !hosts.includes(',') && !/[?&]replicaSet=/.test(uri);
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
export * from './checked-update';
