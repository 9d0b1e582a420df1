/**
 * Runs tasks one at a time per key, in arrival order, inside this process.
 *
 * Why: FerretDB 1.x (SQLite backend, the local MongoDB-compatible server) evaluates an update's
 * filter and writes the document in two steps, so a conditional `updateOne` (version check,
 * compare-and-set) is NOT atomic there: several concurrent writers filtered on the same version can
 * all "win". Serialising a process's writes per aggregate — its own use cases and the outbox relay
 * alike — keeps the version check meaningful within an instance. On a MongoDB replica set the
 * filtered update is atomic across instances as well (see docs/adr/0002).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();
  /** When each key's last task finished, on one process-wide sequence (bounded: oldest keys dropped). */
  private readonly finished = new Map<string, number>();
  private sequence = 0;
  /** Every dropped key finished at or before this point of the sequence. */
  private floor = 0;

  constructor(private readonly maxRememberedKeys = 100000) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      this.sequence += 1;
      this.finished.delete(key); // re-insert: the Map keeps insertion order, oldest first
      this.finished.set(key, this.sequence);
      if (this.finished.size > this.maxRememberedKeys) {
        const [oldest, at] = this.finished.entries().next().value ?? [];
        if (oldest !== undefined && at !== undefined) {
          this.finished.delete(oldest);
          this.floor = Math.max(this.floor, at);
        }
      }
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /**
   * A stamp that changes whenever a task under `key` finishes. Equal stamps taken before a read and
   * again while holding the key mean no task under the key finished in between — with every write to
   * a document taken under its key, the document read is still the one stored. (A forgotten key
   * reports the floor, which only grows: the comparison errs towards "changed".)
   */
  stamp(key: string): number {
    return this.finished.get(key) ?? this.floor;
  }

  /** Keys with a task running or waiting (for tests and metrics). */
  get busyKeys(): number {
    return this.tails.size;
  }
}

/** The one per-process lock for aggregate writes, shared by use cases and the outbox relay. */
export const aggregateWriteLock = new KeyedMutex();

export function aggregateKey(collection: string, id: unknown): string {
  return `${collection}:${String(id)}`;
}
