import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response, json } from 'express';
import { AuthGuard, TokenSettings } from '@app/auth';
import { ProblemDetailsFilter } from './problem';
import { createValidationPipe } from './validation';
import { setupObservability } from '@app/observability';

export interface HttpSetup {
  title: string;
  description: string;
  tokens: TokenSettings;
  bodyLimit?: string;
  /** Service name in logs and metrics (defaults to the title, slugged). */
  service?: string;
}

/** Request ids, body limits, validation, problem+json, the auth guard and OpenAPI at /docs. */
export function setupHttp(app: INestApplication, setup: HttpSetup): OpenAPIObject {
  const service = setup.service ?? setup.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  app.use((req: Request & { requestId?: string }, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    req.requestId = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.requestId);
    next();
  });
  setupObservability(app, service);
  app.use(json({ limit: setup.bodyLimit ?? '1mb' }));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalGuards(new AuthGuard(app.get(Reflector), setup.tokens));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(setup.title).setDescription(setup.description).setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return document;
}
