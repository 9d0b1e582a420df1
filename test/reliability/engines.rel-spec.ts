import { join, resolve } from 'node:path';
import { sleep } from '@app/testing';
import { up } from '../../scripts/stack';
import { isAlive, readPid, stopByPidFile } from '../../scripts/lib/proc';
import { AppName, startSystem, System } from '../e2e/support/system';
import { all, fileNameChange, Fixture, fixtures, waitForStates } from '../e2e/support/flows';
import { consumerLag, Expectation, settledInvariants } from './support/records';

/**
 * Engine faults (issue 9 §1): the Kafka broker, then the MongoDB-compatible server (FerretDB), is
 * stopped (SIGTERM) and, in a second round, crashed (SIGKILL) through its pid file while applications
 * are being filed and processed, and started again with the stack script's `up()`. Every application
 * must complete, no service may die with the engine, consumer lag returns to 0, and I1–I6 hold.
 *
 * These tests stop the engines of the stack they run on, so they refuse to run without an explicit
 * STACK_DIR (a private stack: `STACK_DIR=… STACK_*_PORT=… npm run stack:up`), never the shared one.
 */
const STACK_DIR = process.env.STACK_DIR ? resolve(process.env.STACK_DIR) : '';
const KAFKA_DOWN_MS = Number(process.env.REL_KAFKA_DOWN_MS ?? 20000);
const MONGO_DOWN_MS = Number(process.env.REL_MONGO_DOWN_MS ?? 12000);
const APPS: AppName[] = ['registry-sandbox', 'intake', 'verification', 'commitment', 'evaluation', 'audit'];
const GROUPS = ['intake', 'verification', 'commitment', 'evaluation', 'audit'];

describe('reliability: Kafka broker and FerretDB stopped and restarted under load', () => {
  let sys: System;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    if (!STACK_DIR)
      throw new Error(
        'engines.rel-spec stops and restarts engines: set STACK_DIR (and the STACK_*_PORT variables) to a private stack',
      );
    sys = await startSystem('releng');
  });
  afterAll(async () => {
    process.stdout.write(`\nFIGURES engines ${JSON.stringify(figures)}\n`);
    if (process.env.REL_LOGS)
      for (const [name, app] of Object.entries(sys?.apps ?? {}))
        process.stdout.write(`\n===== ${name} =====\n${app.logs().slice(-5000)}\n`);
    // Whatever happened, leave the engines running.
    await up().catch(() => undefined);
    await sys?.stop();
  });

  /**
   * Files `batch` (one every `spacingMs`), stops an engine `stopAfterMs` into it, keeps it down
   * `downMs` while filings continue, starts it again, then waits for every application to complete.
   */
  async function underLoad(
    name: string,
    engine: 'kafka' | 'mongo',
    batch: Fixture[],
    downMs: number,
    signal: 'SIGTERM' | 'SIGKILL',
  ): Promise<void> {
    const pidFile = join(STACK_DIR, `${engine}.pid`);
    const enginePid = readPid(pidFile);
    expect(enginePid).toBeDefined();
    const started = Date.now();
    const filing = batch.map(async (f, i) => {
      await sleep(i * 1200);
      const t0 = Date.now();
      const r = await fileNameChange(sys, f, {
        patents: 1,
        trademarks: 1,
        idempotencyKey: `rel-${sys.ns.id}-${name}-${f.uscc}`,
        retryForMs: 180000,
      });
      return { ...r, f, filingMs: Date.now() - t0 };
    });
    // The stop lands while the first filings are being verified and the next ones are being filed.
    await sleep(1500);
    const stopAt = Date.now();
    if (signal === 'SIGTERM') await stopByPidFile(pidFile, engine === 'kafka' ? 30000 : 10000);
    else {
      // The crash: no controlled shutdown, no flush beyond what the OS already has.
      process.kill(enginePid ?? 0, 'SIGKILL');
      while (isAlive(enginePid ?? 0)) await sleep(50);
    }
    const stoppedAt = Date.now();
    expect(isAlive(enginePid ?? 0)).toBe(false);
    await sleep(downMs);
    const restartAt = Date.now();
    await up();
    const upAt = Date.now();
    const filed = await Promise.all(filing);
    for (const r of filed) expect([200, 201]).toContain(r.status);
    const expected: Expectation[] = filed.map((r) => ({
      applicationId: r.applicationId,
      finalStates: ['COMPLETED'],
    }));
    for (const r of filed)
      await waitForStates(sys, r.f, r.applicationId, `${name}: completed`, all('COMPLETED'), 240000);
    const completedAt = Date.now();
    // No service died with the engine (a crash would have been restarted by nobody here).
    const dead = APPS.filter((a) => sys.apps[a].pid === undefined);
    const report = await settledInvariants(sys, expected);
    await sleep(3000);
    const lag: Record<string, number> = {};
    for (const g of GROUPS) lag[g] = await consumerLag(sys.ns, g);
    figures[name] = {
      signal,
      applications: filed.length,
      filedWhileDown: filed.filter((_, i) => i * 1200 >= 1500).length,
      filingRetries: filed.reduce((n, r) => n + r.retries, 0),
      filingMsMax: Math.max(...filed.map((r) => r.filingMs)),
      stopTookMs: stoppedAt - stopAt,
      downMs: restartAt - stoppedAt,
      upTookMs: upAt - restartAt,
      upToAllCompletedMs: completedAt - upAt,
      totalMs: completedAt - started,
      deadServices: dead,
      finalLag: lag,
      invariants: report,
    };
    expect(dead).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(Object.values(lag).every((l) => l === 0)).toBe(true);
  }

  // Each enterprise files again once its previous application completed (its name changed), so the
  // fixtures are read afresh for each scenario.
  const fresh = async (from: number, to: number): Promise<Fixture[]> =>
    (await fixtures(sys)).inBusiness.slice(from, to);

  it('Kafka broker stopped (SIGTERM) while applications are filed and processed, restarted: all complete, I1–I6 hold', async () => {
    await underLoad('kafkaStop', 'kafka', await fresh(0, 5), KAFKA_DOWN_MS, 'SIGTERM');
  });

  it('Kafka broker crashed (SIGKILL) under load, restarted: all complete, I1–I6 hold', async () => {
    await underLoad('kafkaKill', 'kafka', await fresh(5, 10), KAFKA_DOWN_MS, 'SIGKILL');
  });

  it('FerretDB stopped (SIGTERM) during writes and restarted: all complete, I1–I6 hold', async () => {
    await underLoad('ferretdbStop', 'mongo', await fresh(0, 5), MONGO_DOWN_MS, 'SIGTERM');
  });

  it('FerretDB crashed (SIGKILL) during writes and restarted: all complete, I1–I6 hold', async () => {
    await underLoad('ferretdbKill', 'mongo', await fresh(5, 10), MONGO_DOWN_MS, 'SIGKILL');
  });
});
