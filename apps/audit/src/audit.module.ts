import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { HealthController } from '@app/http';
import { MessagingModule } from '@app/messaging';
import { persistenceFor } from '@app/persistence';
import { AUDIT_SERVICE, AuditConfig } from './audit.config';
import { ArchiveConsumer } from './infra/archive.consumer';
import { ArchiveReadRecord, ArchiveReadRecordSchema } from './infra/archive-read.schema';
import { AuditController } from './infra/audit.controller';
import { MongoArchiveStore } from './infra/mongo-archive.store';
import { OutboxReadLog } from './infra/outbox-read-log';
import { ArchiveEvent } from './usecases/archive-event/archive-event';
import { AuditorReads } from './usecases/read-archive/auditor-reads';

@Module({})
export class AuditModule {
  static forConfig(config: AuditConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        persistenceFor(config, AUDIT_SERVICE),
        MongooseModule.forFeature([{ name: ArchiveReadRecord.name, schema: ArchiveReadRecordSchema }]),
        MessagingModule.forService(config, AUDIT_SERVICE),
      ],
      controllers: [ArchiveConsumer, AuditController, HealthController],
      providers: [
        { provide: AuditConfig, useValue: config },
        MongoArchiveStore,
        OutboxReadLog,
        {
          provide: ArchiveEvent,
          useFactory: (store: MongoArchiveStore) =>
            new ArchiveEvent(store, () => new Date(), config.AUDIT_APPEND_MAX_ATTEMPTS),
          inject: [MongoArchiveStore],
        },
        {
          provide: AuditorReads,
          useFactory: (store: MongoArchiveStore, log: OutboxReadLog) => new AuditorReads(store, log),
          inject: [MongoArchiveStore, OutboxReadLog],
        },
      ],
    };
  }
}
