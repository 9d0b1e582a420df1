import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { BUSINESS_TOPICS, TOPICS } from '@app/contracts';

export interface StackSettings {
  KAFKA_BROKERS: string;
  MONGODB_URI: string;
  REDIS_URL: string;
}

export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Engine settings: environment first, else what `npm run stack:up` wrote. */
export function stackSettings(): StackSettings {
  const file = join(process.env.STACK_DIR ?? join(REPO_ROOT, '.stack'), 'stack.env.json');
  const fromFile = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<StackSettings>) : {};
  const s = {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? fromFile.KAFKA_BROKERS ?? '',
    MONGODB_URI: process.env.MONGODB_URI ?? fromFile.MONGODB_URI ?? '',
    REDIS_URL: process.env.REDIS_URL ?? fromFile.REDIS_URL ?? '',
  };
  if (!s.KAFKA_BROKERS || !s.MONGODB_URI || !s.REDIS_URL)
    throw new Error('local stack not configured: run `npm run stack:up`');
  return s;
}

/**
 * A namespace per test run: topic prefix, database prefix and bull prefix, so concurrent or
 * repeated runs never see each other's events, documents or jobs.
 */
export interface TestNamespace {
  id: string;
  topicPrefix: string;
  dbPrefix: string;
  bullPrefix: string;
  env: Record<string, string>;
}

export async function createNamespace(label: string, partitions = 3): Promise<TestNamespace> {
  const id = `${label
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 12)
    .toLowerCase()}${randomBytes(3).toString('hex')}`;
  const ns: TestNamespace = {
    id,
    topicPrefix: `t.${id}.`,
    dbPrefix: `t_${id}_`,
    bullPrefix: `t-${id}`,
    env: {},
  };
  const s = stackSettings();
  ns.env = {
    ...s,
    NODE_ENV: 'test',
    KAFKA_TOPIC_PREFIX: ns.topicPrefix,
    MONGODB_DB_PREFIX: ns.dbPrefix,
    BULL_PREFIX: ns.bullPrefix,
  };
  await createTopics(s.KAFKA_BROKERS, ns.topicPrefix, partitions);
  return ns;
}

export function testKafka(clientId = 'test'): Kafka {
  return new Kafka({
    clientId,
    brokers: stackSettings().KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
}

export async function createTopics(brokers: string, prefix: string, partitions: number): Promise<void> {
  const kafka = new Kafka({
    clientId: 'test-topics',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = [...BUSINESS_TOPICS, TOPICS.platform, TOPICS.deadLetter]
      .map((t) => `${prefix}${t}`)
      .filter((t) => !existing.has(t));
    if (topics.length)
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
  } finally {
    await admin.disconnect();
  }
}

/** Drops a namespace's topics and databases (best effort, after a test file). */
export async function dropNamespace(ns: TestNamespace): Promise<void> {
  const s = stackSettings();
  const kafka = new Kafka({
    clientId: 'test-cleanup',
    brokers: s.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(ns.topicPrefix));
    if (mine.length) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  const client = await MongoClient.connect(s.MONGODB_URI, { directConnection: true });
  try {
    const dbs = await client.db('admin').admin().listDatabases();
    for (const db of dbs.databases)
      if (db.name.startsWith(ns.dbPrefix))
        await client
          .db(db.name)
          .dropDatabase()
          .catch(() => undefined);
  } finally {
    await client.close();
  }
}

export async function withMongo<T>(fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(stackSettings().MONGODB_URI, { directConnection: true });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
