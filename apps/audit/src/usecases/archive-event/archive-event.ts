import { chainHash, GENESIS_HASH, maskPersonalData } from '@app/audit-chain';
import type { EventEnvelope } from '@app/contracts';
import { KeyedMutex } from '@app/persistence';
import { headOf, toStored, type ChainHead, type StoredEntry } from '../../domain/archive-entry';
import type { ArchiveStore } from './archive-store';

export type ArchiveOutcome = { status: 'ARCHIVED' | 'DUPLICATE'; entry: StoredEntry };

/** Losing the race for the next sequence this often in a row is not normal: let the consumer retry later. */
export class AppendContention extends Error {
  constructor(eventId: string, attempts: number) {
    super(`could not append ${eventId} after ${attempts} attempts (concurrent appenders)`);
    this.name = 'AppendContention';
  }
}

/**
 * Appends one delivered event to its application's hash chain, once.
 *
 * Order of writes, chosen so that a crash anywhere leaves a state the next delivery repairs:
 * 1. the entry, under unique indexes on eventId (a redelivery finds it and stops) and on
 *    (applicationId, sequence) (a concurrent appender that took the sequence makes us re-read and retry);
 * 2. then the separate head document, moved forward only (the store may write it behind, answering head
 *    reads with the head it holds). If the process dies before the head is written it lags; the next
 *    append (or redelivery) sees a later entry than the head and moves the head up.
 * Personal data is masked before hashing, so the stored chain verifies as stored.
 */
export class ArchiveEvent {
  /**
   * The chain tip this process wrote last, per application: appends to one chain are serialised in
   * this process, so the next link needs no database read. Without it every append scans for the
   * last entry (FerretDB pushes down only `_id` filters) and the audit consumer falls behind under
   * load. A tip taken meanwhile by another instance shows up as SEQUENCE_TAKEN and is re-read.
   */
  private readonly tips = new Map<string, ChainHead>();
  private static readonly MAX_CACHED_TIPS = 10000;
  /**
   * One append per chain at a time in this process: the consumer works on several partitions at once
   * and an application's events arrive on several topics, so two appends to one chain can meet here.
   */
  private readonly chains = new KeyedMutex();

  constructor(
    private readonly store: ArchiveStore,
    private readonly clock: () => Date = () => new Date(),
    private readonly maxAttempts = 20,
  ) {}

  async append(event: EventEnvelope): Promise<ArchiveOutcome> {
    return this.chains.run(event.applicationId, () => this.appendInOrder(event));
  }

  private async appendInOrder(event: EventEnvelope): Promise<ArchiveOutcome> {
    const masked = maskPersonalData(event);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const cached = this.tips.get(masked.applicationId);
      // With the chain's tip known, the insert itself detects a redelivery (unique eventId), which
      // saves a read per event; without it, look first (a redelivery after a restart is likely).
      if (cached === undefined) {
        const existing = await this.store.findByEventId(masked.id);
        if (existing !== undefined) {
          await this.store.advanceHead(headOf(existing));
          return { status: 'DUPLICATE', entry: existing };
        }
      }
      // First try: the head alone (an _id read). Entries written past the head (a crash between the
      // two writes) make the insert fail with SEQUENCE_TAKEN, and the retry looks for the last entry —
      // a query by application, which the store may answer only by reading the whole archive.
      const tip =
        cached ??
        (attempt === 1
          ? await this.store.readHead(masked.applicationId)
          : await this.tip(masked.applicationId));
      const previousHash = tip?.hash ?? GENESIS_HASH;
      const entry = toStored(
        {
          applicationId: masked.applicationId,
          sequence: (tip?.sequence ?? 0) + 1,
          event: masked,
          previousHash,
          hash: chainHash(previousHash, masked),
        },
        this.clock(),
      );
      const outcome = await this.store.insert(entry);
      if (outcome === 'INSERTED') {
        await this.store.advanceHead(headOf(entry));
        this.remember(headOf(entry));
        return { status: 'ARCHIVED', entry };
      }
      this.tips.delete(masked.applicationId);
      // EVENT_EXISTS: archived meanwhile by another delivery (next round returns DUPLICATE);
      // SEQUENCE_TAKEN: another event took the sequence (next round links after it).
    }
    throw new AppendContention(masked.id, this.maxAttempts);
  }

  private remember(head: ChainHead): void {
    this.tips.delete(head.applicationId); // re-insert: the Map keeps insertion order, oldest first
    this.tips.set(head.applicationId, head);
    if (this.tips.size > ArchiveEvent.MAX_CACHED_TIPS) {
      const oldest = this.tips.keys().next().value;
      if (oldest !== undefined) this.tips.delete(oldest);
    }
  }

  /**
   * Where the next entry links to: the head, unless entries were written past it (a crash between the
   * two writes), in which case the head is repaired first. A head *ahead* of the entries (the tail was
   * deleted) is kept: linking to it leaves the gap visible to verification instead of papering over it.
   */
  private async tip(applicationId: string): Promise<ChainHead | undefined> {
    const [head, last] = await Promise.all([
      this.store.readHead(applicationId),
      this.store.lastEntry(applicationId),
    ]);
    if (last !== undefined && (head === undefined || last.sequence > head.sequence)) {
      const repaired = headOf(last);
      await this.store.advanceHead(repaired);
      return repaired;
    }
    return head;
  }
}
