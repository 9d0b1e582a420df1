import { DynamicModule, Module } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bull';
import { MongooseModule } from '@nestjs/mongoose';
import { Queue } from 'bull';
import { WorkingDayCalendar } from '@app/calendar';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from '@app/http';
import { MessagingModule } from '@app/messaging';
import { persistenceFor } from '@app/persistence';
import { IntakeConfig } from './config';
import { FileApplication } from './usecases/file-application/file-application';
import { CaseEventHandlers } from './usecases/handle-case-events/case-event-handlers';
import { ApplicationCommands } from './usecases/manage-application/application-commands';
import { ReadApplications } from './usecases/read-applications/read-applications';
import {
  APPLICATION_STORE,
  ApplicationStore,
  CATALOGUE_STORE,
  CatalogueStore,
  CLOCK,
  Clock,
  CREDIT_BLOCKS,
  CreditBlocks,
  DISPATCH_QUEUE,
  DispatchQueue,
  DOCUMENT_STORE,
  DocumentStore,
  IDEMPOTENCY_STORE,
  IdempotencyStore,
} from './usecases/ports';
import {
  ApplicationsController,
  InternalController,
  SubCasesController,
} from './infra/applications.controller';
import { CaseEventsConsumer } from './infra/case-events.consumer';
import { CatalogueController } from './infra/catalogue.controller';
import {
  BullDispatchQueue,
  DISPATCH_QUEUE_NAME,
  DispatchProcessor,
  DispatchSweeper,
  LinkedProcessAdapter,
} from './infra/dispatch';
import { DocumentsController } from './infra/documents.controller';
import {
  APPLICATION_MODEL,
  ApplicationSchema,
  GridFsDocumentStore,
  MongoApplicationStore,
  CatalogueResponseCache,
  MongoCatalogueStore,
  MongoCreditBlocks,
  MongoIdempotencyStore,
} from './infra/persistence';

export const SERVICE = 'intake';

@Module({})
export class IntakeModule {
  static forRoot(config: IntakeConfig): DynamicModule {
    return {
      module: IntakeModule,
      imports: [
        persistenceFor(config, SERVICE),
        MongooseModule.forFeature([{ name: APPLICATION_MODEL, schema: ApplicationSchema }]),
        MessagingModule.forService(config, SERVICE),
        BullModule.forRoot({ redis: config.REDIS_URL, prefix: config.BULL_PREFIX }),
        BullModule.registerQueue({ name: DISPATCH_QUEUE_NAME }),
      ],
      controllers: [
        CatalogueController,
        DocumentsController,
        ApplicationsController,
        SubCasesController,
        InternalController,
        CaseEventsConsumer,
        HealthController,
      ],
      providers: [
        { provide: IntakeConfig, useValue: config },
        { provide: WorkingDayCalendar, useFactory: () => WorkingDayCalendar.default() },
        { provide: CLOCK, useValue: { now: () => new Date() } satisfies Clock },
        { provide: APPLICATION_STORE, useClass: MongoApplicationStore },
        CatalogueResponseCache,
        { provide: CATALOGUE_STORE, useClass: MongoCatalogueStore },
        { provide: DOCUMENT_STORE, useClass: GridFsDocumentStore },
        { provide: CREDIT_BLOCKS, useClass: MongoCreditBlocks },
        { provide: IDEMPOTENCY_STORE, useClass: MongoIdempotencyStore },
        BullDispatchQueue,
        { provide: DISPATCH_QUEUE, useExisting: BullDispatchQueue },
        LinkedProcessAdapter,
        DispatchProcessor,
        DispatchSweeper,
        {
          provide: ApplicationCommands,
          inject: [APPLICATION_STORE, DOCUMENT_STORE, DISPATCH_QUEUE, WorkingDayCalendar, CLOCK],
          useFactory: (
            s: ApplicationStore,
            d: DocumentStore,
            q: DispatchQueue,
            c: WorkingDayCalendar,
            k: Clock,
          ) => new ApplicationCommands(s, d, q, c, k),
        },
        {
          provide: FileApplication,
          inject: [
            APPLICATION_STORE,
            CATALOGUE_STORE,
            DOCUMENT_STORE,
            CREDIT_BLOCKS,
            IDEMPOTENCY_STORE,
            DISPATCH_QUEUE,
            WorkingDayCalendar,
            CLOCK,
          ],
          useFactory: (
            s: ApplicationStore,
            cat: CatalogueStore,
            d: DocumentStore,
            cr: CreditBlocks,
            i: IdempotencyStore,
            q: DispatchQueue,
            c: WorkingDayCalendar,
            k: Clock,
          ) => new FileApplication(s, cat, d, cr, i, q, c, k, config.PII_HMAC_KEY),
        },
        {
          provide: ReadApplications,
          inject: [APPLICATION_STORE, WorkingDayCalendar, CLOCK],
          useFactory: (s: ApplicationStore, c: WorkingDayCalendar, k: Clock) => new ReadApplications(s, c, k),
        },
        {
          provide: CaseEventHandlers,
          inject: [ApplicationCommands, CREDIT_BLOCKS],
          useFactory: (c: ApplicationCommands, cr: CreditBlocks) => new CaseEventHandlers(c, cr),
        },
        {
          provide: READINESS_CHECKS,
          inject: [getQueueToken(DISPATCH_QUEUE_NAME)],
          useFactory: (q: Queue): ReadinessCheck[] => [
            { name: 'redis', check: async () => (await q.client.ping()) === 'PONG' },
          ],
        },
      ],
    };
  }
}
