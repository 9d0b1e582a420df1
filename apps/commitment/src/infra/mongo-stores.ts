import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { TypedEnvelope } from '@app/contracts';
import { lockedUpdateOne, newWithEvents, OutboxRelay, withEvents } from '@app/messaging';
import { existsChecked, isDuplicateKey } from '@app/persistence';
import type {
  BreachRecord,
  CreditRecord,
  DeferralRecord,
  IssuedNotice,
  ObligationRecord,
  PostHocCheck,
} from '../domain/records';
import {
  CreditStore,
  DeferralStore,
  ObligationStore,
  PostHocStore,
  type DeskObligationQuery,
  type DeskPostHocQuery,
  type Page,
} from '../usecases/ports';
import { MODELS } from './schemas';

type Doc = Record<string, unknown>;
const STORAGE_FIELDS = ['_id', 'outbox', 'outboxPending', 'outboxVersion', 'appliedEvents'];

/** The stored document without storage fields, as the plain record the use cases work with. */
function toRecord<T>(doc: unknown): T {
  const copy: Doc = { ...(doc as Doc) };
  for (const field of STORAGE_FIELDS) delete copy[field];
  for (const [key, value] of Object.entries(copy)) if (value === null) delete copy[key];
  return copy as T;
}

/** Drops undefined values (BSON would store them as null). */
function plain<T extends object>(value: T): Doc {
  return JSON.parse(JSON.stringify(value)) as Doc;
}

/**
 * One winner per transition (see ClaimSchema). A claim older than `staleAfterMs` whose transition never
 * happened (the writer died between claim and write) may be taken over; the write's own filter still
 * keeps a finished transition from happening twice.
 */
/** Inserts the document once (a parallel or repeated ensure changes nothing). */
async function insertOnce(model: Model<Doc>, id: string, fields: Doc, withOutbox: boolean): Promise<void> {
  const empty = withOutbox ? { outbox: [], outboxPending: false, outboxVersion: 0, appliedEvents: [] } : {};
  try {
    await model
      .updateOne({ _id: id }, { $setOnInsert: { _id: id, ...fields, ...empty } }, { upsert: true })
      .exec();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e; // a parallel ensure inserted it first
  }
}

/** A transition claimed by another writer and not done yet (in progress, or its writer died): retry later. */
export class ClaimHeld extends Error {
  override name = 'ClaimHeld';
}

@Injectable()
export class Claims {
  constructor(@InjectModel(MODELS.claim) private readonly model: Model<Doc>) {}

  async take(key: string, staleAfterMs = 30_000): Promise<boolean> {
    if (await this.insert(key)) return true;
    const stale = await this.model
      .deleteOne({ _id: key, claimedAt: { $lt: new Date(Date.now() - staleAfterMs) } })
      .exec();
    return stale.deletedCount === 1 ? this.insert(key) : false;
  }

  private async insert(key: string): Promise<boolean> {
    try {
      await this.model.create({ _id: key, claimedAt: new Date() });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }
}

function deferralOf(doc: unknown): DeferralRecord {
  const d = toRecord<DeferralRecord>(doc);
  return { ...d, granted: d.granted ?? [] };
}

@Injectable()
export class MongoDeferralStore extends DeferralStore {
  constructor(
    @InjectModel(MODELS.deferral) private readonly model: Model<Doc>,
    private readonly relay: OutboxRelay,
    private readonly claims: Claims,
  ) {
    super();
    relay.register(model);
  }

  async insert(record: DeferralRecord, events: TypedEnvelope[]): Promise<boolean> {
    try {
      await this.model.create(
        newWithEvents({ _id: record.deferralId, ...plain(record), appliedEvents: [] }, events),
      );
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
    this.relay.kick(this.model, record.deferralId);
    return true;
  }

  async get(deferralId: string): Promise<DeferralRecord | null> {
    const doc = await this.model.findById(deferralId).lean().exec();
    return doc ? deferralOf(doc) : null;
  }

  async markEnded(deferralId: string, events: TypedEnvelope[]): Promise<boolean> {
    if (!(await this.claims.take(`ended:${deferralId}`))) return false;
    const res = await lockedUpdateOne(
      this.model,
      { _id: deferralId, ended: false, breach: { $exists: false } },
      withEvents({ $set: { ended: true } }, events),
    );
    this.relay.kick(this.model, deferralId);
    return res.modifiedCount === 1;
  }

  async recordBreach(deferralId: string, breach: BreachRecord, events: TypedEnvelope[]): Promise<boolean> {
    if (!(await this.claims.take(`breach:${deferralId}`))) return false;
    const res = await lockedUpdateOne(
      this.model,
      { _id: deferralId, breach: { $exists: false } },
      withEvents({ $set: { breach: plain(breach) } }, events),
    );
    this.relay.kick(this.model, deferralId);
    return res.modifiedCount === 1;
  }

  async listGranted(): Promise<DeferralRecord[]> {
    return (await this.model.find({ decision: 'GRANTED' }).lean().exec()).map(deferralOf);
  }
}

/** Fields other writers own (reminders, revocation): a version-checked replace leaves them alone. */
const NOT_REPLACED = new Set(['remindersIssued', 'notices', 'caseRevoked']);
const OPTIONAL_OBLIGATION_FIELDS = ['supplement', 'lastReason', 'fulfilledHow', 'breachCause'];

/** Arrays an empty write may not have stored (an upsert's `$setOnInsert` drops empty arrays). */
function obligationOf(doc: unknown): ObligationRecord {
  const o = toRecord<ObligationRecord>(doc);
  return {
    ...o,
    remindersIssued: o.remindersIssued ?? [],
    notices: o.notices ?? [],
    caseRevoked: o.caseRevoked ?? false,
  };
}

@Injectable()
export class MongoObligationStore extends ObligationStore {
  constructor(
    @InjectModel(MODELS.obligation) private readonly model: Model<Doc>,
    private readonly relay: OutboxRelay,
    private readonly claims: Claims,
  ) {
    super();
    relay.register(model);
  }

  async ensure(record: ObligationRecord): Promise<void> {
    await insertOnce(this.model, record.obligationId, plain(record), true);
  }

  async get(obligationId: string): Promise<ObligationRecord | null> {
    const doc = await this.model.findById(obligationId).lean().exec();
    return doc ? obligationOf(doc) : null;
  }

  async listByDeferral(deferralId: string): Promise<ObligationRecord[]> {
    return (await this.model.find({ deferralId }).lean().exec()).map(obligationOf);
  }

  async replace(
    next: ObligationRecord,
    expectedVersion: number,
    events: TypedEnvelope[],
    causeEventId?: string,
  ): Promise<boolean> {
    if (
      causeEventId &&
      (await this.model.exists({ _id: next.obligationId, appliedEvents: causeEventId }).exec())
    )
      return false;
    if (!(await this.claims.take(`obligation:${next.obligationId}:v${expectedVersion}`))) return false;
    const set: Doc = {};
    for (const [key, value] of Object.entries(plain(next))) if (!NOT_REPLACED.has(key)) set[key] = value;
    const unset: Doc = {};
    for (const field of OPTIONAL_OBLIGATION_FIELDS) if (!(field in set)) unset[field] = '';
    const filter: Doc & { _id: string } = { _id: next.obligationId, version: expectedVersion };
    const update: Doc = { $set: set };
    if (Object.keys(unset).length > 0) update.$unset = unset;
    if (causeEventId) {
      filter.appliedEvents = { $ne: causeEventId };
      update.$push = { appliedEvents: causeEventId };
    }
    const res = await lockedUpdateOne(this.model, filter, withEvents(update, events));
    this.relay.kick(this.model, next.obligationId);
    return res.modifiedCount === 1;
  }

  async issueReminder(
    obligationId: string,
    scheduleVersion: number,
    notice: IssuedNotice,
    events: TypedEnvelope[],
  ): Promise<boolean> {
    const due = {
      _id: obligationId,
      state: 'OPEN',
      scheduleVersion,
      caseRevoked: false,
      remindersIssued: { $ne: notice.key },
    };
    if (!(await this.claims.take(`reminder:${obligationId}:${notice.key}`))) {
      // The claim is held: either the reminder was issued (or is no longer due) — nothing to do — or
      // its writer died between claim and write. Answering "skipped" then would lose the reminder for
      // good (the job completes and is removed), so fail the job: bull retries it with backoff until
      // the claim is stale and can be taken over.
      if (await existsChecked(this.model, due))
        throw new ClaimHeld(`reminder ${notice.key} of ${obligationId} claimed but not issued yet`);
      return false;
    }
    const res = await lockedUpdateOne(
      this.model,
      due,
      withEvents({ $push: { remindersIssued: notice.key, notices: plain(notice) } }, events),
    );
    this.relay.kick(this.model, obligationId);
    return res.modifiedCount === 1;
  }

  async markCaseRevoked(deferralId: string): Promise<void> {
    // One document at a time under the aggregate lock (not updateMany): the relay may be
    // acknowledging one of them, and on FerretDB that write could overwrite this flag.
    const open = await this.model.find({ deferralId, caseRevoked: false }, { _id: 1 }).lean().exec();
    for (const o of open) {
      await lockedUpdateOne(
        this.model,
        { _id: String(o._id), caseRevoked: false },
        { $set: { caseRevoked: true } },
      );
    }
  }

  async listUnsettled(): Promise<ObligationRecord[]> {
    return (
      await this.model
        .find({ state: { $in: ['OPEN', 'SUPPLEMENT_PENDING'] }, caseRevoked: false })
        .lean()
        .exec()
    ).map(obligationOf);
  }

  async listBreached(): Promise<ObligationRecord[]> {
    return (await this.model.find({ state: 'BREACHED' }).lean().exec()).map(obligationOf);
  }

  async listForUscc(uscc: string): Promise<ObligationRecord[]> {
    return (await this.model.find({ uscc }).sort({ grantedAt: -1, _id: 1 }).lean().exec()).map(obligationOf);
  }

  async desk(q: DeskObligationQuery): Promise<Page<ObligationRecord>> {
    const filter: Doc = {
      authority: q.authority,
      caseRevoked: false,
      state: { $in: ['OPEN', 'SUPPLEMENT_PENDING'] },
    };
    if (q.status === 'overdue') filter.deadlineAt = { $lte: q.now.toISOString() };
    const sort: Record<string, 1 | -1> =
      q.sort === 'waiting' ? { waitingSince: 1, _id: 1 } : { deadlineAt: 1, _id: 1 };
    const [docs, total] = await Promise.all([
      this.model
        .find(filter)
        .sort(sort)
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean()
        .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items: docs.map(obligationOf), total, page: q.page, pageSize: q.pageSize };
  }
}

@Injectable()
export class MongoCreditStore extends CreditStore {
  constructor(@InjectModel(MODELS.credit) private readonly model: Model<Doc>) {
    super();
  }

  async ensure(record: CreditRecord): Promise<void> {
    await insertOnce(this.model, record.creditRecordId, plain(record), false);
  }

  async listForUscc(uscc: string): Promise<CreditRecord[]> {
    return (await this.model.find({ uscc }).sort({ startsAt: -1 }).lean().exec()).map((d) =>
      toRecord<CreditRecord>(d),
    );
  }
}

function postHocOf(doc: unknown): PostHocCheck {
  const c = toRecord<PostHocCheck>(doc);
  return { ...c, findings: c.findings ?? [] };
}

@Injectable()
export class MongoPostHocStore extends PostHocStore {
  constructor(
    @InjectModel(MODELS.postHoc) private readonly model: Model<Doc>,
    private readonly relay: OutboxRelay,
    private readonly claims: Claims,
  ) {
    super();
    relay.register(model);
  }

  async ensure(check: PostHocCheck): Promise<void> {
    await insertOnce(this.model, check.checkId, plain(check), true);
  }

  async get(checkId: string): Promise<PostHocCheck | null> {
    const doc = await this.model.findById(checkId).lean().exec();
    return doc ? postHocOf(doc) : null;
  }

  async conclude(next: PostHocCheck, expectedVersion: number, events: TypedEnvelope[]): Promise<boolean> {
    if (!(await this.claims.take(`posthoc:${next.checkId}:v${expectedVersion}`))) return false;
    const res = await lockedUpdateOne(
      this.model,
      { _id: next.checkId, version: expectedVersion, status: 'PENDING' },
      withEvents({ $set: plain(next) }, events),
    );
    this.relay.kick(this.model, next.checkId);
    return res.modifiedCount === 1;
  }

  async listFailed(): Promise<PostHocCheck[]> {
    return (await this.model.find({ status: 'FAILED' }).lean().exec()).map(postHocOf);
  }

  async desk(q: DeskPostHocQuery): Promise<Page<PostHocCheck>> {
    const filter: Doc = { authority: q.authority };
    if (q.status === 'pending') filter.status = 'PENDING';
    if (q.status === 'concluded') filter.status = { $in: ['PASSED', 'FAILED'] };
    const [docs, total] = await Promise.all([
      this.model
        .find(filter)
        .sort({ sampledAt: 1, _id: 1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean()
        .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items: docs.map(postHocOf), total, page: q.page, pageSize: q.pageSize };
  }
}
