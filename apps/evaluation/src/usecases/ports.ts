import type { Actor, SubCaseStateName, TypedEnvelope } from '@app/contracts';
import type { Appeal } from '../domain/appeal';
import type { ApplicationView, FollowUp, Rating, SubCaseView } from '../domain/rating';
import type { RectificationTicket, TicketStatus } from '../domain/rectification';

/**
 * Ports the use cases need; the Mongo adapters live in infra/. A method that takes `events` writes
 * the state change and those events in ONE single-document write (outbox inside the aggregate).
 */
export interface RatingRepository {
  /** Throws RATING.ALREADY_RATED when the enterprise already rated this subject. */
  insert(rating: Rating, events: TypedEnvelope[]): Promise<void>;
  findById(ratingId: string): Promise<Rating | undefined>;
  /** Adds the one follow-up; 'exists' when one is already there, 'missing' when no such rating. */
  addFollowUp(
    ratingId: string,
    followUp: FollowUp,
    events: TypedEnvelope[],
  ): Promise<'added' | 'exists' | 'missing'>;
}

export interface TicketFilter {
  authority?: string;
  uscc?: string;
  status?: TicketStatus;
}

export interface TicketRepository {
  /** Idempotent: a ticket with the same id is left as it is. Its OPENED event travels with the rating. */
  insertIfAbsent(ticket: RectificationTicket): Promise<void>;
  findById(ticketId: string): Promise<RectificationTicket | undefined>;
  findByRating(ratingId: string): Promise<RectificationTicket | undefined>;
  list(filter: TicketFilter): Promise<RectificationTicket[]>;
  /** Compare-and-set on the version: false when someone else changed it meanwhile. */
  save(ticket: RectificationTicket, expectedVersion: number, events: TypedEnvelope[]): Promise<boolean>;
}

export interface AppealRepository {
  /** Throws APPEAL.ALREADY_FILED when the rating already has an appeal. */
  insert(appeal: Appeal, events: TypedEnvelope[]): Promise<void>;
  findById(appealId: string): Promise<Appeal | undefined>;
  findByRating(ratingId: string): Promise<Appeal | undefined>;
  /** Writes the decision only if the appeal is still FILED; false otherwise. */
  saveDecision(appeal: Appeal, events: TypedEnvelope[]): Promise<boolean>;
}

/** Ownership and state of cases, projected from intake's events. */
export interface CaseProjection {
  subCase(caseId: string): Promise<SubCaseView | undefined>;
  application(applicationId: string): Promise<ApplicationView | undefined>;
  subCaseStates(applicationId: string): Promise<SubCaseStateName[]>;
  recordFiled(event: TypedEnvelope<'intake.application.filed'>): Promise<void>;
  recordTransition(event: TypedEnvelope<'intake.subcase.transitioned'>): Promise<void>;
}

/** Raw copies of the events the KPI fold reads, idempotent by event id. */
export interface KpiEventStore {
  append(event: TypedEnvelope): Promise<void>;
  /** Every stored event that occurred before `to` (earlier ones tell a case's item and eligibility). */
  before(to: Date): Promise<TypedEnvelope[]>;
}

/** Durable delayed overdue check of a ticket (job id `rectification-due:<ticketId>:<dueVersion>`). */
export interface DueScheduler {
  schedule(ticketId: string, dueVersion: number, dueAt: Date): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The caller, as the use cases see it (from the token). */
export interface Caller {
  subject: string;
  role: 'applicant' | 'caseworker' | 'supervisor' | 'auditor' | 'admin';
  uscc?: string;
  authority?: string;
}

export function actorOf(caller: Caller): Actor {
  switch (caller.role) {
    case 'applicant':
      return {
        kind: 'applicant',
        id: caller.subject,
        ...(caller.uscc === undefined ? {} : { uscc: caller.uscc }),
      };
    case 'caseworker':
      return {
        kind: 'caseworker',
        id: caller.subject,
        ...(caller.authority === undefined ? {} : { authority: caller.authority }),
      };
    case 'supervisor':
      return { kind: 'supervisor', id: caller.subject };
    case 'auditor':
      return { kind: 'auditor', id: caller.subject };
    case 'admin':
      return { kind: 'system', id: caller.subject };
  }
}
