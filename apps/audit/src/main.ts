import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { setupHttp } from '@app/http';
import { kafkaConsumerOptions } from '@app/messaging';
import { AUDIT_GROUP, AUDIT_SERVICE, AuditConfig } from './audit.config';
import { AuditModule } from './audit.module';

/** Audit: append-only, hash-chained archive of every event; read-only API for auditors. */
async function bootstrap(): Promise<void> {
  const config = loadConfig(AuditConfig);
  const app = await NestFactory.create(AuditModule.forConfig(config), {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  setupHttp(app, {
    service: 'audit',
    title: 'Audit',
    description:
      '审计：不可篡改的事件档案、时间线、时点重放、完整性校验、导出 Immutable event archive for auditors',
    tokens: {
      secret: config.JWT_SECRET,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      jwksUri: config.JWKS_URI,
    },
  });
  app.connectMicroservice(kafkaConsumerOptions(config, AUDIT_SERVICE, AUDIT_GROUP));
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
}
void bootstrap();
