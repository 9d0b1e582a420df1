/**
 * The local stack: Kafka (KRaft, jars from Maven Central), Redis (Debian's redis-server) and a
 * MongoDB-compatible server (MONGODB_URI, else mongod on PATH, else FerretDB 1.x built with Go),
 * all on 127.0.0.1, state in `.stack/` (git-ignored). Idempotent: `up` twice is a no-op.
 *
 *   npm run stack:up | stack:down | stack:status
 *
 * Connection settings are written to `.stack/stack.env.json`; the config library and the tests
 * read them from there (environment variables still win).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import { isAlive, readPid, run, startDetached, stopByPidFile, waitUntil, which } from './lib/proc';
import { BUSINESS_TOPICS, TOPICS } from '../libs/contracts/src/registry';

const ROOT = resolve(__dirname, '..');
const STATE = process.env.STACK_DIR ? resolve(process.env.STACK_DIR) : join(ROOT, '.stack');
const KAFKA_VERSION = '3.9.1';
const FERRETDB_VERSION = 'v1.24.2';
const PORTS = {
  kafka: Number(process.env.STACK_KAFKA_PORT ?? 19092),
  kafkaController: Number(process.env.STACK_KAFKA_CONTROLLER_PORT ?? 19093),
  redis: Number(process.env.STACK_REDIS_PORT ?? 16379),
  mongo: Number(process.env.STACK_MONGO_PORT ?? 27117),
};

export interface StackEnv {
  KAFKA_BROKERS: string;
  REDIS_URL: string;
  MONGODB_URI: string;
  engines: { kafka: string; redis: string; mongo: string };
}

const paths = {
  env: join(STATE, 'stack.env.json'),
  kafkaLibs: join(STATE, 'kafka', 'libs'),
  kafkaData: join(STATE, 'kafka', 'data'),
  kafkaConf: join(STATE, 'kafka', 'server.properties'),
  kafkaLog4j: join(STATE, 'kafka', 'log4j.properties'),
  kafkaPid: join(STATE, 'kafka.pid'),
  kafkaLog: join(STATE, 'kafka.log'),
  redisDir: join(STATE, 'redis'),
  redisPid: join(STATE, 'redis.pid'),
  redisLog: join(STATE, 'redis.log'),
  mongoDir: join(STATE, 'mongo'),
  mongoPid: join(STATE, 'mongo.pid'),
  mongoLog: join(STATE, 'mongo.log'),
  bin: join(STATE, 'bin'),
};

function log(msg: string): void {
  process.stdout.write(`[stack] ${msg}\n`);
}

// ---------- Kafka ----------
function ensureKafkaJars(): void {
  if (
    existsSync(paths.kafkaLibs) &&
    readdirSync(paths.kafkaLibs).some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`))
  )
    return;
  if (!which('mvn'))
    throw new Error(
      'mvn not found: install Maven (apt-get install -y maven) to fetch Kafka from Maven Central',
    );
  log(`fetching Apache Kafka ${KAFKA_VERSION} jars from Maven Central with mvn …`);
  mkdirSync(paths.kafkaLibs, { recursive: true });
  const r = run('mvn', [
    '-q',
    '-B',
    '-f',
    join(ROOT, 'deploy/local/kafka-pom.xml'),
    'dependency:copy-dependencies',
    `-DoutputDirectory=${paths.kafkaLibs}`,
    '-DincludeScope=runtime',
  ]);
  if (!r.ok) throw new Error(`mvn failed:\n${r.out}`);
}

function writeKafkaConfig(): void {
  mkdirSync(paths.kafkaData, { recursive: true });
  const props = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${PORTS.kafkaController}`,
    `listeners=PLAINTEXT://127.0.0.1:${PORTS.kafka},CONTROLLER://127.0.0.1:${PORTS.kafkaController}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${PORTS.kafka}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${paths.kafkaData}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Topics come from the project's own topic list (libs/contracts TOPICS), never from a typo.
    'auto.create.topics.enable=false',
    'delete.topic.enable=true',
    'log.retention.hours=168',
  ].join('\n');
  writeFileSync(paths.kafkaConf, `${props}\n`);
  writeFileSync(
    paths.kafkaLog4j,
    [
      'log4j.rootLogger=WARN, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka=WARN',
      'log4j.logger.org.apache.kafka=WARN',
      '',
    ].join('\n'),
  );
}

function java(args: string[]): { ok: boolean; out: string } {
  return run('java', [
    '-Xms64m',
    '-Xmx256m',
    `-Dlog4j.configuration=file:${paths.kafkaLog4j}`,
    '-cp',
    `${paths.kafkaLibs}/*`,
    ...args,
  ]);
}

async function kafkaReady(brokers: string): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'stack-probe',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function ensureTopics(
  brokers: string,
  prefix = '',
  partitions = Number(process.env.KAFKA_PARTITIONS ?? 6),
): Promise<string[]> {
  const kafka = new Kafka({
    clientId: 'stack-topics',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [...BUSINESS_TOPICS, TOPICS.platform, TOPICS.deadLetter].map((t) => `${prefix}${t}`);
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
    }
    return wanted;
  } finally {
    await admin.disconnect();
  }
}

async function upKafka(): Promise<{ brokers: string; engine: string }> {
  if (process.env.KAFKA_BROKERS) {
    log(`Kafka: using KAFKA_BROKERS=${process.env.KAFKA_BROKERS}`);
    return { brokers: process.env.KAFKA_BROKERS, engine: 'external (KAFKA_BROKERS)' };
  }
  const brokers = `127.0.0.1:${PORTS.kafka}`;
  const engine = `Apache Kafka ${KAFKA_VERSION} (KRaft, single node, Java ${javaVersion()})`;
  if (readPid(paths.kafkaPid)) return { brokers, engine };
  ensureKafkaJars();
  writeKafkaConfig();
  if (!existsSync(join(paths.kafkaData, 'meta.properties'))) {
    const id = java(['kafka.tools.StorageTool', 'random-uuid']);
    if (!id.ok) throw new Error(`StorageTool random-uuid failed:\n${id.out}`);
    const clusterId = id.out.trim().split('\n').pop() ?? '';
    const fmt = java(['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', paths.kafkaConf]);
    if (!fmt.ok) throw new Error(`StorageTool format failed:\n${fmt.out}`);
  }
  const pid = startDetached(
    'java',
    [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      `-Dlog4j.configuration=file:${paths.kafkaLog4j}`,
      '-cp',
      `${paths.kafkaLibs}/*`,
      'kafka.Kafka',
      paths.kafkaConf,
    ],
    { logFile: paths.kafkaLog, pidFile: paths.kafkaPid },
  );
  await waitUntil('Kafka', () => kafkaReady(brokers), 90000, pid);
  return { brokers, engine };
}

function javaVersion(): string {
  const r = run('java', ['-version']);
  const m = /version "([^"]+)"/.exec(r.out);
  return m?.[1] ?? 'unknown';
}

// ---------- Redis ----------
async function redisReady(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}

async function upRedis(): Promise<{ url: string; engine: string }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, engine: 'external (REDIS_URL)' };
  const url = `redis://127.0.0.1:${PORTS.redis}`;
  if (!which('redis-server')) {
    log('redis-server missing: installing Debian package redis-server …');
    run('apt-get', ['update']);
    const r = run('apt-get', ['install', '-y', 'redis-server'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (!r.ok) throw new Error(`apt-get install redis-server failed:\n${r.out}`);
  }
  const engine = `redis-server ${(/v=([\d.]+)/.exec(run('redis-server', ['--version']).out) ?? [])[1] ?? '?'}`;
  if (readPid(paths.redisPid)) return { url, engine };
  mkdirSync(paths.redisDir, { recursive: true });
  const pid = startDetached(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(PORTS.redis),
      '--dir',
      paths.redisDir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
    ],
    { logFile: paths.redisLog, pidFile: paths.redisPid },
  );
  await waitUntil('Redis', () => redisReady(url), 20000, pid);
  return { url, engine };
}

// ---------- MongoDB-compatible ----------
async function mongoReady(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000, directConnection: true });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } finally {
    await client.close().catch(() => undefined);
  }
}

function buildFerretDb(): string {
  const binary = join(paths.bin, 'ferretdb');
  if (existsSync(binary)) return binary;
  if (!which('go'))
    throw new Error(
      'go not found: FerretDB is built from the Go module proxy (install Go, or set MONGODB_URI)',
    );
  mkdirSync(paths.bin, { recursive: true });
  // Not `go install pkg@version`: the module proxy here refuses the version list that command
  // reads, and the module's build/version/version.txt is empty outside a git checkout (the binary
  // panics at start). So: download the module, write version.txt, build inside a copy.
  log(`building FerretDB ${FERRETDB_VERSION} from the Go module proxy …`);
  const env = { ...process.env, GOFLAGS: '-mod=mod' };
  const dl = run('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], {
    env,
  });
  if (!dl.ok) throw new Error(`go mod download failed:\n${dl.out}`);
  const dir = (JSON.parse(dl.out) as { Dir: string }).Dir;
  const src = join(STATE, 'ferretdb-src');
  run('rm', ['-rf', src]);
  run('cp', ['-r', dir, src]);
  run('chmod', ['-R', 'u+w', src]);
  writeFileSync(join(src, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
  const build = run('go', ['build', '-o', binary, './cmd/ferretdb'], { cwd: src, env });
  if (!build.ok) throw new Error(`go build of FerretDB failed:\n${build.out}`);
  return binary;
}

async function upMongo(): Promise<{ uri: string; engine: string }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, engine: 'external (MONGODB_URI)' };
  const uri = `mongodb://127.0.0.1:${PORTS.mongo}/`;
  const mongod = which('mongod');
  mkdirSync(paths.mongoDir, { recursive: true });
  if (mongod) {
    const engine = `mongod ${(/db version v([\d.]+)/.exec(run(mongod, ['--version']).out) ?? [])[1] ?? '?'}`;
    if (readPid(paths.mongoPid)) return { uri, engine };
    const pid = startDetached(
      mongod,
      ['--bind_ip', '127.0.0.1', '--port', String(PORTS.mongo), '--dbpath', paths.mongoDir],
      { logFile: paths.mongoLog, pidFile: paths.mongoPid },
    );
    await waitUntil('mongod', () => mongoReady(uri), 60000, pid);
    return { uri, engine };
  }
  const engine = `FerretDB ${FERRETDB_VERSION} (SQLite backend; MongoDB-compatible, not MongoDB)`;
  if (readPid(paths.mongoPid)) return { uri, engine };
  const binary = buildFerretDb();
  const dataDir = join(paths.mongoDir, 'sqlite');
  mkdirSync(dataDir, { recursive: true });
  const pid = startDetached(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${PORTS.mongo}`,
      `--state-dir=${paths.mongoDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { logFile: paths.mongoLog, pidFile: paths.mongoPid },
  );
  await waitUntil('FerretDB', () => mongoReady(uri), 60000, pid);
  return { uri, engine };
}

// ---------- commands ----------
export async function up(): Promise<StackEnv> {
  const started = Date.now();
  mkdirSync(STATE, { recursive: true });
  const [redis, mongo] = await Promise.all([upRedis(), upMongo()]);
  const kafka = await upKafka();
  await ensureTopics(kafka.brokers);
  const env: StackEnv = {
    KAFKA_BROKERS: kafka.brokers,
    REDIS_URL: redis.url,
    MONGODB_URI: mongo.uri,
    engines: { kafka: kafka.engine, redis: redis.engine, mongo: mongo.engine },
  };
  writeFileSync(paths.env, `${JSON.stringify(env, null, 2)}\n`);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  printEnv(env);
  return env;
}

function printEnv(env: StackEnv): void {
  log(`Kafka   ${env.engines.kafka}  KAFKA_BROKERS=${env.KAFKA_BROKERS}`);
  log(`Redis   ${env.engines.redis}  REDIS_URL=${env.REDIS_URL}`);
  log(`MongoDB ${env.engines.mongo}  MONGODB_URI=${env.MONGODB_URI}`);
  log(`settings written to ${paths.env}`);
}

async function down(): Promise<void> {
  // Kafka first: it is the slowest to stop and nothing else depends on it.
  for (const [name, file] of [
    ['kafka', paths.kafkaPid],
    ['redis', paths.redisPid],
    ['mongo', paths.mongoPid],
  ] as const) {
    const stopped = await stopByPidFile(file, name === 'kafka' ? 30000 : 10000);
    log(`${name}: ${stopped ? 'stopped' : 'not running'}`);
  }
}

async function status(): Promise<number> {
  let ok = true;
  for (const [name, file] of [
    ['kafka', paths.kafkaPid],
    ['redis', paths.redisPid],
    ['mongo', paths.mongoPid],
  ] as const) {
    const pid = readPid(file);
    log(`${name}: ${pid && isAlive(pid) ? `running (pid ${pid})` : 'not running'}`);
  }
  if (existsSync(paths.env)) {
    const env = JSON.parse(readFileSync(paths.env, 'utf8')) as StackEnv;
    const checks = await Promise.all([
      kafkaReady(env.KAFKA_BROKERS).catch(() => false),
      redisReady(env.REDIS_URL).catch(() => false),
      mongoReady(env.MONGODB_URI).catch(() => false),
    ]);
    ['kafka', 'redis', 'mongo'].forEach((n, i) => log(`${n}: ${checks[i] ? 'answers' : 'DOES NOT ANSWER'}`));
    ok = checks.every(Boolean);
    printEnv(env);
  } else {
    ok = false;
    log('no stack.env.json: run npm run stack:up');
  }
  return ok ? 0 : 1;
}

if (require.main === module) {
  const cmd = process.argv[2] ?? 'status';
  const main = cmd === 'up' ? up().then(() => 0) : cmd === 'down' ? down().then(() => 0) : status();
  main.then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`[stack] ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
