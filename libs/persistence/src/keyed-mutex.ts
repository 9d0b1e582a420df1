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
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
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
