import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { loadConfig, PlatformConfig } from '@app/config';
import { setupHttp, HealthController } from '@app/http';
import { MessagingModule } from '@app/messaging';
import { persistenceFor } from '@app/persistence';
import { ProbeController } from './probe.controller';
import { ProbeRecord, ProbeRecordSchema } from './probe.schema';

/** Plumbing probe (producer side): HTTP → mongoose with outbox → Kafka. Used by the platform tests. */
async function bootstrap(): Promise<void> {
  const config = loadConfig(PlatformConfig);
  @Module({
    imports: [
      persistenceFor(config, 'probe-producer'),
      MongooseModule.forFeature([{ name: ProbeRecord.name, schema: ProbeRecordSchema }]),
      MessagingModule.forService(config, 'probe-producer'),
    ],
    controllers: [ProbeController, HealthController],
  })
  class ProbeProducerModule {}
  const app = await NestFactory.create(ProbeProducerModule, { logger: ['error', 'warn'], bodyParser: false });
  setupHttp(app, {
    service: 'probe-producer',
    title: 'Probe producer',
    description: '平台探针（生产端） Platform probe, producer side',
    tokens: {
      secret: config.JWT_SECRET,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      jwksUri: config.JWKS_URI,
    },
  });
  await app.listen(config.PORT, config.HOST);
}
void bootstrap();
