/**
 * The README's test command (`npm test`): typecheck, import boundaries, then every Jest tier —
 * unit (no engines), integration and e2e (real Kafka, MongoDB-compatible server, Redis, started
 * here when not running). Exits non-zero on the first failing step.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const started = Date.now();

function step(name: string, cmd: string, args: string[]): void {
  const t = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stdout.write(`\n✗ ${name} failed after ${secs} s\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`✓ ${name} (${secs} s)\n`);
}

const npx = 'npx';
step('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('lint', npx, ['eslint', '{apps,libs,test,scripts}/**/*.ts', '--max-warnings', '0']);
step('format', npx, ['prettier', '--check', '{apps,libs,test,scripts}/**/*.ts']);
step('import boundaries', npx, ['depcruise', 'apps', 'libs', '--config', '.dependency-cruiser.cjs']);
step('deploy manifests (static: compose spec, Kubernetes schemas)', npx, [
  'ts-node',
  '-T',
  'scripts/validate-deploy.ts',
]);
step('local stack', npx, ['ts-node', '-T', 'scripts/stack.ts', 'up']);
step('jest: unit + integration + e2e', npx, [
  'jest',
  '--ci',
  '--maxWorkers=2',
  '--selectProjects',
  'unit',
  'integration',
  'e2e',
  ...process.argv.slice(2),
]);
process.stdout.write(`\nall tests passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
