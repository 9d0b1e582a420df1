import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import type { ArchivedEvent } from '@app/audit-chain';
import { conditionModeOf, isDuplicateKey } from '@app/persistence';
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

/** The archive in MongoDB: entries keyed by event id, unique per (applicationId, sequence); heads apart. */
@Injectable()
export class MongoArchiveStore implements ArchiveStore, ArchiveReader, OnModuleInit {
  constructor(@InjectConnection() private readonly connection: Connection) {}

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

  async findByEventId(eventId: string): Promise<StoredEntry | undefined> {
    const doc = await this.entries.findOne({ _id: eventId });
    return doc ? entryFromDoc(doc) : undefined;
  }

  async readHead(applicationId: string): Promise<ChainHead | undefined> {
    const doc = await this.heads.findOne({ _id: applicationId });
    return doc ? { applicationId, sequence: doc.sequence, hash: doc.hash } : undefined;
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

  async advanceHead(head: ChainHead, stored?: ChainHead): Promise<void> {
    if ((await conditionModeOf(this.connection)) === 'process') return this.advanceHeadById(head, stored);
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

  /**
   * FerretDB: the `{_id, sequence: {$lt}}` filter above would scan every head. The head is read by
   * `_id` and moved forward by `_id` instead; appends to one chain are serialised in this process
   * (ArchiveEvent) and the audit service runs as one instance on FerretDB (ADR 0002).
   */
  private async advanceHeadById(head: ChainHead, stored?: ChainHead): Promise<void> {
    const set = { sequence: head.sequence, hash: head.hash, updatedAt: new Date() };
    if (stored !== undefined && stored.sequence < head.sequence) {
      // The head this process wrote last (appends to a chain are serialised here): no read needed.
      const res = await this.heads.updateOne({ _id: head.applicationId }, { $set: set });
      if (res.matchedCount === 1) return;
    }
    const current = await this.heads.findOne({ _id: head.applicationId }, { projection: { sequence: 1 } });
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
