import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/**
 * Environment validated once at start and read nowhere else. Defaults for the engines come from
 * `.stack/stack.env.json` (written by `npm run stack:up`); real environment variables win.
 */
export class PlatformConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Bind address: loopback locally; 0.0.0.0 in a container. */
  @IsString()
  HOST = '127.0.0.1';

  @IsString()
  @MinLength(3)
  KAFKA_BROKERS = '';

  @IsOptional()
  @IsString()
  KAFKA_TOPIC_PREFIX = '';

  @IsString()
  @MinLength(1)
  MONGODB_URI = '';

  @IsOptional()
  @IsString()
  MONGODB_DB_PREFIX = '';

  @IsString()
  @MinLength(1)
  REDIS_URL = '';

  @IsOptional()
  @IsString()
  BULL_PREFIX = 'ipw';

  @IsString()
  @MinLength(16)
  JWT_SECRET = 'local-development-secret-change-me';

  @IsString()
  JWT_ISSUER = 'ipw-local';

  @IsString()
  JWT_AUDIENCE = 'ipw-services';

  @IsOptional()
  @IsUrl({ require_tld: false })
  JWKS_URI?: string;

  /** Key for HMAC digests of personal ID numbers, so events compare without carrying them. */
  @IsString()
  @MinLength(16)
  PII_HMAC_KEY = 'local-development-pii-key-change-me';

  @IsInt()
  @Min(1)
  CONSUMER_MAX_ATTEMPTS = 5;

  @IsInt()
  @Min(0)
  CONSUMER_RETRY_BACKOFF_MS = 200;

  @IsInt()
  @Min(5)
  OUTBOX_POLL_MS = 100;

  /**
   * Longest pause of the relay's safety-net scan while it finds nothing (it backs off from
   * OUTBOX_POLL_MS). Local writes are relayed at once by `_id`; the scan only finds events of a
   * process that died before relaying them — and on FerretDB it reads every document.
   */
  @IsInt()
  @Min(5)
  OUTBOX_IDLE_SCAN_MAX_MS = 30000;

  @IsBoolean()
  OUTBOX_RELAY_ENABLED = true;

  @IsInt()
  @Min(3000)
  KAFKA_SESSION_TIMEOUT_MS = 30000;

  /**
   * Partitions one consumer works on at a time (kafkajs `partitionsConsumedConcurrently`). Order
   * holds within a partition (one application's events share a key); handlers that can meet one
   * aggregate from two topics serialise on it themselves.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  KAFKA_PARTITIONS_CONCURRENTLY = 4;

  @IsString()
  LOG_LEVEL = 'info';

  /** Mount the read-only bull-board queue dashboard at /admin/queues (operators' network only). */
  @IsBoolean()
  QUEUE_DASHBOARD = false;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

function stackDefaults(): Record<string, string> {
  const file = join(process.env.STACK_DIR ?? join(process.cwd(), '.stack'), 'stack.env.json');
  if (!existsSync(file)) return {};
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const key of ['KAFKA_BROKERS', 'MONGODB_URI', 'REDIS_URL']) {
    const v = raw[key];
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

/** Converts env strings to the types declared by the defaults of the class. */
function coerce<T extends object>(
  cls: new () => T,
  env: Record<string, string | undefined>,
): Record<string, unknown> {
  const sample = new cls() as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const kind = typeof sample[key];
    if (kind === 'number')
      out[key] = value.trim() === '' || Number.isNaN(Number(value)) ? value : Number(value);
    else if (kind === 'boolean') out[key] = value === 'true' ? true : value === 'false' ? false : value;
    else out[key] = value;
  }
  return out;
}

/** Loads and validates; a bad or missing variable stops the start with a message naming it. */
export function loadConfig<T extends PlatformConfig>(
  cls: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const merged = { ...stackDefaults(), ...env };
  const known = Object.keys(new cls());
  const relevant: Record<string, string | undefined> = {};
  for (const key of known) if (merged[key] !== undefined) relevant[key] = merged[key];
  const instance = Object.assign(new cls(), plainToInstance(cls, coerce(cls, relevant)));
  const errors = validateSync(instance, { forbidUnknownValues: false });
  const problems = errors.map(
    (e) => `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
  );
  if (instance.NODE_ENV === 'production') {
    if (instance.JWT_SECRET.startsWith('local-development'))
      problems.push('JWT_SECRET: must be set in production');
    if (instance.PII_HMAC_KEY.startsWith('local-development'))
      problems.push('PII_HMAC_KEY: must be set in production');
  }
  if (problems.length) throw new ConfigError(problems);
  // Topic names are computed from the prefix by the contracts library.
  process.env.KAFKA_TOPIC_PREFIX = instance.KAFKA_TOPIC_PREFIX;
  return instance;
}

export function databaseName(config: PlatformConfig, service: string): string {
  return `${config.MONGODB_DB_PREFIX}ipw_${service.replace(/-/g, '_')}`;
}

export { Transform };
