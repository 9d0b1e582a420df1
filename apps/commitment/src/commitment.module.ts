import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { MongooseModule } from '@nestjs/mongoose';
import { HealthController, READINESS_CHECKS, type ReadinessCheck } from '@app/http';
import { MessagingModule } from '@app/messaging';
import { persistenceFor } from '@app/persistence';
import { CommitmentConfig, reminderOffsets } from './config';
import { clockFor, type ObligationClock } from './domain/clock';
import { DEADLINE_QUEUE } from './domain/schedule';
import { BullJobScheduler, DeadlineProcessor, StartupReconciler } from './infra/deadline-queue';
import { CaseDirectory, CommitmentEventsConsumer } from './infra/events.consumer';
import { ApplicantController, CreditController, DeskController } from './infra/http.controllers';
import {
  Claims,
  MongoCreditStore,
  MongoDeferralStore,
  MongoObligationStore,
  MongoPostHocStore,
} from './infra/mongo-stores';
import {
  CaseDirectorySchema,
  ClaimSchema,
  CreditRecordSchema,
  DeferralSchema,
  MODELS,
  ObligationSchema,
  PostHocCheckSchema,
} from './infra/schemas';
import { BreachCase } from './usecases/breach-case/breach-case';
import { Deadlines } from './usecases/deadlines/deadlines';
import { DecideDeferral } from './usecases/decide-deferral/decide-deferral';
import { ObligationActions } from './usecases/obligation-actions/obligation-actions';
import {
  CommitmentPolicy,
  CreditStore,
  DeferralStore,
  JobScheduler,
  ObligationStore,
  PostHocStore,
} from './usecases/ports';
import { PostHocChecks } from './usecases/post-hoc/post-hoc';

export const SERVICE = 'commitment';

/** Settings and time from the validated configuration. */
class ConfiguredPolicy extends CommitmentPolicy {
  readonly clock: ObligationClock;
  readonly reminderOffsets: readonly number[];
  readonly maxExtensionDays: number;
  readonly posthocSeed: string;
  readonly reasonMinLength: number;

  constructor(config: CommitmentConfig) {
    super();
    this.clock = clockFor(config.WORKING_DAY_MS);
    this.reminderOffsets = reminderOffsets(config);
    this.maxExtensionDays = config.OBLIGATION_MAX_EXTENSION_DAYS;
    this.posthocSeed = config.POSTHOC_SEED;
    this.reasonMinLength = config.DESK_REASON_MIN_LENGTH;
  }

  now(): Date {
    return new Date();
  }
}

@Module({})
export class CommitmentModule {
  static register(config: CommitmentConfig): DynamicModule {
    return {
      module: CommitmentModule,
      imports: [
        persistenceFor(config, SERVICE),
        MongooseModule.forFeature([
          { name: MODELS.deferral, schema: DeferralSchema },
          { name: MODELS.obligation, schema: ObligationSchema },
          { name: MODELS.postHoc, schema: PostHocCheckSchema },
          { name: MODELS.credit, schema: CreditRecordSchema },
          { name: MODELS.caseDirectory, schema: CaseDirectorySchema },
          { name: MODELS.claim, schema: ClaimSchema },
        ]),
        MessagingModule.forService(config, SERVICE),
        BullModule.forRoot({ redis: config.REDIS_URL, prefix: config.BULL_PREFIX }),
        BullModule.registerQueue({ name: DEADLINE_QUEUE }),
      ],
      controllers: [
        CommitmentEventsConsumer,
        ApplicantController,
        DeskController,
        CreditController,
        HealthController,
      ],
      providers: [
        { provide: CommitmentConfig, useValue: config },
        { provide: CommitmentPolicy, useValue: new ConfiguredPolicy(config) },
        Claims,
        { provide: DeferralStore, useClass: MongoDeferralStore },
        { provide: ObligationStore, useClass: MongoObligationStore },
        { provide: CreditStore, useClass: MongoCreditStore },
        { provide: PostHocStore, useClass: MongoPostHocStore },
        BullJobScheduler,
        { provide: JobScheduler, useExisting: BullJobScheduler },
        {
          provide: READINESS_CHECKS,
          useFactory: (queue: BullJobScheduler): ReadinessCheck[] => [
            { name: 'redis', check: () => queue.ping() },
          ],
          inject: [BullJobScheduler],
        },
        {
          provide: BreachCase,
          useFactory: (d: DeferralStore, o: ObligationStore, c: CreditStore, p: CommitmentPolicy) =>
            new BreachCase(d, o, c, p),
          inject: [DeferralStore, ObligationStore, CreditStore, CommitmentPolicy],
        },
        {
          provide: DecideDeferral,
          useFactory: (
            d: DeferralStore,
            o: ObligationStore,
            c: CreditStore,
            ph: PostHocStore,
            s: JobScheduler,
            p: CommitmentPolicy,
          ) => new DecideDeferral(d, o, c, ph, s, p),
          inject: [DeferralStore, ObligationStore, CreditStore, PostHocStore, JobScheduler, CommitmentPolicy],
        },
        {
          provide: ObligationActions,
          useFactory: (o: ObligationStore, b: BreachCase, s: JobScheduler, p: CommitmentPolicy) =>
            new ObligationActions(o, b, s, p),
          inject: [ObligationStore, BreachCase, JobScheduler, CommitmentPolicy],
        },
        {
          provide: PostHocChecks,
          useFactory: (ph: PostHocStore, b: BreachCase, p: CommitmentPolicy) => new PostHocChecks(ph, b, p),
          inject: [PostHocStore, BreachCase, CommitmentPolicy],
        },
        {
          provide: Deadlines,
          useFactory: (
            o: ObligationStore,
            d: DeferralStore,
            ph: PostHocStore,
            a: ObligationActions,
            b: BreachCase,
            dd: DecideDeferral,
            s: JobScheduler,
            p: CommitmentPolicy,
          ) => new Deadlines(o, d, ph, a, b, dd, s, p),
          inject: [
            ObligationStore,
            DeferralStore,
            PostHocStore,
            ObligationActions,
            BreachCase,
            DecideDeferral,
            JobScheduler,
            CommitmentPolicy,
          ],
        },
        CaseDirectory,
        DeadlineProcessor,
        StartupReconciler,
      ],
    };
  }
}
