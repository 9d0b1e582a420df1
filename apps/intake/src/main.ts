import { getQueueToken } from '@nestjs/bull';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bull';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { observedGauge, observeQueues } from '@app/observability';
import { DISPATCH_QUEUE_NAME } from './infra/dispatch';
import { loadConfig } from '@app/config';
import { setupHttp } from '@app/http';
import { kafkaConsumerOptions } from '@app/messaging';
import { IntakeConfig } from './config';
import { CACHEABLE_CATALOGUE_ROUTES, CatalogueResponseCache } from './infra/persistence';
import { INTAKE_GROUP } from './infra/case-events.consumer';
import { IntakeModule, SERVICE } from './intake.module';

/** Intake: catalogue, one bundled application, its fan-out saga and dispatch to linked processes. */
async function bootstrap(): Promise<void> {
  const config = loadConfig(IntakeConfig);
  const app = await NestFactory.create(IntakeModule.forRoot(config), {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  setupHttp(app, {
    service: 'intake',
    title: 'Intake 一件事受理',
    description:
      '服务事项清单、一次告知、一表申请、拆分与联办 — catalogue, one-time notice, bundled filing, fan-out and dispatch',
    tokens: {
      secret: config.JWT_SECRET,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      jwksUri: config.JWKS_URI,
    },
    responseCache: { cache: app.get(CatalogueResponseCache), routes: CACHEABLE_CATALOGUE_ROUTES },
  });
  // Queue depth metric, Redis readiness, and the optional bull-board dashboard.
  observeQueues(app, [app.get<Queue>(getQueueToken(DISPATCH_QUEUE_NAME))], {
    dashboard: config.QUEUE_DASHBOARD,
  });
  observeSubCases(app.get<Connection>(getConnectionToken()));
  app.connectMicroservice(kafkaConsumerOptions(config, SERVICE, INTAKE_GROUP));
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
}
/** `ipw_subcases{state,authority}` read from the applications when scraped. */
function observeSubCases(connection: Connection): void {
  observedGauge(
    'ipw_subcases',
    'Sub-cases by state and authority',
    async () => {
      const rows = await connection
        .collection('applications')
        .aggregate<{ _id: { state: string; authority: string }; n: number }>([
          { $unwind: '$subCases' },
          { $group: { _id: { state: '$subCases.state', authority: '$subCases.authority' }, n: { $sum: 1 } } },
        ])
        .toArray();
      return rows.map((r) => ({ labels: { state: r._id.state, authority: r._id.authority }, value: r.n }));
    },
    ['state', 'authority'],
  );
}

void bootstrap();
