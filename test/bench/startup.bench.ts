import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startSystem } from '../e2e/support/system';
import { RunLog } from './lib/results';
import { round, secondsSince } from './lib/stats';

const ROOT = join(__dirname, '..', '..');

/** Runs the stack script the way a user does (`npm run stack:up|down`), timed. */
function stack(command: 'up' | 'down'): number {
  const t = performance.now();
  const res = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'scripts/stack.ts', command],
    {
      cwd: ROOT,
      stdio: 'ignore',
      env: process.env,
    },
  );
  if (res.status !== 0) throw new Error(`stack ${command} exited with ${res.status}`);
  return secondsSince(t);
}

/**
 * Start-up (issue 10): cold = the engines stopped (installed, state kept) → Kafka, Redis and the
 * MongoDB-compatible server started by the stack script, then the six services until each answers
 * /health/ready; warm = the engines already running, the six services only. Twice each, the second
 * kept (the first also pays ts-node's compile cache).
 */
export async function benchStartup(log: RunLog): Promise<void> {
  console.log('\n== start-up: whole system cold (engines stopped) and warm (engines running) ==');
  const apps = async (): Promise<number> => {
    const t = performance.now();
    const sys = await startSystem('benchstart');
    const s = secondsSince(t);
    await sys.stop();
    return s;
  };
  let cold = { engines: 0, services: 0 };
  let warm = 0;
  for (let round_ = 0; round_ < 2; round_++) {
    stack('down');
    const engines = stack('up');
    const services = await apps();
    cold = { engines, services };
    warm = await apps();
  }
  log.add({
    bench: 'startup',
    name: 'cold: engines stopped → engines up (npm run stack:up)',
    value: round(cold.engines, 1),
    unit: 's',
  });
  log.add({
    bench: 'startup',
    name: 'cold: whole system (engines + six services ready)',
    value: round(cold.engines + cold.services, 1),
    unit: 's',
  });
  log.add({
    bench: 'startup',
    name: 'warm: engines running → six services ready',
    value: round(warm, 1),
    unit: 's',
  });
}
