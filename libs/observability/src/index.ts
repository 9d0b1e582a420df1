import { INestApplication, LoggerService } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { Logger } from 'pino';
import { Counter, Gauge, Histogram, collectDefaultMetrics, Registry } from 'prom-client';

/** One metrics registry per process; `/metrics` serves it in the Prometheus text format. */
export const metricsRegistry = new Registry();
let defaultsCollected = false;

export const httpRequestDuration = new Histogram({
  name: 'ipw_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const eventHandlerDuration = new Histogram({
  name: 'ipw_event_handler_duration_seconds',
  help: 'Kafka event handler latency by event type and outcome',
  labelNames: ['type', 'outcome'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [metricsRegistry],
});

export const deadLettersTotal = new Counter({
  name: 'ipw_dead_letters_total',
  help: 'Messages sent to the dead-letter topic, by error code',
  labelNames: ['code'],
  registers: [metricsRegistry],
});

export const eventsPublishedTotal = new Counter({
  name: 'ipw_events_published_total',
  help: 'Events relayed from the outbox to Kafka',
  registers: [metricsRegistry],
});

export const storeCommandDuration = new Histogram({
  name: 'ipw_store_command_duration_seconds',
  help: 'MongoDB commands by collection and command (where the store time of a service goes)',
  labelNames: ['collection', 'command', 'outcome'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers: [metricsRegistry],
});

interface CommandEventSource {
  on(
    event: 'commandStarted',
    listener: (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => void,
  ): unknown;
  on(
    event: 'commandSucceeded' | 'commandFailed',
    listener: (e: { requestId: number; duration: number }) => void,
  ): unknown;
}

const MONITORED = new Set([
  'find',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'count',
  'aggregate',
  'getMore',
  'distinct',
]);

/**
 * Times every store command of a driver client opened with `monitorCommands: true`, by collection:
 * the store is what bounds the pipeline (docs/benchmarks.md), so operators and the benchmark see
 * which collection and command its time goes to.
 */
export function observeStoreCommands(client: CommandEventSource): void {
  const started = new Map<number, { collection: string; command: string }>();
  client.on('commandStarted', (e) => {
    if (!MONITORED.has(e.commandName)) return;
    const target = e.command[e.commandName];
    started.set(e.requestId, {
      collection: typeof target === 'string' ? target : '-',
      command: e.commandName,
    });
  });
  const finish = (outcome: string) => (e: { requestId: number; duration: number }) => {
    const s = started.get(e.requestId);
    if (!s) return;
    started.delete(e.requestId);
    storeCommandDuration.observe({ ...s, outcome }, e.duration / 1000);
  };
  client.on('commandSucceeded', finish('ok'));
  client.on('commandFailed', finish('error'));
}

/** Registers a gauge whose value is read when Prometheus scrapes (outbox backlog, queue depth …). */
export function observedGauge(
  name: string,
  help: string,
  read: () => Promise<Array<{ labels?: Record<string, string>; value: number }>>,
  labelNames: string[] = [],
): Gauge {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Gauge;
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      for (const { labels, value } of await read().catch(() => [])) {
        if (labels) this.set(labels, value);
        else this.set(value);
      }
    },
  });
}

// 18-character resident ID numbers (GB 11643) anywhere in a log line are masked: keep 6 + 4.
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
export function maskPersonalText(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2');
}

/**
 * The ids of the request or event being handled, carried through async calls so that every log line
 * written while handling it names them (HTTP: request id + correlation header; Kafka: event id,
 * correlation id, causation id).
 */
export interface LogContext {
  requestId?: string;
  correlationId?: string;
  eventId?: string;
  eventType?: string;
}
const logContext = new AsyncLocalStorage<LogContext>();
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return logContext.run({ ...(logContext.getStore() ?? {}), ...context }, fn);
}

export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    mixin: () => ({ ...(logContext.getStore() ?? {}) }),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.idNumber', '*.*.idNumber'],
      censor: '[redacted]',
    },
    hooks: {
      // Personal data is masked in every message, whatever the call site forgot.
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? maskPersonalText(a) : a)) as Parameters<typeof method>,
        );
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest's logger routed to pino (structured JSON, masked). */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace: trace ? maskPersonalText(trace) : undefined }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

/** Request logging (with request and correlation ids), HTTP metrics, and GET /metrics. */
export function setupObservability(app: INestApplication, service: string): Logger {
  const logger = createLogger(service);
  if (!defaultsCollected) {
    collectDefaultMetrics({ register: metricsRegistry, prefix: 'ipw_' });
    defaultsCollected = true;
  }
  app.useLogger(new PinoNestLogger(logger));
  app.use(
    (req: Request & { requestId?: string; route?: { path?: string } }, res: Response, next: NextFunction) => {
      const start = process.hrtime.bigint();
      res.on('finish', () => {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        // A cached answer names the route pattern that produced it (res.locals.routePattern).
        const route =
          (res.locals.routePattern as string | undefined) ??
          (req.route?.path as string | undefined) ??
          (res.statusCode === 404 ? 'unmatched' : req.path);
        httpRequestDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
        if (req.path !== '/metrics' && !req.path.startsWith('/health')) {
          logger.info(
            {
              requestId: req.requestId,
              correlationId: req.headers['x-correlation-id'],
              method: req.method,
              path: maskPersonalText(req.originalUrl),
              status: res.statusCode,
              ms: Math.round(seconds * 1000),
            },
            'http',
          );
        }
      });
      const correlation = req.headers['x-correlation-id'];
      withLogContext(
        {
          requestId: req.requestId,
          ...(typeof correlation === 'string' ? { correlationId: correlation } : {}),
        },
        next,
      );
    },
  );
  const http = app.getHttpAdapter().getInstance() as {
    get: (path: string, h: (req: Request, res: Response) => void) => void;
  };
  http.get('/metrics', (_req, res) => {
    void metricsRegistry.metrics().then((body) => res.type(metricsRegistry.contentType).send(body));
  });
  return logger;
}

/** Readiness checks registered by the platform pieces a service uses (Kafka, Redis …). */
const readinessChecks = new Map<string, () => Promise<boolean>>();
export function registerReadinessCheck(name: string, check: () => Promise<boolean>): void {
  readinessChecks.set(name, check);
}
export async function runReadinessChecks(timeoutMs = 2000): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const [name, check] of readinessChecks) {
    out[name] = await Promise.race([
      check().catch(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref()),
    ]);
  }
  return out;
}

/**
 * Queue dashboard (bull-board) at /admin/queues, plus a queue-depth gauge per queue and state.
 * The dashboard is for operators: it is mounted only when `enabled` (QUEUE_DASHBOARD=true) and
 * should sit behind the operator network in production.
 */
export function observeQueues(
  app: INestApplication,
  queues: import('bull').Queue[],
  opts: { dashboard: boolean },
): void {
  observedGauge(
    'ipw_queue_jobs',
    'bull jobs by queue and state',
    async () => {
      const out: Array<{ labels: Record<string, string>; value: number }> = [];
      for (const q of queues) {
        const counts = await q.getJobCounts();
        for (const [state, value] of Object.entries(counts))
          out.push({ labels: { queue: q.name, state }, value: Number(value) });
      }
      return out;
    },
    ['queue', 'state'],
  );
  const first = queues[0];
  if (first) registerReadinessCheck('redis', async () => (await first.client.ping()) === 'PONG');
  if (!opts.dashboard) return;
  const { createBullBoard } = require('@bull-board/api') as typeof import('@bull-board/api');
  const { BullAdapter } =
    require('@bull-board/api/bullAdapter') as typeof import('@bull-board/api/bullAdapter');
  const { ExpressAdapter } = require('@bull-board/express') as typeof import('@bull-board/express');
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/admin/queues');
  // The express adapter and the api package are released separately; their adapter types differ by patch level.
  createBullBoard({
    queues: queues.map((q) => new BullAdapter(q, { readOnlyMode: true })),
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  app.use('/admin/queues', serverAdapter.getRouter());
}
