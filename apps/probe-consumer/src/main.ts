import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BullModule } from '@nestjs/bull';
import { loadConfig, PlatformConfig } from '@app/config';
import { setupHttp, HealthController } from '@app/http';
import { kafkaConsumerOptions, MessagingModule } from '@app/messaging';
import { persistenceFor } from '@app/persistence';
import { PROBE_QUEUE, ProbeEffects } from './probe-effects';
import { PROBE_GROUP, ProbeConsumerController, ProbeProcessor } from './probe.consumer';

/** Plumbing probe (consumer side): Kafka → idempotent effect → bull delayed job. */
async function bootstrap(): Promise<void> {
  const config = loadConfig(PlatformConfig);
  @Module({
    imports: [
      persistenceFor(config, 'probe-consumer'),
      MessagingModule.forService(config, 'probe-consumer'),
      BullModule.forRoot({ redis: config.REDIS_URL, prefix: config.BULL_PREFIX }),
      BullModule.registerQueue({ name: PROBE_QUEUE }),
    ],
    controllers: [ProbeConsumerController, HealthController],
    providers: [ProbeEffects, ProbeProcessor],
  })
  class ProbeConsumerModule {}
  const app = await NestFactory.create(ProbeConsumerModule, { logger: ['error', 'warn'], bodyParser: false });
  setupHttp(app, {
    service: 'probe-consumer',
    title: 'Probe consumer',
    description: '平台探针（消费端） Platform probe, consumer side',
    tokens: {
      secret: config.JWT_SECRET,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      jwksUri: config.JWKS_URI,
    },
  });
  app.connectMicroservice(kafkaConsumerOptions(config, 'probe-consumer', PROBE_GROUP));
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
}
void bootstrap();
