import { randomBytes } from 'node:crypto';
import mongoose, { Model } from 'mongoose';
import { MongoClient } from 'mongodb';
import { PlatformConfig } from '@app/config';
import { KafkaEventPublisher, newWithEvents, OutboxRelay } from '@app/messaging';
import { stackSettings } from '@app/testing';
import type { TypedEnvelope } from '@app/contracts';
import {
  APPLICATION_MODEL,
  ApplicationSchema,
  MongoApplicationStore,
} from '../../apps/intake/src/infra/persistence';
import type { ApplicationState } from '../../apps/intake/src/domain/application';
import { readArtifact, RunLog } from './lib/results';
import { fmt, round } from './lib/stats';

type Doc = Record<string, unknown> & { _id: string };

/** The filing write of intake: the new application aggregate with its fan-out events in its outbox. */
function filingTemplate(): { state: Omit<ApplicationState, '_id'>; events: TypedEnvelope[] } {
  const stored = readArtifact<Record<string, unknown>>('intake-application-document.json');
  if (!stored) throw new Error('no captured intake document: run `npm run bench -- e2e` first');
  const {
    _id: _i,
    history,
    outbox: _o,
    outboxPending: _p,
    outboxVersion: _v,
    appliedEvents: _a,
    ...state
  } = stored;
  const all = (history ?? []) as TypedEnvelope[];
  const filedAt = all[0]?.occurredAt;
  // The events written at filing: those of the first write (same clock reading as the filing).
  const events = all.filter((e) => e.occurredAt === filedAt);
  return {
    state: { ...(state as Omit<ApplicationState, '_id'>), version: 0 } as Omit<ApplicationState, '_id'>,
    events,
  };
}

async function inFlight<T>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await fn(item);
      }
    }),
  );
  return items.length / ((performance.now() - t) / 1000);
}

async function batched(docs: Doc[], size: number, fn: (batch: Doc[]) => Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < docs.length; i += size) await fn(docs.slice(i, i + size));
  return docs.length / ((performance.now() - t) / 1000);
}

export async function benchPersist(log: RunLog, opts: { documents: number }): Promise<void> {
  console.log(
    '\n== persistence: intake repository write path vs the native driver (FerretDB 1.24.2 on SQLite — MongoDB-compatible, NOT MongoDB) ==',
  );
  const { state, events } = filingTemplate();
  const uri = stackSettings().MONGODB_URI;
  const dbName = `bench_persist_${randomBytes(3).toString('hex')}`;
  const conn = await mongoose.createConnection(uri, { dbName, directConnection: true }).asPromise();
  const client = await MongoClient.connect(uri, { directConnection: true });
  const config = Object.assign(new PlatformConfig(), {
    OUTBOX_RELAY_ENABLED: false,
    KAFKA_BROKERS: stackSettings().KAFKA_BROKERS,
  });
  try {
    const model = conn.model(APPLICATION_MODEL, ApplicationSchema) as unknown as Model<never>;
    await model.init();
    // The real repository, with a real relay that is switched off (we time the write, not Kafka).
    const store = new MongoApplicationStore(
      model as never,
      new OutboxRelay(config, new KafkaEventPublisher(config, 'bench')),
    );
    const n = opts.documents;
    const run = randomBytes(2).toString('hex');
    const states = (tag: string): ApplicationState[] =>
      Array.from({ length: n }, (_, i) => ({ ...state, _id: `${tag}-${run}-${i}` }) as ApplicationState);
    // The exact document the repository writes, for the driver.
    const docs = (tag: string): Doc[] =>
      states(tag).map((s) => newWithEvents({ ...s, appliedEvents: [] }, events) as unknown as Doc);
    const sample = docs('size')[0];
    const { BSON } = await import('mongodb');
    const bytes = sample ? BSON.calculateObjectSize(sample) : 0;
    console.log(
      `  document: one application aggregate with its ${events.length} filing events in its outbox, ${fmt(bytes / 1024, 1)} KiB BSON; ${n} per method`,
    );
    const coll = client.db(dbName).collection<Doc>('applications');
    const rates: Record<string, number[]> = {
      repository: [],
      insertOne: [],
      insertMany: [],
      bulkWrite: [],
      mongooseCreate: [],
    };
    for (let round_ = 0; round_ < 2; round_++) {
      rates.repository?.push(await inFlight(states(`r${round_}`), 16, (s) => store.create(s, events)));
      rates.insertOne?.push(await inFlight(docs(`o${round_}`), 16, (d) => coll.insertOne(d)));
      rates.insertMany?.push(
        await batched(docs(`m${round_}`), 100, (b) => coll.insertMany(b, { ordered: false })),
      );
      rates.bulkWrite?.push(
        await batched(docs(`b${round_}`), 100, (b) =>
          coll.bulkWrite(
            b.map((document) => ({ insertOne: { document } })),
            { ordered: false },
          ),
        ),
      );
      rates.mongooseCreate?.push(await inFlight(docs(`c${round_}`), 16, (d) => model.create(d as never)));
    }
    const best = (k: string): number => Math.max(...(rates[k] ?? [0]));
    log.context.persistRates = rates;
    const native = Math.max(best('insertMany'), best('bulkWrite'));
    log.add({
      bench: 'persist',
      name: 'driver insertMany (batches of 100)',
      value: round(best('insertMany'), 0),
      unit: 'docs/s',
      note: 'FerretDB 1.24.2/SQLite, not MongoDB',
    });
    log.add({
      bench: 'persist',
      name: 'driver bulkWrite insertOne×100',
      value: round(best('bulkWrite'), 0),
      unit: 'docs/s',
      note: 'FerretDB 1.24.2/SQLite, not MongoDB',
    });
    log.add({
      bench: 'persist',
      name: 'driver insertOne, 16 in flight',
      value: round(best('insertOne'), 0),
      unit: 'docs/s',
      note: 'FerretDB 1.24.2/SQLite, not MongoDB',
    });
    log.add({
      bench: 'persist',
      name: 'intake repository create() (aggregate + outbox, one write), 16 in flight',
      value: round(best('repository'), 0),
      unit: 'docs/s',
      baseline: { name: 'best native batch (insertMany/bulkWrite)', value: round(native, 0) },
      ratio: best('repository') / native,
      goal: '≥ 0.50',
      met: best('repository') / native >= 0.5,
      note: 'FerretDB 1.24.2/SQLite, not MongoDB',
    });
    log.add({
      bench: 'persist',
      name: 'intake repository vs driver insertOne (same single-write shape)',
      value: round(best('repository'), 0),
      unit: 'docs/s',
      baseline: { name: 'driver insertOne ×16', value: round(best('insertOne'), 0) },
      ratio: best('repository') / best('insertOne'),
    });
    log.add({
      bench: 'persist',
      name: 'naive mongoose Model.create (reference, not used by the apps)',
      value: round(best('mongooseCreate'), 0),
      unit: 'docs/s',
      baseline: { name: 'best native batch', value: round(native, 0) },
      ratio: best('mongooseCreate') / native,
    });
  } finally {
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
    await conn.close();
  }
}
