import { getQueueToken } from '@nestjs/bull';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bull';
import { observeQueues } from '@app/observability';
import { DISPATCH_QUEUE_NAME } from './infra/dispatch';
import { loadConfig } from '@app/config';
import { setupHttp } from '@app/http';
import { kafkaConsumerOptions } from '@app/messaging';
import { IntakeConfig } from './config';
import { INTAKE_GROUP } from './infra/case-events.consumer';
import { IntakeModule, SERVICE } from './intake.module';

/** Intake: catalogue, one bundled application, its fan-out saga and dispatch to linked processes. */
async function bootstrap(): Promise<void> {
  const config = loadConfig(IntakeConfig);
  const app = await NestFactory.create(IntakeModule.forRoot(config), { logger: ['error', 'warn'] });
  setupHttp(app, {
    service: 'intake',
    title: 'Intake 一件事受理',
    description: '服务事项清单、一次告知、一表申请、拆分与联办 — catalogue, one-time notice, bundled filing, fan-out and dispatch',
    tokens: { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, jwksUri: config.JWKS_URI },
  });
  // Queue depth metric, Redis readiness, and the optional bull-board dashboard.
  observeQueues(app, [app.get<Queue>(getQueueToken(DISPATCH_QUEUE_NAME))], { dashboard: config.QUEUE_DASHBOARD });
  app.connectMicroservice(kafkaConsumerOptions(config, SERVICE, INTAKE_GROUP));
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
}
void bootstrap();
