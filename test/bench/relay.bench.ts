import { randomBytes } from 'node:crypto';
import mongoose, { Model, Schema } from 'mongoose';
import { PlatformConfig } from '@app/config';
import { KafkaEventPublisher, newWithEvents, OutboxRelay, withEvents } from '@app/messaging';
import { OUTBOX_FIELDS } from '@app/persistence';
import { createNamespace, dropNamespace, stackSettings } from '@app/testing';
import type { TypedEnvelope } from '@app/contracts';
import { readArtifact, RunLog } from './lib/results';
import { fmt, round, sleep } from './lib/stats';

/**
 * The outbox relay alone, A/B in the same run: a collection holding `existing` application
 * aggregates (the size intake stores), then `writes` event-emitting updates one after another, each
 * followed by a kick. A = `kick()` (the relay scans for outboxPending — the behaviour before the
 * change), B = `kick(model, id)` (the relay reads the written document by _id). Rate = events
 * published to Kafka per second, until the last write's events are out.
 */
/**
 * `kick(model, id)` exists only with test/bench/proposals/relay-read-by-id.diff applied; without it the
 * relay ignores the arguments and B measures the same scan as A (a useful null check).
 */
function kickNamed(relay: OutboxRelay, model: Model<unknown> | undefined, id: string): void {
  const kick = relay.kick as (this: OutboxRelay, model?: Model<unknown>, id?: string) => void;
  if (model) kick.call(relay, model, id);
  else kick.call(relay);
}

export async function benchRelay(log: RunLog, opts: { existing: number; writes: number }): Promise<void> {
  console.log(
    '\n== outbox relay: scan for outboxPending vs read the kicked document by _id (FerretDB 1.24.2/SQLite, not MongoDB) ==',
  );
  const stored = readArtifact<Record<string, unknown>>('intake-application-document.json');
  if (!stored) throw new Error('run `npm run bench -- e2e` first (captures an intake aggregate)');
  const history = (stored.history ?? []) as TypedEnvelope[];
  const filedAt = history[0]?.occurredAt;
  const filing = history.filter((e) => e.occurredAt === filedAt);
  const one = history.filter((e) => e.type === 'intake.subcase.transitioned').slice(0, 1);
  const ns = await createNamespace('benchrelay', 3);
  const s = stackSettings();
  const config = Object.assign(new PlatformConfig(), {
    KAFKA_BROKERS: s.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: ns.topicPrefix,
    OUTBOX_RELAY_ENABLED: true,
    OUTBOX_POLL_MS: 100,
  });
  const conn = await mongoose
    .createConnection(s.MONGODB_URI, {
      dbName: `bench_relay_${randomBytes(3).toString('hex')}`,
      directConnection: true,
    })
    .asPromise();
  const schema = new Schema(
    { _id: String, ...OUTBOX_FIELDS },
    { strict: false, versionKey: false, collection: 'applications' },
  );
  const model = conn.model('RelayBench', schema) as unknown as Model<unknown>;
  try {
    // The aggregate as intake stores it now (its history lives in application_history).
    const { _id: _i, outbox: _o, outboxPending: _p, outboxVersion: _v, history: _h, ...state } = stored;
    const docs = Array.from({ length: opts.existing }, (_, i) => ({
      ...newWithEvents({ ...state }, []),
      _id: `old-${i}`,
    }));
    for (let i = 0; i < docs.length; i += 100)
      await model.collection.insertMany(docs.slice(i, i + 100) as never[]);
    console.log(
      `  ${opts.existing} aggregates already stored (${fmt(JSON.stringify(docs[0]).length / 1024, 1)} KiB each); ${opts.writes} writes per variant`,
    );
    const results: Record<string, number> = {};
    for (const variant of [
      'A: kick() → scan',
      'B: kick(model, id) → _id read',
      'A: kick() → scan (again)',
      'B: kick(model, id) → _id read (again)',
    ]) {
      const hinted = variant.startsWith('B');
      const relay = new OutboxRelay(config, new KafkaEventPublisher(config, 'bench-relay'));
      relay.register(model);
      relay.onApplicationBootstrap();
      await sleep(300);
      const base = relay.published;
      const t = performance.now();
      let expected = 0;
      for (let i = 0; i < opts.writes; i++) {
        const id = `${variant[0]}-${randomBytes(4).toString('hex')}-${i}`;
        await model.collection.insertOne({
          ...newWithEvents({ ...state, history: filing }, filing),
          _id: id,
        } as never);
        kickNamed(relay, hinted ? model : undefined, id);
        await model.collection.updateOne({ _id: id } as never, withEvents({ $set: { touched: i } }, one));
        kickNamed(relay, hinted ? model : undefined, id);
        expected += filing.length + one.length;
      }
      const deadline = performance.now() + 120000;
      while (relay.published - base < expected && performance.now() < deadline) await sleep(20);
      const seconds = (performance.now() - t) / 1000;
      results[variant] = (relay.published - base) / seconds;
      console.log(
        `  ${variant}: ${relay.published - base}/${expected} events in ${fmt(seconds, 1)} s → ${fmt(results[variant] ?? 0, 0)} events/s`,
      );
      await relay.onApplicationShutdown();
    }
    const a = Math.max(results['A: kick() → scan'] ?? 0, results['A: kick() → scan (again)'] ?? 0);
    const b = Math.max(
      results['B: kick(model, id) → _id read'] ?? 0,
      results['B: kick(model, id) → _id read (again)'] ?? 0,
    );
    log.add({
      bench: 'relay',
      name: `relay, write+publish with ${opts.existing} aggregates stored: kick(model,id) (after)`,
      value: round(b, 0),
      unit: 'events/s',
      baseline: { name: 'kick() scan (before)', value: round(a, 0) },
      ratio: b / a,
      ratioMeaning: '× faster',
      note: 'FerretDB 1.24.2/SQLite, not MongoDB',
    });
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await dropNamespace(ns);
  }
}
