import type { SubCaseStateName, TypedEnvelope } from '@app/contracts';
import type { Appeal } from '../domain/appeal';
import { EvaluationErrors } from '../domain/errors';
import type { ApplicationView, FollowUp, Rating, SubCaseView } from '../domain/rating';
import type { RectificationTicket } from '../domain/rectification';
import type {
  AppealRepository,
  CaseProjection,
  Clock,
  DueScheduler,
  KpiEventStore,
  RatingRepository,
  TicketFilter,
  TicketRepository,
} from './ports';

/** In-memory ports for the use-case specs: same contracts as the Mongo adapters, events collected in `emitted`. */
export class InMemoryRatings implements RatingRepository {
  readonly byId = new Map<string, Rating>();
  readonly emitted: TypedEnvelope[] = [];

  async insert(rating: Rating, events: TypedEnvelope[]): Promise<void> {
    if ([...this.byId.values()].some((r) => r.subjectKey === rating.subjectKey))
      throw EvaluationErrors.alreadyRated();
    this.byId.set(rating.ratingId, rating);
    this.emitted.push(...events);
  }

  async findById(ratingId: string): Promise<Rating | undefined> {
    return this.byId.get(ratingId);
  }

  async addFollowUp(
    ratingId: string,
    followUp: FollowUp,
    events: TypedEnvelope[],
  ): Promise<'added' | 'exists' | 'missing'> {
    const rating = this.byId.get(ratingId);
    if (rating === undefined) return 'missing';
    if (rating.followUp !== undefined) return 'exists';
    this.byId.set(ratingId, { ...rating, followUp });
    this.emitted.push(...events);
    return 'added';
  }
}

export class InMemoryTickets implements TicketRepository {
  readonly byId = new Map<string, RectificationTicket>();
  readonly emitted: TypedEnvelope[] = [];
  /** Simulates another writer winning the next n compare-and-sets. */
  loseNextSaves = 0;

  async insertIfAbsent(ticket: RectificationTicket): Promise<void> {
    if (!this.byId.has(ticket.ticketId)) this.byId.set(ticket.ticketId, ticket);
  }

  async findById(ticketId: string): Promise<RectificationTicket | undefined> {
    return this.byId.get(ticketId);
  }

  async findByRating(ratingId: string): Promise<RectificationTicket | undefined> {
    return [...this.byId.values()].find((t) => t.ratingId === ratingId);
  }

  async list(filter: TicketFilter): Promise<RectificationTicket[]> {
    return [...this.byId.values()].filter(
      (t) =>
        (filter.authority === undefined || t.authority === filter.authority) &&
        (filter.uscc === undefined || t.uscc === filter.uscc) &&
        (filter.status === undefined || t.status === filter.status),
    );
  }

  async save(
    ticket: RectificationTicket,
    expectedVersion: number,
    events: TypedEnvelope[],
  ): Promise<boolean> {
    if (this.loseNextSaves > 0) {
      this.loseNextSaves -= 1;
      return false;
    }
    if (this.byId.get(ticket.ticketId)?.version !== expectedVersion) return false;
    this.byId.set(ticket.ticketId, ticket);
    this.emitted.push(...events);
    return true;
  }
}

export class InMemoryAppeals implements AppealRepository {
  readonly byId = new Map<string, Appeal>();
  readonly emitted: TypedEnvelope[] = [];

  async insert(appeal: Appeal, events: TypedEnvelope[]): Promise<void> {
    if ([...this.byId.values()].some((a) => a.ratingId === appeal.ratingId))
      throw EvaluationErrors.appealExists();
    this.byId.set(appeal.appealId, appeal);
    this.emitted.push(...events);
  }

  async findById(appealId: string): Promise<Appeal | undefined> {
    return this.byId.get(appealId);
  }

  async findByRating(ratingId: string): Promise<Appeal | undefined> {
    return [...this.byId.values()].find((a) => a.ratingId === ratingId);
  }

  async saveDecision(appeal: Appeal, events: TypedEnvelope[]): Promise<boolean> {
    if (this.byId.get(appeal.appealId)?.status !== 'FILED') return false;
    this.byId.set(appeal.appealId, appeal);
    this.emitted.push(...events);
    return true;
  }
}

export class FakeCases implements CaseProjection {
  readonly subCases = new Map<string, SubCaseView>();
  readonly applications = new Map<string, ApplicationView>();
  readonly filed: string[] = [];
  readonly transitions: string[] = [];

  async subCase(caseId: string): Promise<SubCaseView | undefined> {
    return this.subCases.get(caseId);
  }

  async application(applicationId: string): Promise<ApplicationView | undefined> {
    return this.applications.get(applicationId);
  }

  async subCaseStates(applicationId: string): Promise<SubCaseStateName[]> {
    return [...this.subCases.values()].filter((s) => s.applicationId === applicationId).map((s) => s.state);
  }

  async recordFiled(event: TypedEnvelope<'intake.application.filed'>): Promise<void> {
    this.filed.push(event.id);
  }

  async recordTransition(event: TypedEnvelope<'intake.subcase.transitioned'>): Promise<void> {
    this.transitions.push(event.id);
  }
}

export class FakeScheduler implements DueScheduler {
  readonly jobs: Array<{ ticketId: string; dueVersion: number; dueAt: Date }> = [];

  async schedule(ticketId: string, dueVersion: number, dueAt: Date): Promise<void> {
    this.jobs.push({ ticketId, dueVersion, dueAt });
  }
}

export class InMemoryKpiEvents implements KpiEventStore {
  readonly byId = new Map<string, TypedEnvelope>();
  lastTo?: Date;

  async append(event: TypedEnvelope): Promise<void> {
    if (!this.byId.has(event.id)) this.byId.set(event.id, event);
  }

  async before(to: Date): Promise<TypedEnvelope[]> {
    this.lastTo = to;
    return [...this.byId.values()].filter((e) => Date.parse(e.occurredAt) < to.getTime());
  }
}

export class FixedClock implements Clock {
  constructor(public current: Date) {}

  now(): Date {
    return this.current;
  }
}
