import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Connection, Model, mongo, Schema } from 'mongoose';
import { EventEnvelope, TypedEnvelope } from '@app/contracts';
import { Catalogue, loadSeedCatalogue, parseCatalogue } from '@app/catalogue';
import {
  aggregateKey,
  aggregateWriteLock,
  conditionModeOf,
  existsChecked,
  isDuplicateKey,
  OUTBOX_FIELDS,
  updateOneChecked,
} from '@app/persistence';
import { onceFor, OutboxRelay, newWithEvents, withEvents } from '@app/messaging';
import { CacheableRoute, ResponseCache } from '@app/http';
import { IntakeConfig } from '../config';
import { ApplicationState } from '../domain/application';
import {
  ApplicationStore,
  CatalogueStore,
  CreditBlock,
  CreditBlocks,
  DocumentStore,
  IdempotencyClaim,
  IdempotencyStore,
  StoredDocument,
} from '../usecases/ports';

export const APPLICATION_MODEL = 'IntakeApplication';

/**
 * The application aggregate: one document with its sub-cases, rounds, notices and its outbox. Loose
 * schema: the shape is owned by the domain types, not by mongoose. Its event history lives in
 * `application_history` (one document per application, written by the relay once the events are
 * published): kept in the aggregate it was three quarters of the document, read and rewritten by
 * every step of the saga (FerretDB decodes the whole document for every read and write).
 * `history` here is only read, from documents written before that change.
 */
export const ApplicationSchema = new Schema(
  {
    _id: { type: String, required: true },
    uscc: { type: String, index: true },
    version: { type: Number, default: 0 },
    filedAt: { type: String },
    ...OUTBOX_FIELDS,
  },
  { collection: 'applications', versionKey: false, strict: false, minimize: false },
);

export const HISTORY_COLLECTION = 'application_history';

interface HistoryDoc {
  _id: string;
  events: EventEnvelope[];
}

/** Events in order of first appearance, each once (a relay retry may have logged a batch twice). */
function distinctEvents(lists: EventEnvelope[][]): TypedEnvelope[] {
  const seen = new Set<string>();
  const out: TypedEnvelope[] = [];
  for (const list of lists)
    for (const e of list)
      if (!seen.has(e.id)) {
        seen.add(e.id);
        out.push(e as TypedEnvelope);
      }
  return out;
}

type StoredApplication = ApplicationState & {
  history?: EventEnvelope[];
  outbox?: unknown;
  outboxPending?: boolean;
  outboxVersion?: number;
  appliedEvents?: string[];
};

const HIDDEN = { history: 0, outbox: 0, appliedEvents: 0, outboxPending: 0, outboxVersion: 0 } as const;
/** What `get` reads: the state and the applied event ids (to remember them), never the outbox or history. */
const STATE_AND_APPLIED = { history: 0, outbox: 0, outboxPending: 0, outboxVersion: 0 } as const;
const KNOWN_LIMIT = 10000;

function strip(doc: StoredApplication): ApplicationState {
  const { history: _h, outbox: _o, outboxPending: _p, outboxVersion: _v, appliedEvents: _a, ...state } = doc;
  return state;
}

@Injectable()
export class MongoApplicationStore implements ApplicationStore {
  constructor(
    @InjectModel(APPLICATION_MODEL) private readonly model: Model<StoredApplication>,
    private readonly relay: OutboxRelay,
  ) {
    relay.register(model, { onPublished: (docs) => this.logPublished(docs) });
  }

  private get historyLog(): mongo.Collection<HistoryDoc> {
    return this.model.db.collection<HistoryDoc>(
      HISTORY_COLLECTION,
    ) as unknown as mongo.Collection<HistoryDoc>;
  }

  /** Appends published events to each application's history, by `_id` (one write per application). */
  private async logPublished(docs: Array<{ _id: unknown; outbox: EventEnvelope[] }>): Promise<void> {
    for (const doc of docs) {
      const _id = String(doc._id);
      const update = { $push: { events: { $each: doc.outbox } } };
      try {
        await this.historyLog.updateOne({ _id }, update, { upsert: true });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        await this.historyLog.updateOne({ _id }, update); // created meanwhile by another instance
      }
    }
  }

  async create(state: ApplicationState, events: TypedEnvelope[]): Promise<'CREATED' | 'EXISTS'> {
    try {
      await this.model.collection.insertOne(newWithEvents({ ...state, appliedEvents: [] }, events) as never);
    } catch (e) {
      if (isDuplicateKey(e)) return 'EXISTS';
      throw e;
    }
    this.relay.kick(this.model, state._id);
    return 'CREATED';
  }

  /**
   * The version and applied events this process last read or wrote of each application. On FerretDB
   * (conditions decided in process, one intake instance — ADR 0002) every write of an application
   * goes through this store, so when a save names the remembered version its conditions are known to
   * hold: it writes by _id without reading the document again. Anything else takes the checked path.
   */
  private readonly known = new Map<string, { version: number; applied: Set<string> }>();

  private remember(id: string, version: number, applied: Iterable<string>): void {
    this.known.delete(id); // re-insert: the Map keeps insertion order, oldest first
    this.known.set(id, { version, applied: new Set(applied) });
    if (this.known.size > KNOWN_LIMIT) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }

  async get(id: string): Promise<ApplicationState | undefined> {
    const doc = (await this.model.collection.findOne({ _id: id } as never, {
      projection: STATE_AND_APPLIED,
    })) as unknown as StoredApplication | null;
    if (!doc) return undefined;
    this.remember(id, doc.version, doc.appliedEvents ?? []);
    return strip(doc);
  }

  async save(
    state: ApplicationState,
    events: TypedEnvelope[],
    onceEventId?: string,
  ): Promise<'SAVED' | 'CONFLICT' | 'ALREADY_APPLIED'> {
    const { _id, version, ...rest } = state;
    const once = onceEventId ? onceFor(onceEventId) : undefined;
    const update = withEvents(
      {
        $set: { ...rest, version: version + 1 },
        ...(once ? { $push: once.push } : {}),
      },
      events,
    );
    const known = this.known.get(_id);
    const trusted = known?.version === version && (await conditionModeOf(this.model.db)) === 'process';
    if (trusted && onceEventId && known.applied.has(onceEventId)) return 'ALREADY_APPLIED';
    // Under the aggregate write lock the outbox relay takes too (FerretDB's filtered update is not atomic).
    const res = await aggregateWriteLock.run(aggregateKey(this.model.collection.name, _id), () =>
      trusted
        ? this.model.collection.updateOne({ _id } as never, update)
        : updateOneChecked(this.model, { _id, version, ...(once?.filter ?? {}) }, update, { native: true }),
    );
    if (res.modifiedCount === 1) {
      if (trusted) this.remember(_id, version + 1, [...known.applied, ...(onceEventId ? [onceEventId] : [])]);
      else this.known.delete(_id); // the next get() learns the stored applied events
      if (events.length) this.relay.kick(this.model, _id);
      return 'SAVED';
    }
    this.known.delete(_id);
    if (onceEventId) {
      if (await existsChecked(this.model, { _id, appliedEvents: onceEventId })) return 'ALREADY_APPLIED';
    }
    return 'CONFLICT';
  }

  async listByUscc(
    uscc: string,
    skip: number,
    limit: number,
  ): Promise<{ items: ApplicationState[]; total: number }> {
    const [docs, total] = await Promise.all([
      this.model.collection
        .find({ uscc } as never, { projection: HIDDEN })
        .sort({ filedAt: -1, _id: -1 })
        .skip(skip)
        .limit(limit)
        .toArray(),
      this.model.collection.countDocuments({ uscc } as never),
    ]);
    return { items: docs.map((d) => strip(d as unknown as StoredApplication)), total };
  }

  async listByAuthority(authority: string): Promise<ApplicationState[]> {
    const docs = await this.model.collection
      .find({ 'subCases.authority': authority } as never, { projection: HIDDEN })
      .sort({ filedAt: -1 })
      .limit(1000)
      .toArray();
    return docs.map((d) => strip(d as unknown as StoredApplication));
  }

  /** Published events from the log, then those still waiting in the outbox (both read by `_id`). */
  async history(id: string): Promise<TypedEnvelope[]> {
    const [logged, doc] = await Promise.all([
      this.historyLog.findOne({ _id: id }),
      this.model.collection.findOne({ _id: id } as never, { projection: { history: 1, outbox: 1 } }),
    ]);
    const stored = doc as unknown as (StoredApplication & { outbox?: EventEnvelope[] }) | null;
    return distinctEvents([stored?.history ?? [], logged?.events ?? [], stored?.outbox ?? []]);
  }

  async undispatched(): Promise<ApplicationState[]> {
    const docs = await this.model.collection
      .find({ 'subCases.state': 'PROCESSING' } as never, { projection: HIDDEN })
      .limit(500)
      .toArray();
    return docs
      .map((d) => strip(d as unknown as StoredApplication))
      .filter((a) => a.subCases.some((s) => s.state === 'PROCESSING' && !s.dispatch));
  }
}

interface CatalogueDoc {
  _id: number;
  catalogue: Catalogue;
  publishedAt: string;
}

/**
 * Serialized public catalogue answers (lists, items, bundles, one-time notices), served before Nest's
 * pipeline. Kept no longer than the current version's number is trusted (CATALOGUE_CURRENT_TTL_MS)
 * and cleared as soon as this instance sees a newer version.
 */
@Injectable()
export class CatalogueResponseCache extends ResponseCache {
  constructor(config: IntakeConfig) {
    super({ ttlMs: config.CATALOGUE_CURRENT_TTL_MS, maxEntries: 500 });
  }
}

/** The public catalogue reads the response cache may answer (all are @Public and deterministic). */
export const CACHEABLE_CATALOGUE_ROUTES: readonly CacheableRoute[] = [
  { method: 'GET', path: /^\/catalogue\/(items|bundles)(\/[^/]+)?$/ },
  { method: 'POST', path: /^\/catalogue\/bundles\/[^/]+\/notice$/ },
];

/** Versions are immutable: each is cached once read. The seed is inserted at start, once per version. */
@Injectable()
export class MongoCatalogueStore implements CatalogueStore, OnModuleInit {
  private readonly cache = new Map<number, Catalogue>();
  /** The current version's number and when it was read (see CATALOGUE_CURRENT_TTL_MS). */
  private latest?: { version: number; readAt: number };

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly config: IntakeConfig,
    private readonly responses: CatalogueResponseCache,
  ) {}

  private get versions() {
    return this.connection.collection<CatalogueDoc>('catalogue_versions');
  }

  async onModuleInit(): Promise<void> {
    const seed = loadSeedCatalogue();
    await this.versions.updateOne(
      { _id: seed.version },
      { $setOnInsert: { catalogue: seed, publishedAt: seed.publishedAt } },
      { upsert: true },
    );
  }

  async current(): Promise<Catalogue> {
    // Every catalogue read asks for the current version: reading its number from the store each time
    // (a sorted scan on FerretDB) held public catalogue reads to ~55 requests/s (docs/benchmarks.md).
    if (!this.latest || Date.now() - this.latest.readAt >= this.config.CATALOGUE_CURRENT_TTL_MS) {
      const [latest] = await this.versions
        .find({}, { projection: { _id: 1 } })
        .sort({ _id: -1 })
        .limit(1)
        .toArray();
      if (latest && latest._id !== this.latest?.version) this.responses.clear();
      this.latest = latest ? { version: latest._id, readAt: Date.now() } : undefined;
    }
    const found = this.latest ? await this.version(this.latest.version) : undefined;
    if (!found) throw new Error('no catalogue version stored');
    return found;
  }

  async version(version: number): Promise<Catalogue | undefined> {
    const cached = this.cache.get(version);
    if (cached) return cached;
    const doc = await this.versions.findOne({ _id: version });
    if (!doc) return undefined;
    const catalogue = parseCatalogue(doc.catalogue);
    this.cache.set(version, catalogue);
    return catalogue;
  }

  async publish(catalogue: Catalogue): Promise<boolean> {
    try {
      await this.versions.insertOne({
        _id: catalogue.version,
        catalogue: structuredClone(catalogue) as Catalogue,
        publishedAt: catalogue.publishedAt,
      });
      this.latest = { version: catalogue.version, readAt: Date.now() };
      this.responses.clear();
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }
}

interface DocumentFile {
  _id: string;
  length: number;
  metadata: Omit<StoredDocument, 'documentId'>;
}

/** Uploaded documents in GridFS (bucket `documents`), metadata on the file entry. */
@Injectable()
export class GridFsDocumentStore implements DocumentStore {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private bucket(): mongo.GridFSBucket {
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB not connected');
    return new mongo.GridFSBucket(db, { bucketName: 'documents', chunkSizeBytes: 255 * 1024 });
  }

  async save(doc: StoredDocument, content: Buffer): Promise<void> {
    const { documentId, ...metadata } = doc;
    await new Promise<void>((resolve, reject) => {
      const stream = this.bucket().openUploadStreamWithId(documentId as never, documentId, { metadata });
      stream.once('error', reject);
      stream.once('finish', () => resolve());
      stream.end(content);
    });
  }

  async find(documentId: string): Promise<StoredDocument | undefined> {
    const file = await this.connection
      .collection<DocumentFile>('documents.files')
      .findOne({ _id: documentId });
    return file ? { documentId: file._id, ...file.metadata } : undefined;
  }
}

@Injectable()
export class MongoCreditBlocks implements CreditBlocks {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get blocks() {
    return this.connection.collection<CreditBlock & { _id: string }>('credit_blocks');
  }

  async record(block: CreditBlock): Promise<void> {
    await this.blocks.updateOne({ _id: block.creditRecordId }, { $set: { ...block } }, { upsert: true });
  }

  async activeFor(uscc: string, now: Date): Promise<CreditBlock | undefined> {
    const all = await this.blocks.find({ uscc }).toArray();
    const t = now.getTime();
    const active = all.find((b) => Date.parse(b.startsAt) <= t && t < Date.parse(b.expiresAt));
    return active
      ? {
          creditRecordId: active.creditRecordId,
          uscc: active.uscc,
          startsAt: active.startsAt,
          expiresAt: active.expiresAt,
        }
      : undefined;
  }
}

@Injectable()
export class MongoIdempotencyStore implements IdempotencyStore {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get claims() {
    return this.connection.collection<IdempotencyClaim & { _id: string; at: Date }>('idempotency_keys');
  }

  async find(scope: string, key: string): Promise<IdempotencyClaim | undefined> {
    const doc = await this.claims.findOne({ _id: `${scope}:${key}` });
    return doc ? { applicationId: doc.applicationId, requestHash: doc.requestHash } : undefined;
  }

  async claim(scope: string, key: string, claim: IdempotencyClaim): Promise<IdempotencyClaim> {
    try {
      await this.claims.insertOne({ _id: `${scope}:${key}`, ...claim, at: new Date() });
      return claim;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const won = await this.find(scope, key);
      if (!won) throw e;
      return won;
    }
  }
}
