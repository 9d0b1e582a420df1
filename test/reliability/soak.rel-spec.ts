import { sleep } from '@app/testing';
import { AppName, startSystem, System } from '../e2e/support/system';
import { fileNameChange, Fixture, fixtures, waitForStates } from '../e2e/support/flows';
import { checkInvariants, consumerLag, Expectation, percentile, rssKb } from './support/records';

/**
 * A bounded soak (issue 9 §2): a steady filing rate for SOAK_MS (default 3 min) with mixed
 * scenarios — straight path, denied-by-the-linked-process (dependants cancelled), withdrawn — over
 * the ten sandbox enterprises. Reports throughput, latency percentiles, RSS of every service over
 * time, consumer lag, and checks that no application is lost (all reach their final state).
 */
const SOAK_MS = Number(process.env.SOAK_MS ?? 180000);
const INTERVAL_MS = Number(process.env.SOAK_INTERVAL_MS ?? 2500);
const GROUPS = ['intake', 'verification', 'commitment', 'evaluation', 'audit'];

type Kind = 'straight' | 'denied' | 'withdrawn';
const FINAL: Record<Kind, (states: string[]) => boolean> = {
  straight: (s) => s.every((x) => x === 'COMPLETED'),
  denied: (s) => s.includes('DENIED') && s.every((x) => ['DENIED', 'CANCELLED'].includes(x)),
  withdrawn: (s) => s.every((x) => ['CANCELLED', 'COMPLETED', 'DENIED', 'REJECTED'].includes(x)),
};

describe('reliability: bounded soak at a steady rate', () => {
  let sys: System;
  afterAll(async () => {
    await sys?.stop();
  });

  it(
    `holds a steady rate for ${SOAK_MS / 1000} s: no application lost, memory and lag reported`,
    async () => {
      sys = await startSystem('relsoak', { 'registry-sandbox': { SANDBOX_PROCESS_DELAY_MS: '200' } });
      const startedAt = Date.now();
      const filingMs: number[] = [];
      const endToEndMs: number[] = [];
      const filed: Array<{ applicationId: string; kind: Kind; f: Fixture }> = [];
      const failures: string[] = [];
      const rss: Array<{ t: number } & Partial<Record<AppName, number>>> = [];
      const lag: Array<{ t: number } & Record<string, number>> = [];
      const busy = new Set<string>();
      let tick = 0;

      const sampler = setInterval(() => {
        const row: { t: number } & Partial<Record<AppName, number>> = {
          t: Math.round((Date.now() - startedAt) / 1000),
        };
        for (const [name, app] of Object.entries(sys.apps) as Array<[AppName, System['apps'][AppName]]>)
          row[name] = Math.round((rssKb(app.pid) ?? 0) / 1024);
        rss.push(row);
      }, 10000);
      const lagSampler = setInterval(() => {
        void (async () => {
          const row: { t: number } & Record<string, number> = {
            t: Math.round((Date.now() - startedAt) / 1000),
          };
          for (const g of GROUPS) row[g] = await consumerLag(sys.ns, g).catch(() => -1);
          lag.push(row);
        })();
      }, 30000);

      const inFlight: Array<Promise<void>> = [];
      try {
        while (Date.now() - startedAt < SOAK_MS) {
          const slotStart = Date.now();
          const kind: Kind = tick % 10 === 3 ? 'denied' : tick % 10 === 7 ? 'withdrawn' : 'straight';
          tick += 1;
          inFlight.push(
            (async () => {
              // An enterprise files again only once its previous application is final (its name changed).
              const fx = await fixtures(sys).catch((e: unknown) => {
                failures.push(`fixtures: ${String(e)}`);
                return undefined;
              });
              if (!fx) return;
              const pool = kind === 'denied' ? [fx.flagged] : fx.inBusiness;
              const f = pool.find((e) => !busy.has(e.uscc));
              if (!f) return;
              busy.add(f.uscc);
              try {
                const t0 = Date.now();
                const r = await fileNameChange(sys, f, { patents: 1, trademarks: 1 });
                filingMs.push(Date.now() - t0);
                if (r.status !== 201) {
                  failures.push(`${kind} filing ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
                  return;
                }
                filed.push({ applicationId: r.applicationId, kind, f });
                if (kind === 'withdrawn') {
                  const { api } = await import('../e2e/support/system');
                  await api(
                    sys.url.intake,
                    'POST',
                    `/applications/${r.applicationId}/withdraw`,
                    sys.token({ role: 'applicant', uscc: f.uscc }),
                    { note: '压测撤回' },
                  );
                }
                await waitForStates(
                  sys,
                  f,
                  r.applicationId,
                  `${kind} final`,
                  (subs) => FINAL[kind](subs.map((s) => s.state)),
                  180000,
                );
                endToEndMs.push(Date.now() - t0);
              } catch (e) {
                failures.push(`${kind}: ${String(e).slice(0, 300)}`);
              } finally {
                busy.delete(f.uscc);
              }
            })(),
          );
          await sleep(Math.max(0, INTERVAL_MS - (Date.now() - slotStart)));
        }
        await Promise.all(inFlight);
      } finally {
        clearInterval(sampler);
        clearInterval(lagSampler);
      }
      const elapsed = (Date.now() - startedAt) / 1000;
      const finalLag: Record<string, number> = {};
      await sleep(5000);
      for (const g of GROUPS) finalLag[g] = await consumerLag(sys.ns, g);
      const expected: Expectation[] = filed.map((x) => ({ applicationId: x.applicationId, finalStates: [] }));
      let report = await checkInvariants(sys, expected);
      for (let i = 0; i < 5 && report.violations.length; i++) {
        await sleep(3000);
        report = await checkInvariants(sys, expected);
      }
      const figures = {
        soakSeconds: SOAK_MS / 1000,
        elapsedSeconds: Math.round(elapsed),
        filed: filed.length,
        byKind: Object.fromEntries(
          (['straight', 'denied', 'withdrawn'] as Kind[]).map((k) => [
            k,
            filed.filter((x) => x.kind === k).length,
          ]),
        ),
        throughputPerMin: Math.round((filed.length / elapsed) * 60 * 10) / 10,
        filingMs: {
          p50: percentile(filingMs, 50),
          p95: percentile(filingMs, 95),
          p99: percentile(filingMs, 99),
          max: Math.max(0, ...filingMs),
        },
        endToEndMs: {
          p50: percentile(endToEndMs, 50),
          p95: percentile(endToEndMs, 95),
          p99: percentile(endToEndMs, 99),
          max: Math.max(0, ...endToEndMs),
        },
        rssMb: rss,
        lag,
        finalLag,
        invariants: report,
        failures,
      };
      process.stdout.write(`\nFIGURES soak ${JSON.stringify(figures)}\n`);
      expect(failures).toEqual([]);
      expect(filed.length).toBeGreaterThan(10);
      expect(endToEndMs.length).toBe(filed.length);
      expect(report.violations).toEqual([]);
      expect(Object.values(finalLag).every((l) => l === 0)).toBe(true);
    },
    // The post-run check reads every application's audit chain: it grows with the soak's length.
    2 * SOAK_MS + 600000,
  );
});
