import { DynamicModule, Module } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bull';
import { MongooseModule } from '@nestjs/mongoose';
import type { Queue } from 'bull';
import { WorkingDayCalendar } from '@app/calendar';
import { HealthController, READINESS_CHECKS, type ReadinessCheck } from '@app/http';
import { MessagingModule } from '@app/messaging';
import { persistenceFor } from '@app/persistence';
import type { DuePolicy } from './domain/due';
import { EVALUATION_SERVICE, EvaluationConfig } from './evaluation.config';
import { BullDueScheduler, RECTIFICATION_QUEUE, RectificationDueProcessor } from './infra/due.processor';
import { EvaluationEventsConsumer } from './infra/events.consumer';
import {
  AppealsController,
  KpisController,
  RatingsController,
  RectificationsController,
} from './infra/http.controllers';
import {
  MongoAppealRepository,
  MongoCaseProjection,
  MongoKpiEventStore,
  MongoRatingRepository,
  MongoTicketRepository,
} from './infra/mongo-repositories';
import {
  APPEAL_DECISION_MODEL,
  APPEAL_MODEL,
  AppealDecisionSchema,
  AppealSchema,
  FOLLOW_UP_MODEL,
  FollowUpSchema,
  RATING_MODEL,
  RatingSchema,
  TICKET_MODEL,
  TicketSchema,
} from './infra/schemas';
import { AddFollowUp } from './usecases/add-follow-up/add-follow-up';
import { DecideAppeal, FileAppeal } from './usecases/appeal-rating/appeal-rating';
import { ComputeKpis } from './usecases/compute-kpis/compute-kpis';
import { systemClock } from './usecases/ports';
import {
  EnsureTicket,
  EscalateOverdue,
  ProgressRectification,
} from './usecases/progress-rectification/progress-rectification';
import { ProjectEvents } from './usecases/project-events/project-events';
import { ReadRating } from './usecases/read-rating/read-rating';
import { SubmitRating } from './usecases/submit-rating/submit-rating';

const CALENDAR = Symbol('CALENDAR');
const DUE_POLICY = Symbol('DUE_POLICY');

/** The evaluation service (好差评): ratings, rectification tickets, appeals and KPIs. */
@Module({})
export class EvaluationModule {
  static forConfig(config: EvaluationConfig): DynamicModule {
    return {
      module: EvaluationModule,
      imports: [
        persistenceFor(config, EVALUATION_SERVICE),
        MongooseModule.forFeature([
          { name: RATING_MODEL, schema: RatingSchema },
          { name: TICKET_MODEL, schema: TicketSchema },
          { name: APPEAL_MODEL, schema: AppealSchema },
          { name: FOLLOW_UP_MODEL, schema: FollowUpSchema },
          { name: APPEAL_DECISION_MODEL, schema: AppealDecisionSchema },
        ]),
        MessagingModule.forService(config, EVALUATION_SERVICE),
        BullModule.forRoot({ redis: config.REDIS_URL, prefix: config.BULL_PREFIX }),
        BullModule.registerQueue({ name: RECTIFICATION_QUEUE }),
      ],
      controllers: [
        RatingsController,
        AppealsController,
        RectificationsController,
        KpisController,
        EvaluationEventsConsumer,
        HealthController,
      ],
      providers: [
        { provide: EvaluationConfig, useValue: config },
        { provide: CALENDAR, useFactory: () => WorkingDayCalendar.default() },
        {
          provide: DUE_POLICY,
          useValue: {
            workingDays: config.RECTIFICATION_DUE_WORKING_DAYS,
            overrideMs: config.RECTIFICATION_DUE_MS,
          } satisfies DuePolicy,
        },
        MongoRatingRepository,
        MongoTicketRepository,
        MongoAppealRepository,
        MongoCaseProjection,
        MongoKpiEventStore,
        BullDueScheduler,
        RectificationDueProcessor,
        {
          provide: READINESS_CHECKS,
          useFactory: (queue: Queue): ReadinessCheck[] => [
            { name: 'redis', check: async () => (await queue.client.ping()) === 'PONG' },
          ],
          inject: [getQueueToken(RECTIFICATION_QUEUE)],
        },
        {
          provide: SubmitRating,
          useFactory: (
            r: MongoRatingRepository,
            t: MongoTicketRepository,
            c: MongoCaseProjection,
            s: BullDueScheduler,
            cal: WorkingDayCalendar,
            p: DuePolicy,
          ) => new SubmitRating(r, t, c, s, cal, p, systemClock),
          inject: [
            MongoRatingRepository,
            MongoTicketRepository,
            MongoCaseProjection,
            BullDueScheduler,
            CALENDAR,
            DUE_POLICY,
          ],
        },
        {
          provide: AddFollowUp,
          useFactory: (r: MongoRatingRepository) => new AddFollowUp(r, systemClock),
          inject: [MongoRatingRepository],
        },
        {
          provide: ReadRating,
          useFactory: (r: MongoRatingRepository, a: MongoAppealRepository, t: MongoTicketRepository) =>
            new ReadRating(r, a, t),
          inject: [MongoRatingRepository, MongoAppealRepository, MongoTicketRepository],
        },
        {
          provide: FileAppeal,
          useFactory: (r: MongoRatingRepository, a: MongoAppealRepository) =>
            new FileAppeal(r, a, systemClock),
          inject: [MongoRatingRepository, MongoAppealRepository],
        },
        {
          provide: DecideAppeal,
          useFactory: (a: MongoAppealRepository) => new DecideAppeal(a, systemClock),
          inject: [MongoAppealRepository],
        },
        {
          provide: ProgressRectification,
          useFactory: (t: MongoTicketRepository) => new ProgressRectification(t, systemClock),
          inject: [MongoTicketRepository],
        },
        {
          provide: EscalateOverdue,
          useFactory: (t: MongoTicketRepository) => new EscalateOverdue(t, systemClock),
          inject: [MongoTicketRepository],
        },
        {
          provide: EnsureTicket,
          useFactory: (
            r: MongoRatingRepository,
            t: MongoTicketRepository,
            s: BullDueScheduler,
            cal: WorkingDayCalendar,
            p: DuePolicy,
          ) => new EnsureTicket(r, t, s, cal, p),
          inject: [MongoRatingRepository, MongoTicketRepository, BullDueScheduler, CALENDAR, DUE_POLICY],
        },
        {
          provide: ProjectEvents,
          useFactory: (k: MongoKpiEventStore, c: MongoCaseProjection, e: EnsureTicket) =>
            new ProjectEvents(k, c, e),
          inject: [MongoKpiEventStore, MongoCaseProjection, EnsureTicket],
        },
        {
          provide: ComputeKpis,
          useFactory: (k: MongoKpiEventStore, cal: WorkingDayCalendar) => new ComputeKpis(k, cal),
          inject: [MongoKpiEventStore, CALENDAR],
        },
      ],
    };
  }
}
