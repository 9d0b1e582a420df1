import { startSystem } from '../e2e/support/system';
import { benchOverrides } from './e2e.bench';
import { RunLog } from './lib/results';
import { fmt, round, sleep, summarize } from './lib/stats';
import { PipelineObserver, prepareFilings } from './pipeline';
import { api } from '../e2e/support/system';

/**
 * Cost vs sub-cases per application: bursts of N applications filed at once (closed batch), time to
 * every sub-case accepted. Shapes: 1 (name change only), 5 (2 patents + 2 trademarks), 8 (3 + 3 +
 * 1 layout design — the most the sandbox fixtures hold; 20 would need assets the fixtures lack).
 */
export async function benchScaling(log: RunLog, opts: { applications: number }): Promise<void> {
  console.log('\n== scaling shape: cost vs sub-cases per application ==');
  const sys = await startSystem('benchscale', benchOverrides());
  const obs = new PipelineObserver(sys.ns.topicPrefix, 0);
  try {
    await obs.start();
    const shapes: Array<[number, number, number]> = [
      [0, 0, 0],
      [2, 2, 0],
      [3, 3, 1],
    ];
    let first = true;
    for (const [p, t, l] of shapes) {
      const filings = await prepareFilings(sys, p, t, l);
      const runs = first ? 2 : 1; // the first burst also warms the apps up; keep the second
      first = false;
      for (let r = 0; r < runs; r++) {
        await obs.quiesce(1500, 30000);
        const t0 = performance.now();
        const res = await Promise.all(
          Array.from({ length: opts.applications }, (_, i) => {
            const f = filings[i % filings.length];
            if (!f) throw new Error('no filing');
            return api<{ subCases: Array<{ caseId: string }> }>(
              sys.url.intake,
              'POST',
              '/applications',
              f.token,
              f.body,
            ).then((x) => ({ at: performance.now(), ...x }));
          }),
        );
        const caseIds = res.flatMap((x) => (x.status === 201 ? x.body.subCases.map((s) => s.caseId) : []));
        const deadline = performance.now() + 120000;
        while (performance.now() < deadline && caseIds.some((c) => !obs.accepted.has(c))) await sleep(100);
        const done = caseIds.filter((c) => obs.accepted.has(c));
        const last = Math.max(...done.map((c) => obs.accepted.get(c) ?? 0));
        const seconds = (last - t0) / 1000;
        const perApp = res.map((x) =>
          Math.max(...x.body.subCases.map((s) => (obs.accepted.get(s.caseId) ?? Number.NaN) - t0)),
        );
        const subs = caseIds.length / Math.max(1, res.length);
        if (r === runs - 1) {
          log.add({
            bench: 'scaling',
            name: `${subs} sub-case(s) per application: burst of ${opts.applications}`,
            value: round(opts.applications / seconds, 2),
            unit: 'applications/s',
            note: `${fmt(caseIds.length / seconds, 1)} sub-cases/s; ${fmt((1000 * seconds) / opts.applications, 0)} ms per application; p50 ${fmt(summarize(perApp).p50, 0)} ms; ${done.length}/${caseIds.length} accepted`,
          });
        }
      }
    }
  } finally {
    await obs.stop().catch(() => undefined);
    await sys.stop();
  }
}
