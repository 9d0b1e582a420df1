import type { TypedEnvelope } from '@app/contracts';
import type { ObligationClock } from '../domain/clock';
import type {
  CreditRecord,
  DeferralRecord,
  BreachRecord,
  ObligationRecord,
  PostHocCheck,
  IssuedNotice,
} from '../domain/records';
import type { PlannedJob } from '../domain/schedule';

/**
 * What the use cases need of storage and scheduling. Every write that emits events stores them with the
 * state change in one single-document write (the outbox); the adapters relay them afterwards.
 */
export abstract class DeferralStore {
  /** Inserts the decision once; false when this (case, round) was decided already. */
  abstract insert(record: DeferralRecord, events: TypedEnvelope[]): Promise<boolean>;
  abstract get(deferralId: string): Promise<DeferralRecord | null>;
  /** Marks the deferral ended once; false when it was already ended. */
  abstract markEnded(deferralId: string, events: TypedEnvelope[]): Promise<boolean>;
  /** Records the sub-case's breach once; false when it already has one. */
  abstract recordBreach(deferralId: string, breach: BreachRecord, events: TypedEnvelope[]): Promise<boolean>;
  abstract listGranted(): Promise<DeferralRecord[]>;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface DeskObligationQuery {
  authority: string;
  status: 'open' | 'overdue';
  sort: 'dueDate' | 'waiting';
  page: number;
  pageSize: number;
  now: Date;
}

export abstract class ObligationStore {
  /** Creates it unless it exists (deterministic id): a replay creates nothing twice. */
  abstract ensure(record: ObligationRecord): Promise<void>;
  abstract get(obligationId: string): Promise<ObligationRecord | null>;
  abstract listByDeferral(deferralId: string): Promise<ObligationRecord[]>;
  /**
   * Replaces it if it is still at `expectedVersion` (and, with `causeEventId`, that event was not applied
   * yet); false otherwise — the optimistic-concurrency signal.
   */
  abstract replace(
    next: ObligationRecord,
    expectedVersion: number,
    events: TypedEnvelope[],
    causeEventId?: string,
  ): Promise<boolean>;
  /** Issues a reminder once per key while the obligation is OPEN at that schedule version. */
  abstract issueReminder(
    obligationId: string,
    scheduleVersion: number,
    notice: IssuedNotice,
    events: TypedEnvelope[],
  ): Promise<boolean>;
  abstract markCaseRevoked(deferralId: string): Promise<void>;
  /** Not settled and not revoked: the obligations that may still need jobs. */
  abstract listUnsettled(): Promise<ObligationRecord[]>;
  abstract listBreached(): Promise<ObligationRecord[]>;
  abstract listForUscc(uscc: string): Promise<ObligationRecord[]>;
  abstract desk(query: DeskObligationQuery): Promise<Page<ObligationRecord>>;
}

export abstract class CreditStore {
  /** Stores the record unless it exists (deterministic id). */
  abstract ensure(record: CreditRecord): Promise<void>;
  abstract listForUscc(uscc: string): Promise<CreditRecord[]>;
}

export interface DeskPostHocQuery {
  authority: string;
  status: 'pending' | 'concluded' | 'all';
  page: number;
  pageSize: number;
}

export abstract class PostHocStore {
  abstract ensure(check: PostHocCheck): Promise<void>;
  abstract get(checkId: string): Promise<PostHocCheck | null>;
  abstract conclude(next: PostHocCheck, expectedVersion: number, events: TypedEnvelope[]): Promise<boolean>;
  abstract listFailed(): Promise<PostHocCheck[]>;
  abstract desk(query: DeskPostHocQuery): Promise<Page<PostHocCheck>>;
}

export abstract class JobScheduler {
  /** Adds the jobs; a job id already queued is not added twice. */
  abstract schedule(jobs: PlannedJob[]): Promise<void>;
}

/** Settings and time the use cases read. */
export abstract class CommitmentPolicy {
  abstract readonly clock: ObligationClock;
  abstract readonly reminderOffsets: readonly number[];
  abstract readonly maxExtensionDays: number;
  abstract readonly posthocSeed: string;
  abstract readonly reasonMinLength: number;
  abstract now(): Date;
}
