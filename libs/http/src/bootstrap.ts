import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response, json } from 'express';
import { AuthGuard, TokenSettings } from '@app/auth';
import { DomainError } from '@app/contracts';
import { ProblemDetailsFilter } from './problem';
import { CacheableRoute, ResponseCache } from './response-cache';
import { createValidationPipe } from './validation';
import { setupObservability } from '@app/observability';

export interface HttpSetup {
  title: string;
  description: string;
  tokens: TokenSettings;
  bodyLimit?: string;
  /** Service name in logs and metrics (defaults to the title, slugged). */
  service?: string;
  /** Public deterministic reads answered from memory before Nest's pipeline (see ResponseCache). */
  responseCache?: { cache: ResponseCache; routes: readonly CacheableRoute[] };
}

/** No request body of ours nests deeper than this; deeper input would overflow the validators' recursion. */
export const MAX_BODY_DEPTH = 32;

export function jsonDepth(value: unknown): number {
  // Iterative, so that measuring a hostile body cannot itself overflow the stack.
  let max = 0;
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length) {
    const { v, d } = stack.pop() as { v: unknown; d: number };
    if (d > max) max = d;
    if (max > MAX_BODY_DEPTH) return max;
    if (v && typeof v === 'object')
      for (const child of Object.values(v as Record<string, unknown>)) stack.push({ v: child, d: d + 1 });
  }
  return max;
}

function refuseDeepBodies(req: Request, _res: Response, next: NextFunction): void {
  if (req.body && typeof req.body === 'object' && jsonDepth(req.body) > MAX_BODY_DEPTH) {
    next(
      new DomainError('REQUEST.TOO_DEEP', {
        zh: `请求体嵌套层级超过 ${MAX_BODY_DEPTH} 层`,
        en: `The request body nests deeper than ${MAX_BODY_DEPTH} levels`,
      }),
    );
    return;
  }
  next();
}

/** Request ids, body limits, validation, problem+json, the auth guard and OpenAPI at /docs. */
export function setupHttp(app: INestApplication, setup: HttpSetup): OpenAPIObject {
  const service = setup.service ?? setup.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  app.use((req: Request & { requestId?: string }, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    req.requestId =
      typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.requestId);
    next();
  });
  setupObservability(app, service);
  app.use(json({ limit: setup.bodyLimit ?? '1mb' }));
  app.use(refuseDeepBodies);
  if (setup.responseCache) app.use(setup.responseCache.cache.middleware(setup.responseCache.routes));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalGuards(new AuthGuard(app.get(Reflector), setup.tokens));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(setup.title)
      .setDescription(setup.description)
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return document;
}
