import type { ChainHead, StoredEntry } from '../../domain/archive-entry';

/** What inserting an entry ran into: the unique indexes on eventId and on (applicationId, sequence). */
export type InsertOutcome = 'INSERTED' | 'EVENT_EXISTS' | 'SEQUENCE_TAKEN';

/**
 * The archive's storage, as the append needs it. No transactions: the unique index on
 * (applicationId, sequence) is the compare-and-set that serialises appenders of one application.
 */
export interface ArchiveStore {
  findByEventId(eventId: string): Promise<StoredEntry | undefined>;
  readHead(applicationId: string): Promise<ChainHead | undefined>;
  /** The entry with the highest sequence of the application. */
  lastEntry(applicationId: string): Promise<StoredEntry | undefined>;
  insert(entry: StoredEntry): Promise<InsertOutcome>;
  /**
   * Moves the head forward to `head` unless it is already at or past `head.sequence` (never backwards).
   * A store may write it behind, as long as its `readHead` answers with it meanwhile.
   */
  advanceHead(head: ChainHead): Promise<void>;
}
