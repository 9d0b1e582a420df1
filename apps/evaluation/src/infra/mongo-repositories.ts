import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Connection, Model } from 'mongoose';
import type { SubCaseStateName, TypedEnvelope } from '@app/contracts';
import { newWithEvents, OutboxRelay } from '@app/messaging';
import {
  aggregateKey,
  aggregateWriteLock,
  CheckedCollection,
  isDuplicateKey,
  updateDocChecked,
} from '@app/persistence';
import type { Appeal } from '../domain/appeal';
import { EvaluationErrors } from '../domain/errors';
import type { ApplicationView, FollowUp, Rating, SubCaseView } from '../domain/rating';
import type { RectificationTicket } from '../domain/rectification';
import type {
  AppealRepository,
  CaseProjection,
  KpiEventStore,
  RatingRepository,
  TicketFilter,
  TicketRepository,
} from '../usecases/ports';
import { APPEAL_DECISION_MODEL, APPEAL_MODEL, FOLLOW_UP_MODEL, RATING_MODEL, TICKET_MODEL } from './schemas';

type Stored<T> = Omit<T, 'ratingId' | 'ticketId' | 'appealId'> & { _id: string };
const OUTBOX_KEYS = ['outbox', 'outboxPending', 'outboxVersion', 'appliedEvents'] as const;

/** A lean document as a plain entity: `_id` back to its domain name, the outbox fields dropped. */
function entity<T>(doc: Record<string, unknown> | null, idField: string): T | undefined {
  if (doc === null) return undefined;
  const { _id, ...rest } = doc;
  for (const key of OUTBOX_KEYS) delete rest[key];
  for (const [key, value] of Object.entries(rest))
    if (value === null || value === undefined) delete rest[key];
  return { [idField]: _id, ...rest } as T;
}

async function ignoreDuplicate(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
}

@Injectable()
export class MongoRatingRepository implements RatingRepository {
  constructor(
    @InjectModel(RATING_MODEL) private readonly model: Model<Stored<Rating>>,
    @InjectModel(FOLLOW_UP_MODEL) private readonly followUps: Model<Stored<FollowUp & { uscc: string }>>,
    private readonly relay: OutboxRelay,
  ) {
    relay.register(model);
    relay.register(followUps);
  }

  async insert(rating: Rating, events: TypedEnvelope[]): Promise<void> {
    const { ratingId, followUp: _none, ...rest } = rating;
    try {
      await this.model.create(newWithEvents({ _id: ratingId, ...rest }, events));
    } catch (e) {
      if (isDuplicateKey(e)) throw EvaluationErrors.alreadyRated();
      throw e;
    }
    this.relay.kick(this.model, ratingId);
  }

  async findById(ratingId: string): Promise<Rating | undefined> {
    const [rating, followUp] = await Promise.all([
      this.model.findById(ratingId).lean<Record<string, unknown>>().exec(),
      this.followUps.findById(ratingId).lean<Record<string, unknown>>().exec(),
    ]);
    const found = entity<Rating>(rating, 'ratingId');
    if (found === undefined || followUp === null) return found;
    return {
      ...found,
      followUp: { comment: String(followUp.comment), at: String(followUp.at), by: String(followUp.by) },
    };
  }

  async addFollowUp(
    ratingId: string,
    followUp: FollowUp,
    events: TypedEnvelope[],
  ): Promise<'added' | 'exists' | 'missing'> {
    const rating = await this.model.findById(ratingId, { uscc: 1 }).lean<{ uscc: string }>().exec();
    if (rating === null) return 'missing';
    try {
      // The rating document is never touched: the follow-up is a document of its own, keyed by the rating.
      await this.followUps.create(newWithEvents({ _id: ratingId, uscc: rating.uscc, ...followUp }, events));
    } catch (e) {
      if (isDuplicateKey(e)) return 'exists';
      throw e;
    }
    this.relay.kick(this.followUps, ratingId);
    return 'added';
  }
}

/** Latest version of each ticket among versions (any order). */
function latestVersions(docs: Record<string, unknown>[]): Record<string, unknown>[] {
  const latest = new Map<string, Record<string, unknown>>();
  for (const doc of docs) {
    const known = latest.get(String(doc.ticketId));
    if (known === undefined || Number(known.version) < Number(doc.version))
      latest.set(String(doc.ticketId), doc);
  }
  return [...latest.values()];
}

function ticketOf(doc: Record<string, unknown> | null | undefined): RectificationTicket | undefined {
  if (doc === null || doc === undefined) return undefined;
  const { _id: _versionId, ...rest } = doc;
  return entity<RectificationTicket>({ ...rest, _id: rest.ticketId }, 'ticketId');
}

@Injectable()
export class MongoTicketRepository implements TicketRepository {
  constructor(
    @InjectModel(TICKET_MODEL)
    private readonly model: Model<Stored<RectificationTicket> & { ticketId: string }>,
    private readonly relay: OutboxRelay,
  ) {
    relay.register(model);
  }

  private async insertVersion(ticket: RectificationTicket, events: TypedEnvelope[]): Promise<boolean> {
    try {
      await this.model.create(
        newWithEvents({ ...ticket, _id: `${ticket.ticketId}:${ticket.version}` }, events),
      );
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
    if (events.length) this.relay.kick(this.model, `${ticket.ticketId}:${ticket.version}`);
    return true;
  }

  async insertIfAbsent(ticket: RectificationTicket): Promise<void> {
    await this.insertVersion(ticket, []);
  }

  async findById(ticketId: string): Promise<RectificationTicket | undefined> {
    const docs = await this.model
      .find({ ticketId })
      .sort({ version: -1 })
      .limit(1)
      .lean<Record<string, unknown>[]>()
      .exec();
    return ticketOf(docs[0]);
  }

  async findByRating(ratingId: string): Promise<RectificationTicket | undefined> {
    const docs = await this.model
      .find({ ratingId })
      .sort({ version: -1 })
      .limit(1)
      .lean<Record<string, unknown>[]>()
      .exec();
    return ticketOf(docs[0]);
  }

  async list(filter: TicketFilter): Promise<RectificationTicket[]> {
    const query: Record<string, string> = {};
    if (filter.authority !== undefined) query.authority = filter.authority;
    if (filter.uscc !== undefined) query.uscc = filter.uscc;
    const docs = await this.model.find(query).lean<Record<string, unknown>[]>().exec();
    return latestVersions(docs)
      .map(ticketOf)
      .filter(
        (t): t is RectificationTicket =>
          t !== undefined && (filter.status === undefined || t.status === filter.status),
      )
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  }

  /** The next version is inserted once: a concurrent writer of the same version gets a duplicate key. */
  async save(
    ticket: RectificationTicket,
    expectedVersion: number,
    events: TypedEnvelope[],
  ): Promise<boolean> {
    if (ticket.version !== expectedVersion + 1) return false;
    return this.insertVersion(ticket, events);
  }
}

@Injectable()
export class MongoAppealRepository implements AppealRepository {
  constructor(
    @InjectModel(APPEAL_MODEL) private readonly model: Model<Stored<Appeal>>,
    @InjectModel(APPEAL_DECISION_MODEL)
    private readonly decisions: Model<Stored<NonNullable<Appeal['decision']>>>,
    private readonly relay: OutboxRelay,
  ) {
    relay.register(model);
    relay.register(decisions);
  }

  async insert(appeal: Appeal, events: TypedEnvelope[]): Promise<void> {
    const { appealId, decision: _none, ...rest } = appeal;
    try {
      await this.model.create(newWithEvents({ _id: appealId, ...rest }, events));
    } catch (e) {
      if (isDuplicateKey(e)) throw EvaluationErrors.appealExists();
      throw e;
    }
    this.relay.kick(this.model, appealId);
  }

  private async withDecision(doc: Record<string, unknown> | null): Promise<Appeal | undefined> {
    const appeal = entity<Appeal>(doc, 'appealId');
    if (appeal === undefined) return undefined;
    const decision = entity<NonNullable<Appeal['decision']> & { id: string }>(
      await this.decisions.findById(appeal.appealId).lean<Record<string, unknown>>().exec(),
      'id',
    );
    if (decision === undefined) return appeal;
    const { id: _id, ...rest } = decision;
    return { ...appeal, status: rest.upheld ? 'UPHELD' : 'DISMISSED', decision: rest };
  }

  async findById(appealId: string): Promise<Appeal | undefined> {
    return this.withDecision(await this.model.findById(appealId).lean<Record<string, unknown>>().exec());
  }

  async findByRating(ratingId: string): Promise<Appeal | undefined> {
    return this.withDecision(await this.model.findOne({ ratingId }).lean<Record<string, unknown>>().exec());
  }

  /** The decision is its own document keyed by the appeal: a second decision is a duplicate key. */
  async saveDecision(appeal: Appeal, events: TypedEnvelope[]): Promise<boolean> {
    if (appeal.decision === undefined) return false;
    try {
      await this.decisions.create(newWithEvents({ _id: appeal.appealId, ...appeal.decision }, events));
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
    this.relay.kick(this.decisions, appeal.appealId);
    return true;
  }
}

interface ApplicationDoc {
  _id: string;
  uscc: string;
  bundleCode: string;
  leadAuthority: string;
  subCaseIds: string[];
}

interface SubCaseDoc {
  _id: string;
  applicationId: string;
  uscc?: string;
  itemCode: string;
  authority: string;
  state: SubCaseStateName;
  /** ULID of the last transition applied: ULIDs sort by time, so an older redelivery cannot win. */
  lastEventId: string;
}

/** Ownership (applicationId → uscc, caseId → authority, item) and sub-case states, from intake's events. */
@Injectable()
export class MongoCaseProjection implements CaseProjection, OnModuleInit {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get applications() {
    return this.connection.collection<ApplicationDoc>('applications');
  }

  private get subCases() {
    return this.connection.collection<SubCaseDoc>('subcases');
  }

  async onModuleInit(): Promise<void> {
    await this.subCases.createIndex({ applicationId: 1 });
  }

  async subCase(caseId: string): Promise<SubCaseView | undefined> {
    const doc = await this.subCases.findOne({ _id: caseId });
    if (doc === null) return undefined;
    return {
      caseId: doc._id,
      applicationId: doc.applicationId,
      ...(doc.uscc === undefined ? {} : { uscc: doc.uscc }),
      itemCode: doc.itemCode,
      authority: doc.authority,
      state: doc.state,
    };
  }

  async application(applicationId: string): Promise<ApplicationView | undefined> {
    const doc = await this.applications.findOne({ _id: applicationId });
    if (doc === null) return undefined;
    return {
      applicationId: doc._id,
      uscc: doc.uscc,
      bundleCode: doc.bundleCode,
      leadAuthority: doc.leadAuthority,
      subCaseIds: doc.subCaseIds,
    };
  }

  async subCaseStates(applicationId: string): Promise<SubCaseStateName[]> {
    const docs = await this.subCases.find({ applicationId }).toArray();
    return docs.map((doc) => doc.state);
  }

  async recordFiled(event: TypedEnvelope<'intake.application.filed'>): Promise<void> {
    const { uscc, bundleCode, subCases } = event.payload;
    await ignoreDuplicate(() =>
      this.applications.updateOne(
        { _id: event.applicationId },
        {
          $setOnInsert: {
            uscc,
            bundleCode,
            leadAuthority: subCases[0]?.authority ?? 'UNKNOWN',
            subCaseIds: subCases.map((s) => s.caseId),
          },
        },
        { upsert: true },
      ),
    );
    for (const subCase of subCases) {
      const ownership = {
        applicationId: event.applicationId,
        uscc,
        itemCode: subCase.itemCode,
        authority: subCase.authority,
      };
      await this.upsertWithRetry(subCase.caseId, {
        $set: ownership,
        $setOnInsert: { state: 'RECEIVED', lastEventId: '' },
      });
    }
  }

  async recordTransition(event: TypedEnvelope<'intake.subcase.transitioned'>): Promise<void> {
    const { caseId, itemCode, authority, to } = event.payload;
    // The sub-case normally exists (recorded from the filing, earlier on the same partition): try the
    // checked update first, and create the document only when it did not match.
    if ((await this.applyTransition(caseId, to, event.id)).matchedCount === 1) return;
    await this.upsertWithRetry(caseId, {
      $setOnInsert: {
        applicationId: event.applicationId,
        itemCode,
        authority,
        state: 'RECEIVED',
        lastEventId: '',
      },
    });
    await this.applyTransition(caseId, to, event.id);
  }

  /** Checked by _id (FerretDB scans the collection for any other filter), under the case's write lock. */
  private applyTransition(caseId: string, to: SubCaseStateName, eventId: string) {
    return aggregateWriteLock.run(aggregateKey('subcases', caseId), () =>
      updateDocChecked(
        this.connection,
        this.subCases as unknown as CheckedCollection,
        { _id: caseId, lastEventId: { $lt: eventId } },
        { $set: { state: to, lastEventId: eventId } },
      ),
    );
  }

  /** Two concurrent upserts of one new id: one inserts, the other hits the unique _id — then it is an update. */
  private async upsertWithRetry(
    caseId: string,
    update: Record<string, Record<string, unknown>>,
  ): Promise<void> {
    try {
      await this.subCases.updateOne({ _id: caseId }, update, { upsert: true });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      await this.subCases.updateOne({ _id: caseId }, update);
    }
  }
}

interface KpiEventDoc {
  _id: string;
  type: string;
  occurredAt: Date;
  applicationId: string;
  /** The envelope as JSON text: payloads may carry keys FerretDB would refuse (form field names). */
  json: string;
}

@Injectable()
export class MongoKpiEventStore implements KpiEventStore, OnModuleInit {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get collection() {
    return this.connection.collection<KpiEventDoc>('kpi_events');
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ occurredAt: 1 });
  }

  async append(event: TypedEnvelope): Promise<void> {
    await ignoreDuplicate(() =>
      this.collection.insertOne({
        _id: event.id,
        type: event.type,
        occurredAt: new Date(event.occurredAt),
        applicationId: event.applicationId,
        json: JSON.stringify(event),
      }),
    );
  }

  async before(to: Date): Promise<TypedEnvelope[]> {
    const docs = await this.collection
      .find({ occurredAt: { $lt: to } })
      .sort({ occurredAt: 1 })
      .toArray();
    return docs.map((doc) => JSON.parse(doc.json) as TypedEnvelope);
  }
}
