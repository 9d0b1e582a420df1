/**
 * Runs tasks one at a time per key, in arrival order, inside this process.
 *
 * Why: the MongoDB-compatible server used locally (FerretDB 1.x, SQLite backend) does not apply a
 * conditional `updateOne` atomically — of concurrent updates filtered on the same version, several
 * can "win" and overwrite each other (measured: most rounds of 4 concurrent CAS writes had more than
 * one winner). Serialising this process's writes per application keeps the version check meaningful;
 * on a MongoDB replica set the check is atomic across instances as well.
 */
export class KeyedLock {
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
}
