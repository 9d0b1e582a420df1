import { getQueueToken } from '@nestjs/bull';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bull';
import { observeQueues } from '@app/observability';
import { RECTIFICATION_QUEUE } from './infra/due.processor';
import { loadConfig } from '@app/config';
import { setupHttp } from '@app/http';
import { kafkaConsumerOptions } from '@app/messaging';
import { EVALUATION_SERVICE, EvaluationConfig } from './evaluation.config';
import { EvaluationModule } from './evaluation.module';
import { EVALUATION_GROUP } from './infra/events.consumer';

/** 好差评 service: ratings, the rectification loop, appeals and KPIs folded from events. */
async function bootstrap(): Promise<void> {
  const config = loadConfig(EvaluationConfig);
  const app = await NestFactory.create(EvaluationModule.forConfig(config), {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  setupHttp(app, {
    service: 'evaluation',
    title: 'Evaluation (好差评)',
    description:
      '好差评、差评整改闭环、申诉与服务指标 Ratings, the rectification loop, appeals and service KPIs',
    tokens: {
      secret: config.JWT_SECRET,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      jwksUri: config.JWKS_URI,
    },
  });
  // Queue depth metric, Redis readiness, and the optional bull-board dashboard.
  observeQueues(app, [app.get<Queue>(getQueueToken(RECTIFICATION_QUEUE))], {
    dashboard: config.QUEUE_DASHBOARD,
  });
  app.connectMicroservice(kafkaConsumerOptions(config, EVALUATION_SERVICE, EVALUATION_GROUP));
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
}
void bootstrap();
