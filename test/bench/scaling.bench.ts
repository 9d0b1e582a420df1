import { AppProcess, freePort } from '@app/testing';
import { api, startSystem, System } from '../e2e/support/system';
import { Fixture, fixtures } from '../e2e/support/flows';
import { benchOverrides } from './e2e.bench';
import { RunLog } from './lib/results';
import { fmt, round, sleep, summarize } from './lib/stats';
import { PipelineObserver, PreparedFiling, prepareFilings } from './pipeline';

interface BurstResult {
  applicationsPerS: number;
  subCasesPerS: number;
  msPerApplication: number;
  p50: number;
  accepted: number;
  subCases: number;
}

/** A closed burst: N applications filed at once, time until every sub-case is accepted. */
async function burst(
  sys: System,
  obs: PipelineObserver,
  filings: PreparedFiling[],
  n: number,
): Promise<BurstResult> {
  await obs.quiesce(1500, 30000);
  const t0 = performance.now();
  const res = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const f = filings[i % filings.length];
      if (!f) throw new Error('no filing');
      return api<{ subCases: Array<{ caseId: string }> }>(
        sys.url.intake,
        'POST',
        '/applications',
        f.token,
        f.body,
      );
    }),
  );
  const refused = res.filter((x) => x.status !== 201);
  if (refused.length)
    throw new Error(
      `filing refused: ${refused[0]?.status} ${JSON.stringify(refused[0]?.body).slice(0, 300)}`,
    );
  const caseIds = res.flatMap((x) => x.body.subCases.map((s) => s.caseId));
  const deadline = performance.now() + 180000;
  while (performance.now() < deadline && caseIds.some((c) => !obs.accepted.has(c))) await sleep(100);
  const done = caseIds.filter((c) => obs.accepted.has(c));
  const seconds = (Math.max(...done.map((c) => obs.accepted.get(c) ?? 0)) - t0) / 1000;
  const perApp = res.map((x) =>
    Math.max(...x.body.subCases.map((s) => (obs.accepted.get(s.caseId) ?? Number.NaN) - t0)),
  );
  return {
    applicationsPerS: n / seconds,
    subCasesPerS: caseIds.length / seconds,
    msPerApplication: (1000 * seconds) / n,
    p50: summarize(perApp).p50,
    accepted: done.length,
    subCases: caseIds.length,
  };
}

function note(r: BurstResult): string {
  return `${fmt(r.subCasesPerS, 1)} sub-cases/s; ${fmt(r.msPerApplication, 0)} ms per application; p50 ${fmt(r.p50, 0)} ms; ${r.accepted}/${r.subCases} accepted`;
}

/**
 * Scaling shape (issue 10): cost vs sub-cases per application (1 = the name change alone; 5 = with
 * 2 patents + 2 trademarks; 20 = with the sandbox's portfolio holder's 10 patents + 9 trademarks),
 * and throughput with 1 vs 2 instances of verification (the consumer with the slowest stage: it asks
 * the data-sharing sources), alternating 1 → 2 → 1 → 2 on the same system.
 */
export async function benchScaling(log: RunLog, opts: { applications: number }): Promise<void> {
  console.log('\n== scaling shape: cost vs sub-cases per application; 1 vs 2 verification instances ==');
  const sys = await startSystem('benchscale', benchOverrides());
  const obs = new PipelineObserver(sys.ns.topicPrefix, 0);
  let second: AppProcess | undefined;
  try {
    await obs.start();
    const fx = (await fixtures(sys)) as Awaited<ReturnType<typeof fixtures>> & { portfolio?: Fixture };
    if (!fx.portfolio) throw new Error('the sandbox has no portfolio holder');
    const shapes: Array<{ label: string; filings: PreparedFiling[] }> = [
      { label: '1', filings: await prepareFilings(sys, 0, 0) },
      { label: '5', filings: await prepareFilings(sys, 2, 2) },
      { label: '20', filings: await prepareFilings(sys, 10, 9, 0, [fx.portfolio]) },
    ];
    await burst(sys, obs, shapes[1]?.filings ?? [], Math.min(4, opts.applications)); // warm-up, not counted
    for (const shape of shapes) {
      // The same number of sub-cases in each burst, so the store holds comparable work.
      const n = Math.max(2, Math.round((opts.applications * 5) / Number(shape.label)));
      const r = await burst(sys, obs, shape.filings, n);
      console.log(
        `  ${shape.label} sub-case(s): burst of ${n} → ${fmt(r.applicationsPerS, 2)} applications/s; ${note(r)}`,
      );
      log.add({
        bench: 'scaling',
        name: `${shape.label} sub-case(s) per application: burst of ${n}`,
        value: round(r.applicationsPerS, 2),
        unit: 'applications/s',
        note: note(r),
      });
    }
    // 1 vs 2 instances of verification: the second joins the same consumer group (the partitions
    // are shared out); on FerretDB its writes are create-once by _id or idempotent upserts.
    const five = shapes[1]?.filings ?? [];
    const rates: Record<'1' | '2', number[]> = { '1': [], '2': [] };
    for (const instances of ['1', '2', '1', '2'] as const) {
      if (instances === '2' && !second) {
        second = new AppProcess('verification', await freePort(), sys.apps.verification.env);
        await second.start();
        await sleep(5000); // the group rebalances onto both instances
      }
      if (instances === '1' && second) {
        await second.stop();
        second = undefined;
        await sleep(5000);
      }
      const r = await burst(sys, obs, five, opts.applications);
      rates[instances].push(r.applicationsPerS);
      console.log(`  verification ×${instances}: ${fmt(r.applicationsPerS, 2)} applications/s; ${note(r)}`);
    }
    const best = (k: '1' | '2'): number => Math.max(...rates[k]);
    log.add({
      bench: 'scaling',
      name: `5 sub-cases, burst of ${opts.applications}: 2 verification instances`,
      value: round(best('2'), 2),
      unit: 'applications/s',
      baseline: { name: '1 verification instance (best of 2, alternating)', value: round(best('1'), 2) },
      ratio: best('2') / best('1'),
    });
  } finally {
    await second?.stop().catch(() => undefined);
    await obs.stop().catch(() => undefined);
    await sys.stop();
  }
}
