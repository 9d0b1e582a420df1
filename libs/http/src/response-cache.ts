import { NextFunction, Request, RequestHandler, Response } from 'express';

/** A route whose successful answer depends only on its URL (and, for a POST query, its JSON body). */
export interface CacheableRoute {
  method: 'GET' | 'POST';
  path: RegExp;
}

export interface ResponseCacheOptions {
  /** How long an answer is served from memory; no longer than the data behind it may be stale. */
  ttlMs: number;
  maxEntries?: number;
  /** Answers larger than this are not kept. */
  maxBodyBytes?: number;
}

interface Entry {
  body: Buffer;
  contentType: string;
  etag?: string;
  /** The route pattern that answered, for the metrics' `route` label on a hit. */
  route?: string;
  expiresAt: number;
}

/**
 * A micro-cache for public, deterministic reads (the catalogue, the one-time notice): the serialized
 * 200 answer is kept for a short time and served before Nest's routing, guards, pipes and
 * serialization run — what a reverse proxy's cache would do, in process. Request ids, access logs and
 * metrics still run for every request (their middleware comes first).
 *
 * Safe by construction: only answers to requests without credentials are kept or served (an answer
 * never crosses callers); only 200 answers are kept, so a request the validators refuse is refused
 * again every time; an identical URL and body validate identically. The owner clears the cache when
 * the data behind it changes (e.g. a catalogue version published here); other instances see the
 * change within `ttlMs`.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxBodyBytes: number;
  hits = 0;
  misses = 0;

  constructor(private readonly options: ResponseCacheOptions) {
    this.maxEntries = options.maxEntries ?? 500;
    this.maxBodyBytes = options.maxBodyBytes ?? 512 * 1024;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Express middleware; mount it after the body parser (a POST's key includes its parsed body). */
  middleware(routes: readonly CacheableRoute[]): RequestHandler {
    return (req: Request, res: Response, next: NextFunction): void => {
      const key = this.keyOf(req, routes);
      if (key === undefined) return next();
      const entry = this.entries.get(key);
      if (entry && entry.expiresAt > Date.now()) {
        this.hits++;
        this.serve(req, res, entry);
        return;
      }
      if (entry) this.entries.delete(key);
      this.misses++;
      this.capture(key, req, res);
      next();
    };
  }

  private keyOf(req: Request, routes: readonly CacheableRoute[]): string | undefined {
    if (req.headers.authorization !== undefined || req.headers.cookie !== undefined) return undefined;
    const route = routes.find((r) => r.method === req.method && r.path.test(req.path));
    if (!route) return undefined;
    if (req.method === 'GET') return `GET ${req.originalUrl}`;
    // A POST query: keyed by its parsed JSON body; anything else goes through the full pipeline.
    if (!req.is('application/json') || req.body === undefined) return undefined;
    return `POST ${req.originalUrl}\n${JSON.stringify(req.body)}`;
  }

  private serve(req: Request, res: Response, entry: Entry): void {
    if (entry.route) res.locals.routePattern = entry.route;
    res.setHeader('content-type', entry.contentType);
    if (entry.etag) res.setHeader('etag', entry.etag);
    res.setHeader('x-cache', 'HIT');
    if (req.method === 'GET' && entry.etag && req.fresh) {
      res.status(304).end();
      return;
    }
    res.setHeader('content-length', entry.body.length);
    res.status(200).end(entry.body);
  }

  /** Keeps the answer Nest is about to send, if it is a 200 of a reasonable size. */
  private capture(key: string, req: Request, res: Response): void {
    const send = res.send.bind(res);
    res.send = (body?: unknown): Response => {
      const out = send(body);
      if (res.statusCode === 200 && (typeof body === 'string' || Buffer.isBuffer(body))) {
        const bytes = typeof body === 'string' ? Buffer.from(body) : body;
        const contentType = res.getHeader('content-type');
        if (bytes.length <= this.maxBodyBytes && typeof contentType === 'string') {
          const etag = res.getHeader('etag');
          const route = (req.route as { path?: unknown } | undefined)?.path;
          this.entries.set(key, {
            body: bytes,
            contentType,
            ...(typeof etag === 'string' ? { etag } : {}),
            ...(typeof route === 'string' ? { route } : {}),
            expiresAt: Date.now() + this.options.ttlMs,
          });
          // Oldest first out: a Map iterates in insertion order.
          while (this.entries.size > this.maxEntries) {
            const oldest = this.entries.keys().next().value;
            if (oldest === undefined) break;
            this.entries.delete(oldest);
          }
        }
      }
      return out;
    };
  }
}
