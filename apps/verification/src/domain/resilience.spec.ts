import { BreakerOpenError, CircuitBreaker, TtlCache, withRetries } from './resilience';

const fail = (): Promise<never> => Promise.reject(new Error('down'));
const ok = (): Promise<string> => Promise.resolve('ok');

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and resets the count on success', async () => {
    const b = new CircuitBreaker('s', 3, 1000, () => 0);
    await expect(b.run(fail)).rejects.toThrow('down');
    await expect(b.run(fail)).rejects.toThrow('down');
    await b.run(ok);
    expect(b.consecutiveFailures).toBe(0);
    await expect(b.run(fail)).rejects.toThrow('down');
    expect(b.state).toBe('CLOSED');
  });

  it('opens after N consecutive failures and then fails fast without calling the source', async () => {
    const b = new CircuitBreaker('s', 2, 1000, () => 0);
    await expect(b.run(fail)).rejects.toThrow('down');
    await expect(b.run(fail)).rejects.toThrow('down');
    expect(b.state).toBe('OPEN');
    const call = jest.fn(ok);
    await expect(b.run(call)).rejects.toBeInstanceOf(BreakerOpenError);
    expect(call).not.toHaveBeenCalled();
  });

  it('half-opens after the reset time: a successful trial closes it, a failed trial re-opens it', async () => {
    let now = 0;
    const b = new CircuitBreaker('s', 1, 1000, () => now);
    await expect(b.run(fail)).rejects.toThrow('down');
    now = 999;
    expect(b.state).toBe('OPEN');
    now = 1000;
    expect(b.state).toBe('HALF_OPEN');
    await expect(b.run(fail)).rejects.toThrow('down');
    expect(b.state).toBe('OPEN');
    now = 2500;
    expect(b.state).toBe('HALF_OPEN');
    await expect(b.run(ok)).resolves.toBe('ok');
    expect(b.state).toBe('CLOSED');
  });

  it('lets only one trial call through while half-open', async () => {
    let now = 0;
    const b = new CircuitBreaker('s', 1, 10, () => now);
    await expect(b.run(fail)).rejects.toThrow();
    now = 20;
    let release: (v: string) => void = () => undefined;
    const trial = b.run(() => new Promise<string>((r) => (release = r)));
    await expect(b.run(ok)).rejects.toBeInstanceOf(BreakerOpenError);
    release('done');
    await expect(trial).resolves.toBe('done');
    expect(b.state).toBe('CLOSED');
  });
});

describe('withRetries', () => {
  const noSleep = jest.fn(() => Promise.resolve());
  beforeEach(() => noSleep.mockClear());

  it('retries a bounded number of times with exponential backoff, then gives up with the last error', async () => {
    const call = jest.fn(fail);
    await expect(
      withRetries(call, { retries: 2, baseDelayMs: 100, retryable: () => true }, noSleep),
    ).rejects.toThrow('down');
    expect(call).toHaveBeenCalledTimes(3);
    expect(noSleep.mock.calls).toEqual([[100], [200]]);
  });

  it('returns the first success and how many attempts it took', async () => {
    let n = 0;
    const r = await withRetries(
      () => (++n < 2 ? fail() : ok()),
      { retries: 5, baseDelayMs: 1, retryable: () => true },
      noSleep,
    );
    expect(r).toEqual({ value: 'ok', attempts: 2 });
  });

  it('does not retry an error that is not retryable (e.g. an open breaker)', async () => {
    const call = jest.fn(() => Promise.reject(new BreakerOpenError('s')));
    await expect(
      withRetries(
        call,
        { retries: 3, baseDelayMs: 1, retryable: (e) => !(e instanceof BreakerOpenError) },
        noSleep,
      ),
    ).rejects.toBeInstanceOf(BreakerOpenError);
    expect(call).toHaveBeenCalledTimes(1);
  });
});

describe('TtlCache', () => {
  it('returns a value until it expires', () => {
    let now = 0;
    const c = new TtlCache<string>(100, 10, () => now);
    c.set('k', 'v');
    now = 99;
    expect(c.get('k')).toBe('v');
    now = 100;
    expect(c.get('k')).toBeUndefined();
  });
  it('evicts the oldest entry when full; a zero TTL caches nothing', () => {
    const c = new TtlCache<number>(1000, 2, () => 0);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    expect(c.get('a')).toBeUndefined();
    expect(c.get('c')).toBe(3);
    const none = new TtlCache<number>(0);
    none.set('a', 1);
    expect(none.get('a')).toBeUndefined();
  });
});
