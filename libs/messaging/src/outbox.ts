import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Model } from 'mongoose';
import { EventEnvelope, TypedEnvelope } from '@app/contracts';
import { PlatformConfig } from '@app/config';
import { aggregateKey, aggregateWriteLock, conditionModeOf, updateOneChecked } from '@app/persistence';
import { eventsPublishedTotal, observedGauge } from '@app/observability';
import { KafkaEventPublisher } from './publisher';

/** An aggregate document carrying its own outbox (see OUTBOX_FIELDS in @app/persistence). */
export interface OutboxCarrier {
  _id: unknown;
  outbox: EventEnvelope[];
  outboxPending: boolean;
  outboxVersion: number;
}

type UpdateDoc = Record<string, unknown>;

const SCAN_LIMIT = 200;
/** The relay reads only what it publishes and compares: never an aggregate's state or history. */
const RELAY_PROJECTION = { outbox: 1, outboxPending: 1, outboxVersion: 1 } as const;

/**
 * Adds events to a single-document update: the state change and the events it emits are written
 * together, atomically, with no multi-document transaction. The relay publishes them afterwards.
 */
export function withEvents(update: UpdateDoc, events: TypedEnvelope[]): UpdateDoc {
  if (!events.length) return update;
  const set = { ...((update.$set as UpdateDoc | undefined) ?? {}), outboxPending: true };
  const inc = { ...((update.$inc as UpdateDoc | undefined) ?? {}), outboxVersion: 1 };
  const push = { ...((update.$push as UpdateDoc | undefined) ?? {}), outbox: { $each: events } };
  return { ...update, $set: set, $inc: inc, $push: push };
}

/** Fields for a new aggregate created together with its first events. */
export function newWithEvents<T extends object>(
  doc: T,
  events: TypedEnvelope[],
): T & Omit<OutboxCarrier, '_id'> {
  return { ...doc, outbox: events, outboxPending: events.length > 0, outboxVersion: events.length ? 1 : 0 };
}

/** What an aggregate type asks of the relay beyond publishing. */
export interface RelayRegistration {
  /**
   * Called after the broker acknowledged a document's events and before they leave its outbox: a
   * published-events log (e.g. intake's application history) kept out of the aggregate, so the
   * aggregate stays small. At-least-once: a crash before the acknowledgement repeats the call with
   * the same events, so it must ignore events it already holds. A failure fails the pass (retried).
   */
  onPublished?(docs: OutboxCarrier[]): Promise<void>;
}

/**
 * Relays outbox events to Kafka: polls aggregates with `outboxPending`, publishes in order, then
 * removes what was published with a compare-and-set on `outboxVersion` (FerretDB cannot `$pull` by
 * condition). A crash between publish and removal republishes: consumers are idempotent.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly models: Array<Model<any>> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private kicked = false;
  private stopped = false;
  /** Documents written by this process since the last pass, by collection: relayed by `_id`. */
  private hinted = new Map<string, Map<string, unknown>>();
  /** A full scan is owed (start, timer, a failed pass, or a kick that named no document). */
  private scanDue = true;
  private idleScans = 0;
  /** The write-lock stamp taken before each named read (see KeyedMutex.stamp). */
  private readonly readStamps = new WeakMap<OutboxCarrier, number>();
  published = 0;
  scans = 0;

  constructor(
    private readonly config: PlatformConfig,
    private readonly publisher: KafkaEventPublisher,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly registrations = new Map<Model<any>, RelayRegistration>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  register(model: Model<any>, registration: RelayRegistration = {}): void {
    if (!this.models.includes(model)) this.models.push(model);
    this.registrations.set(model, registration);
  }

  onApplicationBootstrap(): void {
    observedGauge('ipw_outbox_backlog', 'Aggregates holding events not yet relayed to Kafka', async () => [
      { value: await this.backlog() },
    ]);
    if (this.config.OUTBOX_RELAY_ENABLED) this.schedule(0);
  }

  /**
   * Ask for a relay pass soon (after a local write) instead of waiting for the next poll. Naming the
   * written document (`model`, `id`) lets the pass read it by `_id` instead of scanning for
   * `outboxPending`: FerretDB pushes down only `_id` filters, so a scan decodes every document of the
   * collection — a cost per write that grew with the data (docs/benchmarks.md).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kick(model?: Model<any>, id?: unknown): void {
    if (!this.config.OUTBOX_RELAY_ENABLED || this.stopped) return;
    if (model && id !== undefined && id !== null) {
      const name = model.collection.name;
      const ids = this.hinted.get(name) ?? new Map<string, unknown>();
      ids.set(String(id), id);
      this.hinted.set(name, ids);
    } else this.scanDue = true;
    if (this.running) {
      this.kicked = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number, poll = false): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (poll) this.scanDue = true;
      this.running = this.pass()
        .then(() => undefined)
        .catch((e: unknown) => {
          this.scanDue = true; // the hints of a failed pass are gone: the next pass scans
          this.idleScans = 0;
          this.logger.warn(`outbox relay pass failed: ${e instanceof Error ? e.message : String(e)}`);
        })
        .finally(() => {
          this.running = undefined;
          const again = this.kicked;
          this.kicked = false;
          this.schedule(again ? 0 : this.pollDelay(), !again);
        });
    }, ms);
  }

  /**
   * The safety-net scan (events written by a process that died before relaying them, or by a write
   * that named nothing) backs off while it finds nothing; local writes still relay at once.
   */
  private pollDelay(): number {
    const poll = this.config.OUTBOX_POLL_MS;
    return Math.min(poll * 2 ** this.idleScans, Math.max(poll, this.config.OUTBOX_IDLE_SCAN_MAX_MS));
  }

  /**
   * One pass; returns how many events were published. A full pass scans every registered aggregate
   * type for `outboxPending`; otherwise only the documents named by `kick(model, id)` are read.
   */
  async pass(): Promise<number> {
    let total = 0;
    const full = this.scanDue;
    this.scanDue = false;
    const hinted = this.hinted;
    this.hinted = new Map();
    if (full) this.scans++;
    let found = 0;
    for (const model of this.models) {
      const docs = full ? await this.scan(model) : await this.named(model, hinted.get(model.collection.name));
      if (full && docs.length >= SCAN_LIMIT) this.scanDue = true; // more left: scan again at once
      found += docs.length;
      if (!docs.length) continue;
      await this.publisher.publish(docs.flatMap((d) => d.outbox));
      this.logger.debug(
        `${full ? 'scan' : 'named'}: published ${docs.reduce((n, d) => n + d.outbox.length, 0)} event(s) of ${docs.length} ${model.collection.name}`,
      );
      await this.registrations.get(model)?.onPublished?.(docs);
      for (const doc of docs) {
        await this.acknowledge(model, doc);
        total += doc.outbox.length;
      }
    }
    if (full) this.idleScans = found ? 0 : Math.min(this.idleScans + 1, 20);
    if (this.scanDue) this.kicked = true;
    this.published += total;
    eventsPublishedTotal.inc(total);
    return total;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async scan(model: Model<any>): Promise<OutboxCarrier[]> {
    return (await model
      .find({ outboxPending: true }, RELAY_PROJECTION)
      .limit(SCAN_LIMIT)
      .lean()
      .exec()) as unknown as OutboxCarrier[];
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async named(model: Model<any>, ids: Map<string, unknown> | undefined): Promise<OutboxCarrier[]> {
    if (!ids?.size) return [];
    // One `_id` lookup each: the only filter FerretDB answers without reading the whole collection.
    const docs = await Promise.all(
      [...ids.values()].map(async (id) => {
        const stamp = aggregateWriteLock.stamp(aggregateKey(model.collection.name, id));
        const doc = (await model
          .findById(id, RELAY_PROJECTION)
          .lean()
          .exec()) as unknown as OutboxCarrier | null;
        if (doc) this.readStamps.set(doc, stamp);
        return doc;
      }),
    );
    return docs.filter((d): d is OutboxCarrier => !!d && d.outboxPending === true && d.outbox.length > 0);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async acknowledge(model: Model<any>, doc: OutboxCarrier): Promise<void> {
    // Under the aggregate's write lock: on FerretDB the compare-and-set below is not atomic on its own.
    await aggregateWriteLock.run(aggregateKey(model.collection.name, doc._id), () =>
      this.compareAndRemove(model, doc),
    );
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async compareAndRemove(model: Model<any>, doc: OutboxCarrier): Promise<void> {
    const published = new Set(doc.outbox.map((e) => e.id));
    const stamp = this.readStamps.get(doc);
    if (
      stamp !== undefined &&
      stamp === aggregateWriteLock.stamp(aggregateKey(model.collection.name, doc._id)) &&
      (await conditionModeOf(model.db)) === 'process'
    ) {
      // FerretDB, and no write to this document finished in this process since it was read (we hold
      // its lock now): the outbox read is the stored one, so the compare needs no second read.
      await model.updateOne(
        { _id: doc._id } as never,
        { $set: { outbox: [], outboxPending: false }, $inc: { outboxVersion: 1 } } as never,
      );
      return;
    }
    let current: OutboxCarrier | null = doc;
    for (let attempt = 0; current && attempt < 20; attempt++) {
      const remaining = current.outbox.filter((e) => !published.has(e.id));
      const res = await updateOneChecked(
        model,
        { _id: current._id, outboxVersion: current.outboxVersion },
        { $set: { outbox: remaining, outboxPending: remaining.length > 0 }, $inc: { outboxVersion: 1 } },
      );
      if (res.modifiedCount === 1 || res.matchedCount === 1) return;
      // New events were appended meanwhile: re-read and retry the compare-and-set.
      current = (await model
        .findById(current._id, RELAY_PROJECTION)
        .lean()
        .exec()) as unknown as OutboxCarrier | null;
    }
  }

  /** Count of aggregates still holding unpublished events (the outbox backlog). */
  async backlog(): Promise<number> {
    let n = 0;
    for (const model of this.models) n += await model.countDocuments({ outboxPending: true }).exec();
    return n;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    // Drain what is left so a clean stop leaves nothing for the next start.
    this.scanDue = true;
    if (this.config.OUTBOX_RELAY_ENABLED) await this.pass().catch(() => undefined);
  }
}

/**
 * A single-document update of an aggregate, taken under the process's aggregate write lock (the
 * same lock the relay uses). Use it for every write to an aggregate that carries an outbox: on
 * FerretDB two concurrent updates of one document can otherwise overwrite each other.
 */
export async function lockedUpdateOne<T>(
  model: Model<T>,
  filter: Record<string, unknown> & { _id: unknown },
  update: Record<string, unknown>,
): Promise<{ matchedCount: number; modifiedCount: number }> {
  return aggregateWriteLock.run(aggregateKey(model.collection.name, filter._id), () =>
    updateOneChecked(model, filter, update),
  );
}
