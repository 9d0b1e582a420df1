import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { BSON, MongoClient } from 'mongodb';
import { stackSettings } from '@app/testing';
import { sleep, summarize, LatencySummary } from './lib/stats';

/**
 * The engines' own rates on this machine, measured with their plain clients and nothing of ours:
 * the same count and size of Kafka events and MongoDB writes one application costs.
 */

function kafka(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: stackSettings().KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
}

async function withTopic<T>(
  label: string,
  partitions: number,
  fn: (topic: string, k: Kafka) => Promise<T>,
): Promise<T> {
  const k = kafka(`bench-${label}`);
  const topic = `bench.${label}.${randomBytes(4).toString('hex')}`;
  const admin = k.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
  });
  try {
    return await fn(topic, k);
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

function payload(bytes: number, i: number): string {
  const pad = Math.max(0, bytes - 40);
  return JSON.stringify({ i, pad: 'x'.repeat(pad) });
}

/**
 * Produce `count` messages of `bytes` each (acks=all, batches of `batch`, keyed over `keys` keys),
 * consumed by a consumer that does nothing; rate = messages per second until the last is consumed.
 */
export async function rawKafkaThroughput(
  count: number,
  bytes: number,
  batch = 50,
  keys = 500,
): Promise<{ perS: number; seconds: number }> {
  return withTopic('tput', 3, async (topic, k) => {
    const consumer = k.consumer({ groupId: `${topic}-g`, maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    let resolveAll: () => void = () => undefined;
    const all = new Promise<void>((r) => (resolveAll = r));
    await consumer.run({
      eachBatch: async ({ batch: b }) => {
        seen += b.messages.length;
        if (seen >= count) resolveAll();
      },
    });
    await sleep(1000);
    const producer = k.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const t0 = performance.now();
    // Several sends in flight, like several relays publishing at once.
    const lanes = 4;
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < count) {
          const from = next;
          next = Math.min(count, next + batch);
          const messages = [];
          for (let i = from; i < next; i++)
            messages.push({ key: `app-${i % keys}`, value: payload(bytes, i) });
          await producer.send({ topic, acks: -1, messages });
        }
      }),
    );
    await Promise.race([all, sleep(120000)]);
    const seconds = (performance.now() - t0) / 1000;
    await producer.disconnect();
    await consumer.disconnect();
    return { perS: seen / seconds, seconds };
  });
}

/** One message at a time (acks=all), send start → the consumer's callback: the engines' latency floor. */
export async function rawKafkaLatency(
  count: number,
  bytes: number,
  perSecond = 100,
): Promise<LatencySummary> {
  return withTopic('lat', 3, async (topic, k) => {
    const consumer = k.consumer({ groupId: `${topic}-g`, maxWaitTimeInMs: 50 });
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const now = performance.now();
        const i = Number(message.key?.toString());
        const t = sentAt.get(i);
        if (t !== undefined) latencies.push(now - t);
      },
    });
    await sleep(1500);
    const producer = k.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const t0 = performance.now();
    const sends: Array<Promise<unknown>> = [];
    for (let i = 0; i < count; i++) {
      const wait = t0 + (i * 1000) / perSecond - performance.now();
      if (wait > 0) await sleep(wait);
      sentAt.set(i, performance.now());
      sends.push(
        producer.send({ topic, acks: -1, messages: [{ key: String(i), value: payload(bytes, i) }] }),
      );
    }
    await Promise.all(sends);
    const deadline = performance.now() + 10000;
    while (latencies.length < count && performance.now() < deadline) await sleep(50);
    await producer.disconnect();
    await consumer.disconnect();
    return summarize(latencies);
  });
}

export function flatDocument(bytes: number, i: number, runId: string): Record<string, unknown> {
  const doc = { _id: `${runId}-${i}`, i, pad: '' };
  const overhead = BSON.calculateObjectSize(doc);
  doc.pad = 'x'.repeat(Math.max(0, bytes - overhead));
  return doc;
}

export async function withBenchDb<T>(fn: (client: MongoClient, dbName: string) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(stackSettings().MONGODB_URI, { directConnection: true });
  const dbName = `bench_${randomBytes(4).toString('hex')}`;
  try {
    return await fn(client, dbName);
  } finally {
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  }
}

/** `count` single-document inserts of `bytes` each, `concurrency` in flight: the driver's write rate. */
export async function rawMongoSingleWrites(
  count: number,
  bytes: number,
  concurrency = 16,
): Promise<{ perS: number; seconds: number }> {
  return withBenchDb(async (client, dbName) => {
    const coll = client.db(dbName).collection<Record<string, unknown>>('raw');
    const runId = randomBytes(3).toString('hex');
    const docs = Array.from({ length: count }, (_, i) => flatDocument(bytes, i, runId));
    await coll.insertOne(flatDocument(bytes, -1, runId)); // creates the collection outside the timing
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const doc = docs[next++];
          if (doc) await coll.insertOne(doc);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return { perS: count / seconds, seconds };
  });
}
