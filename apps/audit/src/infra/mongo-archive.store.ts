import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import type { ArchivedEvent } from '@app/audit-chain';
import { conditionModeOf, isDuplicateKey } from '@app/persistence';
import { AuditConfig } from '../audit.config';
import { toArchived, type ChainHead, type StoredEntry } from '../domain/archive-entry';
import type { ArchiveStore, InsertOutcome } from '../usecases/archive-event/archive-store';
import type { ArchiveReader } from '../usecases/read-archive/auditor-reads';

export const ENTRIES = 'archive_entries';
export const HEADS = 'chain_heads';

type EntryDoc = Omit<StoredEntry, 'eventId'> & { _id: string };
type HeadDoc = { _id: string; sequence: number; hash: string; updatedAt: Date };

export function entryFromDoc(doc: EntryDoc): StoredEntry {
  const { _id, ...rest } = doc;
  return { eventId: _id, ...rest };
}

/**
 * The archive in MongoDB: entries keyed by event id, unique per (applicationId, sequence); heads apart,
 * written behind (AUDIT_HEAD_FLUSH_MS): the newest head of each chain is held here and written once per
 * period, and head reads answer with it.
 */
@Injectable()
export class MongoArchiveStore
  implements ArchiveStore, ArchiveReader, OnModuleInit, BeforeApplicationShutdown
{
  private readonly logger = new Logger(MongoArchiveStore.name);
  /** Heads not yet written, newest per chain. */
  private readonly pendingHeads = new Map<string, ChainHead>();
  /** What the store holds as far as this process knows: a head, or null for "none yet". Bounded. */
  private readonly storedHeads = new Map<string, ChainHead | null>();
  private static readonly MAX_KNOWN_HEADS = 10000;
  private flushTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly config: AuditConfig,
  ) {}

  private get entries() {
    return this.connection.collection<EntryDoc>(ENTRIES);
  }

  private get heads() {
    return this.connection.collection<HeadDoc>(HEADS);
  }

  async onModuleInit(): Promise<void> {
    await this.entries.createIndex(
      { applicationId: 1, sequence: 1 },
      { unique: true, name: 'application_sequence_unique' },
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.flushHeads();
  }

  async findByEventId(eventId: string): Promise<StoredEntry | undefined> {
    const doc = await this.entries.findOne({ _id: eventId });
    return doc ? entryFromDoc(doc) : undefined;
  }

  /** The chain's head: the one held here when it is ahead of the stored one. */
  async readHead(applicationId: string): Promise<ChainHead | undefined> {
    const doc = await this.heads.findOne({ _id: applicationId });
    const stored = doc ? { applicationId, sequence: doc.sequence, hash: doc.hash } : undefined;
    this.knowStored(applicationId, stored ?? null);
    const pending = this.pendingHeads.get(applicationId);
    return pending && (!stored || pending.sequence > stored.sequence) ? pending : stored;
  }

  async lastEntry(applicationId: string): Promise<StoredEntry | undefined> {
    const [doc] = await this.entries.find({ applicationId }).sort({ sequence: -1 }).limit(1).toArray();
    return doc ? entryFromDoc(doc) : undefined;
  }

  async insert(entry: StoredEntry): Promise<InsertOutcome> {
    const { eventId, ...rest } = entry;
    try {
      await this.entries.insertOne({ _id: eventId, ...rest });
      return 'INSERTED';
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      // Which unique index refused it decides what to do next.
      return (await this.entries.countDocuments({ _id: eventId })) > 0 ? 'EVENT_EXISTS' : 'SEQUENCE_TAKEN';
    }
  }

  async advanceHead(head: ChainHead): Promise<void> {
    if (this.config.AUDIT_HEAD_FLUSH_MS <= 0) return this.writeHead(head);
    const pending = this.pendingHeads.get(head.applicationId);
    if (pending && pending.sequence >= head.sequence) return;
    const stored = this.storedHeads.get(head.applicationId);
    if (stored && stored.sequence >= head.sequence) return;
    this.pendingHeads.set(head.applicationId, head);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flushHeads();
    }, this.config.AUDIT_HEAD_FLUSH_MS);
  }

  /** Writes every held head; one flush at a time. A head that fails stays held for the next one. */
  flushHeads(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = [...this.pendingHeads.values()];
      const results = await Promise.allSettled(batch.map((head) => this.writeHead(head)));
      results.forEach((r, i) => {
        const head = batch[i];
        if (!head) return;
        if (r.status === 'fulfilled') {
          // Still the newest? Then it is written; a newer one that arrived meanwhile stays held.
          if (this.pendingHeads.get(head.applicationId) === head)
            this.pendingHeads.delete(head.applicationId);
        } else {
          this.logger.warn(`chain head ${head.applicationId} not written yet: ${String(r.reason)}`);
        }
      });
      if (this.pendingHeads.size) this.scheduleFlush();
    });
    return this.flushing;
  }

  /** Remembers what the store holds; never lowers it (a read may race a flush that wrote a newer head). */
  private knowStored(applicationId: string, head: ChainHead | null): void {
    const known = this.storedHeads.get(applicationId);
    if (known && (head === null || known.sequence >= head.sequence)) return;
    this.storedHeads.delete(applicationId);
    this.storedHeads.set(applicationId, head);
    if (this.storedHeads.size > MongoArchiveStore.MAX_KNOWN_HEADS) {
      const oldest = this.storedHeads.keys().next().value;
      if (oldest !== undefined) this.storedHeads.delete(oldest);
    }
  }

  /** Moves the stored head forward to `head` (never backwards). */
  private async writeHead(head: ChainHead): Promise<void> {
    if ((await conditionModeOf(this.connection)) === 'process') {
      await this.advanceHeadById(head, this.storedHeads.get(head.applicationId));
    } else {
      try {
        await this.heads.updateOne(
          { _id: head.applicationId, sequence: { $lt: head.sequence } },
          { $set: { sequence: head.sequence, hash: head.hash, updatedAt: new Date() } },
          { upsert: true },
        );
      } catch (e) {
        // The head exists and is already at or past this sequence: the upsert's insert collided. Nothing to do.
        if (!isDuplicateKey(e)) throw e;
      }
    }
    this.knowStored(head.applicationId, head);
  }

  /**
   * FerretDB: the `{_id, sequence: {$lt}}` filter above would scan every head. The head is read by
   * `_id` and moved forward by `_id` instead — or written blind when this process knows what the
   * store holds (`known`: the head it wrote or read last, null for none): heads are written only by
   * the flush, one at a time, and the audit service runs as one instance on FerretDB (ADR 0002).
   */
  private async advanceHeadById(head: ChainHead, known?: ChainHead | null): Promise<void> {
    const set = { sequence: head.sequence, hash: head.hash, updatedAt: new Date() };
    if (known && known.sequence < head.sequence) {
      const res = await this.heads.updateOne({ _id: head.applicationId }, { $set: set });
      if (res.matchedCount === 1) return;
    }
    const current =
      known === null
        ? null
        : await this.heads.findOne({ _id: head.applicationId }, { projection: { sequence: 1 } });
    if (current && current.sequence >= head.sequence) return;
    if (current) {
      await this.heads.updateOne({ _id: head.applicationId }, { $set: set });
      return;
    }
    try {
      await this.heads.insertOne({ _id: head.applicationId, ...set });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      await this.advanceHeadById(head); // inserted meanwhile: compare again
    }
  }

  async entriesOf(applicationId: string): Promise<ArchivedEvent[]> {
    const docs = await this.entries.find({ applicationId }).sort({ sequence: 1 }).toArray();
    return docs.map((d) => toArchived(entryFromDoc(d)));
  }

  async headOf(applicationId: string): Promise<ChainHead | undefined> {
    return this.readHead(applicationId);
  }

  async applicationIds(): Promise<string[]> {
    const fromEntries = await this.entries
      .aggregate<{ _id: string }>([{ $group: { _id: '$applicationId' } }])
      .toArray();
    const fromHeads = await this.heads.find({}, { projection: { _id: 1 } }).toArray();
    return [...new Set([...fromEntries.map((d) => d._id), ...fromHeads.map((d) => d._id)])].sort();
  }
}
