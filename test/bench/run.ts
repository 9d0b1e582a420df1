/**
 * Benchmarks of the pipeline against the engines' own rates, measured in the same run.
 *
 *   npm run bench                       # everything, in order (≈ 12–15 min on 2 cores)
 *   npm run bench -- e2e [--quick]      # end-to-end throughput/latency + engine baselines + warm start
 *   npm run bench -- replay [--events=1000000]
 *   npm run bench -- http
 *   npm run bench -- persist
 *   npm run bench -- relay              # outbox relay A/B: scan vs kicked _id read
 *   npm run bench -- scaling            # cost vs sub-cases per application (1, 5, 20); 1 vs 2 verification instances
 *   npm run bench -- startup            # whole system cold (engines stopped) and warm (stops the local stack!)
 *   flags: --burst=20 (capacity probe; the ramp then offers 0.5/0.75/1/1.25 × capacity)
 *          --rates=1,2,4 (a fixed ramp instead)  --step=15  --latency=30  --budget=300
 *
 * Traffic goes only to 127.0.0.1 (the local stack and the apps it starts). Results are printed and
 * written to test/bench/results/<bench>-latest.json.
 */
import { benchE2e } from './e2e.bench';
import { RunLog } from './lib/results';

type Bench = 'e2e' | 'replay' | 'http' | 'persist' | 'relay' | 'scaling' | 'startup';
const ALL: Bench[] = ['e2e', 'replay', 'http', 'persist', 'relay', 'scaling', 'startup'];

function flag(name: string): string | undefined {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!hit) return undefined;
  return hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : 'true';
}

function num(name: string, fallback: number): number {
  const v = flag(name);
  return v === undefined ? fallback : Number(v);
}

async function runOne(bench: Bench, log: RunLog): Promise<void> {
  const quick = flag('quick') === 'true';
  switch (bench) {
    case 'e2e':
      return benchE2e(log, {
        rates: flag('rates')?.split(',').map(Number) ?? [],
        burst: num('burst', quick ? 12 : 20),
        stepSeconds: num('step', quick ? 8 : 15),
        latencySeconds: num('latency', quick ? 10 : 30),
        budgetS: num('budget', 420),
      });
    case 'replay':
      return (await import('./replay.bench')).benchReplay(log, {
        events: num('events', 1_000_000),
        topicEvents: num('topic-events', quick ? 50_000 : 200_000),
      });
    case 'http':
      return (await import('./http.bench')).benchHttp(log, { seconds: num('seconds', quick ? 3 : 6) });
    case 'persist':
      return (await import('./persist.bench')).benchPersist(log, {
        documents: num('documents', quick ? 500 : 2000),
      });
    case 'relay':
      return (await import('./relay.bench')).benchRelay(log, {
        existing: num('existing', quick ? 300 : 1000),
        writes: num('writes', quick ? 20 : 50),
      });
    case 'startup':
      return (await import('./startup.bench')).benchStartup(log);
    case 'scaling':
      return (await import('./scaling.bench')).benchScaling(log, {
        applications: num('applications', quick ? 10 : 30),
      });
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !ALL.includes(w as Bench));
  if (unknown.length)
    throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);
  const benches = wanted.length ? (wanted as Bench[]) : ALL;
  const log = new RunLog();
  const os = await import('node:os');
  log.context.machine = {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryMiB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    loadavg: os.loadavg(),
  };
  for (const b of benches) {
    const t = performance.now();
    await runOne(b, log);
    console.log(`  (${b} took ${Math.round((performance.now() - t) / 1000)} s)`);
    log.save(benches.length === 1 ? b : 'all');
  }
  console.log(`\nresults: ${log.save(benches.length === 1 ? (benches[0] ?? 'all') : 'all')}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
