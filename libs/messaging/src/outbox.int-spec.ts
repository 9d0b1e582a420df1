import mongoose, { Connection, Model, Schema } from 'mongoose';
import { createEvent, physicalTopic, TOPICS, TypedEnvelope } from '@app/contracts';
import { loadConfig, PlatformConfig } from '@app/config';
import { createNamespace, dropNamespace, testKafka, TestNamespace, waitFor } from '@app/testing';
import { lockedUpdateOne, newWithEvents, OutboxRelay, withEvents } from './outbox';
import { KafkaEventPublisher } from './publisher';

/**
 * The relay against the real engines: a kicked write is relayed by an `_id` read (no scan), a write
 * nobody kicked (a process that died before relaying) is found by the safety-net scan, and a write
 * racing the relay's acknowledgement keeps its events.
 */
describe('OutboxRelay (Kafka + MongoDB-compatible store)', () => {
  let ns: TestNamespace;
  let connection: Connection;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let model: Model<any>;
  const relays: OutboxRelay[] = [];
  const publishers: KafkaEventPublisher[] = [];
  const seen = new Map<string, number>();
  let consumer: ReturnType<ReturnType<typeof testKafka>['consumer']>;

  function relayWith(pollMs: number, idleMaxMs = 640): OutboxRelay {
    const config = loadConfig(PlatformConfig, {
      ...ns.env,
      OUTBOX_POLL_MS: String(pollMs),
      OUTBOX_IDLE_SCAN_MAX_MS: String(idleMaxMs),
    });
    const publisher = new KafkaEventPublisher(config, 'relay-spec');
    const relay = new OutboxRelay(config, publisher);
    relay.register(model);
    relay.onApplicationBootstrap();
    publishers.push(publisher);
    relays.push(relay);
    return relay;
  }

  async function stored(id: string): Promise<Record<string, unknown> | null> {
    return model.findById(id).lean<Record<string, unknown>>().exec();
  }

  function probeEvent(probeId: string): TypedEnvelope {
    return createEvent(
      'platform.probe.recorded',
      { probeId, behaviour: 'ok', delayMs: 0 },
      { producer: 'relay-spec', applicationId: probeId, actor: { kind: 'system', id: 'relay-spec' } },
    );
  }

  beforeAll(async () => {
    ns = await createNamespace('relayspec');
    connection = await mongoose
      .createConnection(ns.env.MONGODB_URI ?? '', { dbName: `${ns.dbPrefix}relay`, directConnection: true })
      .asPromise();
    model = connection.model(
      'RelayDoc',
      new Schema({ _id: String, state: String }, { strict: false, versionKey: false }),
      'relay_docs',
    );
    consumer = testKafka('relay-spec').consumer({ groupId: `${ns.topicPrefix}relay-spec-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic: physicalTopic(TOPICS.platform, ns.topicPrefix), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const id = (JSON.parse(message.value?.toString() ?? '{}') as { id?: string }).id ?? '';
        seen.set(id, (seen.get(id) ?? 0) + 1);
      },
    });
  });

  afterAll(async () => {
    for (const r of relays) await r.onApplicationShutdown();
    for (const p of publishers) await p.onApplicationShutdown();
    await consumer?.disconnect();
    await connection?.close();
    if (ns) await dropNamespace(ns);
  });

  it('a kicked write is relayed by reading that document, without a collection scan', async () => {
    // Polling far away: only the start-up scan may run during this test.
    const relay = relayWith(600_000);
    await waitFor('start-up scan', async () => relay.scans === 1, 10_000);
    const event = probeEvent('kicked-1');
    await model.create(newWithEvents({ _id: 'kicked-1', state: 'NEW' }, [event]));
    relay.kick(model, 'kicked-1');
    await waitFor('event on Kafka', async () => seen.get(event.id) === 1, 15_000);
    await waitFor(
      'outbox acknowledged',
      async () => (await stored('kicked-1'))?.outboxPending === false,
      10_000,
    );
    expect(relay.scans).toBe(1);
    expect(await stored('kicked-1')).toMatchObject({ state: 'NEW', outbox: [], outboxPending: false });
    await relay.onApplicationShutdown();
  });

  it('a write nobody kicked (its process died) is published by the backing-off safety-net scan', async () => {
    const event = probeEvent('orphan-1');
    await model.create(newWithEvents({ _id: 'orphan-1', state: 'NEW' }, [event]));
    const relay = relayWith(20);
    await waitFor('orphaned event on Kafka', async () => seen.get(event.id) === 1, 15_000);
    // Idle scans back off (20 ms doubling to 640 ms): far fewer than one per 20 ms over 2 s.
    const before = relay.scans;
    await new Promise((r) => setTimeout(r, 2000));
    expect(relay.scans - before).toBeLessThan(12);
    expect(relay.scans - before).toBeGreaterThan(0);
    await relay.onApplicationShutdown();
  });

  it('events appended while the relay acknowledges are kept and published once each', async () => {
    const relay = relayWith(600_000);
    await model.create(newWithEvents({ _id: 'busy-1', state: 'S0' }, [probeEvent('busy-1')]));
    const ids: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const e = probeEvent('busy-1');
      ids.push(e.id);
      // The aggregate's own write, racing the relay's acknowledgement of the previous events.
      await lockedUpdateOne(model, { _id: 'busy-1' }, withEvents({ $set: { state: `S${i}` } }, [e]));
      relay.kick(model, 'busy-1');
    }
    await waitFor('all 20 events on Kafka', async () => ids.every((id) => (seen.get(id) ?? 0) >= 1), 20_000);
    await waitFor('outbox drained', async () => (await stored('busy-1'))?.outboxPending === false, 10_000);
    expect(ids.map((id) => seen.get(id))).toEqual(ids.map(() => 1));
    expect((await stored('busy-1'))?.state).toBe('S20');
    await relay.onApplicationShutdown();
  });
});
