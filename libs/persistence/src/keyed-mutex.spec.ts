import { KeyedMutex } from './keyed-mutex';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('KeyedMutex — one writer per aggregate inside a process', () => {
  it('runs tasks of the same key one after the other, in arrival order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string) => async (): Promise<string> => {
      log.push(`start ${name}`);
      await tick();
      await tick();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      mutex.run('a', task('1')),
      mutex.run('a', task('2')),
      mutex.run('a', task('3')),
    ]);
    expect(results).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('lets different keys run concurrently', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string) => async (): Promise<void> => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([mutex.run('a', task('a')), mutex.run('b', task('b'))]);
    expect(log.slice(0, 2).sort()).toEqual(['start a', 'start b']);
  });

  it('releases the key when a task throws, and forgets idle keys', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run('a', () => Promise.resolve(7))).resolves.toBe(7);
    expect(mutex.busyKeys).toBe(0);
  });

  it('a compare-and-set under the mutex has exactly one winner among 50 racing writers', async () => {
    const mutex = new KeyedMutex();
    let stored = { version: 0, owner: '' };
    // A store whose conditional update is two steps (read, then write) — like FerretDB's.
    const casUpdate = async (expected: number, owner: string): Promise<boolean> => {
      const seen = stored.version;
      await tick();
      if (seen !== expected) return false;
      stored = { version: expected + 1, owner };
      return true;
    };
    const racers = Array.from({ length: 50 }, (_, i) => mutex.run('agg', () => casUpdate(0, `w${i}`)));
    const wins = (await Promise.all(racers)).filter(Boolean);
    expect(wins).toHaveLength(1);
    expect(stored).toEqual({ version: 1, owner: 'w0' });
  });

  describe('stamp — did a task under this key finish since?', () => {
    it('changes when a task under the key finishes, and only then', async () => {
      const mutex = new KeyedMutex();
      const before = mutex.stamp('a');
      await mutex.run('b', async () => undefined);
      expect(mutex.stamp('a')).toBe(before);
      let inside = 0;
      await mutex.run('a', async () => {
        inside = mutex.stamp('a');
      });
      expect(inside).toBe(before); // still running: not finished yet
      expect(mutex.stamp('a')).not.toBe(before);
    });

    it('changes after a failed task too', async () => {
      const mutex = new KeyedMutex();
      const before = mutex.stamp('a');
      await expect(
        mutex.run('a', async () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(mutex.stamp('a')).not.toBe(before);
    });

    it('a key forgotten after its task finished still shows the change (the floor moved past it)', async () => {
      const mutex = new KeyedMutex(2);
      const before = mutex.stamp('a');
      await mutex.run('a', async () => undefined);
      await mutex.run('b', async () => undefined);
      await mutex.run('c', async () => undefined); // 'a' is forgotten
      expect(mutex.stamp('a')).not.toBe(before);
      // …and while nothing runs under it, its stamp stays put.
      const now = mutex.stamp('a');
      await mutex.run('d', async () => undefined);
      expect(mutex.stamp('a')).toBeGreaterThanOrEqual(now);
    });
  });
});
