import type { ChainHead, StoredEntry } from '../../domain/archive-entry';
import type { ArchiveStore, InsertOutcome } from './archive-store';

/**
 * An archive store in memory with the same unique constraints as the Mongo one (eventId;
 * applicationId + sequence). Each call yields to the event loop first, so concurrent appends interleave.
 */
export class InMemoryArchiveStore implements ArchiveStore {
  readonly entries: StoredEntry[] = [];
  readonly heads = new Map<string, ChainHead>();
  /** Runs before each insert; tests use it to simulate a competing appender or a crash. */
  beforeInsert?: (entry: StoredEntry) => void;
  beforeAdvanceHead?: (head: ChainHead) => void;

  async findByEventId(eventId: string): Promise<StoredEntry | undefined> {
    await tick();
    return this.entries.find((e) => e.eventId === eventId);
  }

  async readHead(applicationId: string): Promise<ChainHead | undefined> {
    await tick();
    const head = this.heads.get(applicationId);
    return head === undefined ? undefined : { ...head };
  }

  async lastEntry(applicationId: string): Promise<StoredEntry | undefined> {
    await tick();
    return this.of(applicationId).at(-1);
  }

  async insert(entry: StoredEntry): Promise<InsertOutcome> {
    await tick();
    this.beforeInsert?.(entry);
    if (this.entries.some((e) => e.eventId === entry.eventId)) return 'EVENT_EXISTS';
    if (this.entries.some((e) => e.applicationId === entry.applicationId && e.sequence === entry.sequence))
      return 'SEQUENCE_TAKEN';
    this.entries.push({ ...entry });
    return 'INSERTED';
  }

  async advanceHead(head: ChainHead): Promise<void> {
    await tick();
    this.beforeAdvanceHead?.(head);
    const current = this.heads.get(head.applicationId);
    if (current === undefined || current.sequence < head.sequence)
      this.heads.set(head.applicationId, { ...head });
  }

  /** The application's entries in sequence order. */
  of(applicationId: string): StoredEntry[] {
    return this.entries
      .filter((e) => e.applicationId === applicationId)
      .sort((a, b) => a.sequence - b.sequence);
  }
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
