import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { loadConfig } from '@app/config';
import { HealthController, setupHttp } from '@app/http';
import { kafkaConsumerOptions, MessagingModule } from '@app/messaging';
import { persistenceFor } from '@app/persistence';
import { VerificationConfig } from './config';
import {
  ASSESSMENT,
  AssessmentSchema,
  CREDIT_RECORD,
  CreditRecordSchema,
  EVIDENCE,
  EvidenceSchema,
  SUPPLEMENT_CHECK,
  SupplementCheckSchema,
} from './infra/schemas';
import { DataSharingSources } from './infra/sources';
import {
  EvidenceController,
  VERIFICATION_GROUP,
  VerificationConsumer,
} from './infra/verification.controllers';
import { AssessSubCaseUseCase } from './usecases/assess-subcase/assess-subcase';
import { CheckSupplementUseCase, RecordCreditUseCase } from './usecases/check-supplement/check-supplement';

/** Verification through data sharing: consumes verification requests, emits assessments. */
async function bootstrap(): Promise<void> {
  const config = loadConfig(VerificationConfig);
  @Module({
    imports: [
      persistenceFor(config, 'verification'),
      MongooseModule.forFeature([
        { name: ASSESSMENT, schema: AssessmentSchema },
        { name: EVIDENCE, schema: EvidenceSchema },
        { name: CREDIT_RECORD, schema: CreditRecordSchema },
        { name: SUPPLEMENT_CHECK, schema: SupplementCheckSchema },
      ]),
      MessagingModule.forService(config, 'verification'),
    ],
    controllers: [VerificationConsumer, EvidenceController, HealthController],
    providers: [
      { provide: VerificationConfig, useValue: config },
      DataSharingSources,
      AssessSubCaseUseCase,
      CheckSupplementUseCase,
      RecordCreditUseCase,
    ],
  })
  class VerificationModule {}
  const app = await NestFactory.create(VerificationModule, { logger: ['error', 'warn'], bodyParser: false });
  setupHttp(app, {
    service: 'verification',
    title: 'Verification',
    description: '数据共享核验 Verification of materials through government data sharing',
    tokens: {
      secret: config.JWT_SECRET,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      jwksUri: config.JWKS_URI,
    },
  });
  app.connectMicroservice(kafkaConsumerOptions(config, 'verification', VERIFICATION_GROUP));
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
}
void bootstrap();
