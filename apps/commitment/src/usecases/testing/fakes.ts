import type { TypedEnvelope } from '@app/contracts';
import type { ObligationClock } from '../../domain/clock';
import { FastClock } from '../../domain/clock';
import type {
  BreachRecord,
  CreditRecord,
  DeferralRecord,
  IssuedNotice,
  ObligationRecord,
  PostHocCheck,
} from '../../domain/records';
import type { PlannedJob } from '../../domain/schedule';
import { BreachCase } from '../breach-case/breach-case';
import { Deadlines } from '../deadlines/deadlines';
import { DecideDeferral } from '../decide-deferral/decide-deferral';
import { ObligationActions } from '../obligation-actions/obligation-actions';
import {
  CommitmentPolicy,
  CreditStore,
  DeferralStore,
  JobScheduler,
  ObligationStore,
  PostHocStore,
  type DeskObligationQuery,
  type DeskPostHocQuery,
  type Page,
} from '../ports';
import { PostHocChecks } from '../post-hoc/post-hoc';

/** In-memory stores for the use-case specs: same contract as the Mongo adapters, events collected in `published`. */
export class Published {
  readonly events: TypedEnvelope[] = [];
  of(type: string): TypedEnvelope[] {
    return this.events.filter((e) => e.type === type);
  }
}

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class FakeDeferrals extends DeferralStore {
  readonly docs = new Map<string, DeferralRecord>();
  constructor(private readonly out: Published) {
    super();
  }
  async insert(r: DeferralRecord, events: TypedEnvelope[]): Promise<boolean> {
    if (this.docs.has(r.deferralId)) return false;
    this.docs.set(r.deferralId, copy(r));
    this.out.events.push(...events);
    return true;
  }
  async get(id: string): Promise<DeferralRecord | null> {
    const d = this.docs.get(id);
    return d ? copy(d) : null;
  }
  async markEnded(id: string, events: TypedEnvelope[]): Promise<boolean> {
    const d = this.docs.get(id);
    if (!d || d.ended || d.breach) return false;
    d.ended = true;
    this.out.events.push(...events);
    return true;
  }
  async recordBreach(id: string, breach: BreachRecord, events: TypedEnvelope[]): Promise<boolean> {
    const d = this.docs.get(id);
    if (!d || d.breach) return false;
    d.breach = copy(breach);
    this.out.events.push(...events);
    return true;
  }
  async listGranted(): Promise<DeferralRecord[]> {
    return [...this.docs.values()].filter((d) => d.decision === 'GRANTED').map(copy);
  }
}

export class FakeObligations extends ObligationStore {
  readonly docs = new Map<string, ObligationRecord & { appliedEvents: string[] }>();
  constructor(private readonly out: Published) {
    super();
  }
  async ensure(r: ObligationRecord): Promise<void> {
    if (!this.docs.has(r.obligationId)) this.docs.set(r.obligationId, { ...copy(r), appliedEvents: [] });
  }
  async get(id: string): Promise<ObligationRecord | null> {
    const d = this.docs.get(id);
    if (!d) return null;
    const { appliedEvents: _applied, ...rest } = copy(d);
    return rest;
  }
  async listByDeferral(deferralId: string): Promise<ObligationRecord[]> {
    return (
      await Promise.all(
        [...this.docs.values()]
          .filter((d) => d.deferralId === deferralId)
          .map((d) => this.get(d.obligationId)),
      )
    ).filter((d): d is ObligationRecord => d !== null);
  }
  async replace(
    next: ObligationRecord,
    expectedVersion: number,
    events: TypedEnvelope[],
    causeEventId?: string,
  ): Promise<boolean> {
    const d = this.docs.get(next.obligationId);
    if (!d || d.version !== expectedVersion || (causeEventId && d.appliedEvents.includes(causeEventId)))
      return false;
    this.docs.set(next.obligationId, {
      ...copy(next),
      remindersIssued: d.remindersIssued,
      notices: d.notices,
      caseRevoked: d.caseRevoked,
      appliedEvents: causeEventId ? [...d.appliedEvents, causeEventId] : d.appliedEvents,
    });
    this.out.events.push(...events);
    return true;
  }
  async issueReminder(
    id: string,
    sv: number,
    notice: IssuedNotice,
    events: TypedEnvelope[],
  ): Promise<boolean> {
    const d = this.docs.get(id);
    if (
      !d ||
      d.state !== 'OPEN' ||
      d.scheduleVersion !== sv ||
      d.caseRevoked ||
      d.remindersIssued.includes(notice.key)
    )
      return false;
    d.remindersIssued.push(notice.key);
    d.notices.push(copy(notice));
    this.out.events.push(...events);
    return true;
  }
  async markCaseRevoked(deferralId: string): Promise<void> {
    for (const d of this.docs.values()) if (d.deferralId === deferralId) d.caseRevoked = true;
  }
  private async all(filter: (d: ObligationRecord) => boolean): Promise<ObligationRecord[]> {
    return (
      await Promise.all([...this.docs.values()].filter(filter).map((d) => this.get(d.obligationId)))
    ).filter((d): d is ObligationRecord => d !== null);
  }
  listUnsettled(): Promise<ObligationRecord[]> {
    return this.all((d) => (d.state === 'OPEN' || d.state === 'SUPPLEMENT_PENDING') && !d.caseRevoked);
  }
  listBreached(): Promise<ObligationRecord[]> {
    return this.all((d) => d.state === 'BREACHED');
  }
  listForUscc(uscc: string): Promise<ObligationRecord[]> {
    return this.all((d) => d.uscc === uscc);
  }
  async desk(q: DeskObligationQuery): Promise<Page<ObligationRecord>> {
    const items = await this.all(
      (d) =>
        d.authority === q.authority &&
        !d.caseRevoked &&
        (d.state === 'OPEN' || d.state === 'SUPPLEMENT_PENDING'),
    );
    return { items, total: items.length, page: q.page, pageSize: q.pageSize };
  }
}

export class FakeCredits extends CreditStore {
  readonly docs = new Map<string, CreditRecord>();
  async ensure(r: CreditRecord): Promise<void> {
    if (!this.docs.has(r.creditRecordId)) this.docs.set(r.creditRecordId, copy(r));
  }
  async listForUscc(uscc: string): Promise<CreditRecord[]> {
    return [...this.docs.values()].filter((r) => r.uscc === uscc).map(copy);
  }
}

export class FakePostHoc extends PostHocStore {
  readonly docs = new Map<string, PostHocCheck>();
  constructor(private readonly out: Published) {
    super();
  }
  async ensure(c: PostHocCheck): Promise<void> {
    if (!this.docs.has(c.checkId)) this.docs.set(c.checkId, copy(c));
  }
  async get(id: string): Promise<PostHocCheck | null> {
    const c = this.docs.get(id);
    return c ? copy(c) : null;
  }
  async conclude(next: PostHocCheck, v: number, events: TypedEnvelope[]): Promise<boolean> {
    const c = this.docs.get(next.checkId);
    if (!c || c.version !== v || c.status !== 'PENDING') return false;
    this.docs.set(next.checkId, copy(next));
    this.out.events.push(...events);
    return true;
  }
  async listFailed(): Promise<PostHocCheck[]> {
    return [...this.docs.values()].filter((c) => c.status === 'FAILED').map(copy);
  }
  async desk(q: DeskPostHocQuery): Promise<Page<PostHocCheck>> {
    const items = [...this.docs.values()].filter((c) => c.authority === q.authority);
    return { items, total: items.length, page: q.page, pageSize: q.pageSize };
  }
}

/** A queue that keeps jobs by id, like bull: adding an id already queued changes nothing. */
export class FakeScheduler extends JobScheduler {
  readonly queued = new Map<string, PlannedJob>();
  added = 0;
  async schedule(jobs: PlannedJob[]): Promise<void> {
    for (const job of jobs) {
      if (this.queued.has(job.jobId)) continue;
      this.queued.set(job.jobId, job);
      this.added += 1;
    }
  }
}

export class FakePolicy extends CommitmentPolicy {
  readonly reminderOffsets = [2, 1];
  readonly maxExtensionDays = 5;
  readonly posthocSeed = 'unit-seed';
  readonly reasonMinLength = 4;
  constructor(
    public current: Date,
    readonly clock: ObligationClock = new FastClock(1000),
  ) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function wire(start = new Date('2026-03-02T02:00:00Z'), clock?: ObligationClock) {
  const published = new Published();
  const deferrals = new FakeDeferrals(published);
  const obligations = new FakeObligations(published);
  const credits = new FakeCredits();
  const postHoc = new FakePostHoc(published);
  const scheduler = new FakeScheduler();
  const policy = new FakePolicy(start, clock);
  const breaches = new BreachCase(deferrals, obligations, credits, policy);
  const decide = new DecideDeferral(deferrals, obligations, credits, postHoc, scheduler, policy);
  const actions = new ObligationActions(obligations, breaches, scheduler, policy);
  const deadlines = new Deadlines(
    obligations,
    deferrals,
    postHoc,
    actions,
    breaches,
    decide,
    scheduler,
    policy,
  );
  const checks = new PostHocChecks(postHoc, breaches, policy);
  return {
    published,
    deferrals,
    obligations,
    credits,
    postHoc,
    scheduler,
    policy,
    breaches,
    decide,
    actions,
    deadlines,
    checks,
  };
}
