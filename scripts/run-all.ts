/**
 * The README's run command (`npm start`): brings up the local stack and every service as its own
 * process, waits until each answers /health/ready, prints URLs and a ready-to-use token per role,
 * and stops them all cleanly on Ctrl-C (SIGTERM to each, then the stack keeps running for the next
 * start; `npm run stack:down` stops it).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { up } from './stack';
import { mintToken, Principal } from '@app/auth';

const ROOT = resolve(__dirname, '..');
export const SERVICES: Array<{ app: string; port: number }> = [
  { app: 'registry-sandbox', port: 3006 },
  { app: 'intake', port: 3001 },
  { app: 'verification', port: 3002 },
  { app: 'commitment', port: 3003 },
  { app: 'evaluation', port: 3004 },
  { app: 'audit', port: 3005 },
];

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`not ready after ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const stack = await up();
  const children: Array<{ app: string; child: ChildProcess }> = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      process.stdout.write('\nstopping services …\n');
      await Promise.all(
        children.map(
          ({ child }) =>
            new Promise<void>((res) => {
              if (child.exitCode !== null) return res();
              child.once('exit', () => res());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 15000).unref();
            }),
        ),
      );
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // Structured JSON logs of each service go to .stack/logs/<app>.log (LOGS=inherit prints them here).
  const logDir = join(ROOT, '.stack', 'logs');
  mkdirSync(logDir, { recursive: true });
  for (const { app, port } of SERVICES) {
    const out = process.env.LOGS === 'inherit' ? 'inherit' : openSync(join(logDir, `${app}.log`), 'a');
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        join(ROOT, 'apps', app, 'src', 'main.ts'),
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          KAFKA_BROKERS: stack.KAFKA_BROKERS,
          MONGODB_URI: stack.MONGODB_URI,
          REDIS_URL: stack.REDIS_URL,
        },
        stdio: ['ignore', out, out],
      },
    );
    children.push({ app, child });
    child.on('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`${app} exited (${code}); stopping everything\n`);
        void stopAll(1);
      }
    });
  }
  await Promise.all(
    SERVICES.map(({ app, port }, i) =>
      waitReady(`http://127.0.0.1:${port}`, children[i].child, 120000).catch((e: unknown) => {
        throw new Error(`${app}: ${String(e)}`);
      }),
    ),
  ).catch(async (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    await stopAll(1);
  });

  const settings = {
    secret: process.env.JWT_SECRET ?? 'local-development-secret-change-me',
    issuer: process.env.JWT_ISSUER ?? 'ipw-local',
    audience: process.env.JWT_AUDIENCE ?? 'ipw-services',
  };
  // The applicant token is for the sandbox's first in-business enterprise (or DEMO_USCC).
  const fixtures = await fetch('http://127.0.0.1:3006/fixtures').then(
    (r) => r.json() as Promise<{ inBusiness: Array<{ uscc: string; name: string }> }>,
    () => undefined,
  );
  const demoUscc = process.env.DEMO_USCC ?? fixtures?.inBusiness[0]?.uscc ?? '';
  const principals: Principal[] = [
    { subject: 'demo-applicant', role: 'applicant', uscc: demoUscc },
    { subject: 'demo-caseworker-patent', role: 'caseworker', authority: 'PATENT_OFFICE' },
    { subject: 'demo-caseworker-market', role: 'caseworker', authority: 'MARKET_REGULATION' },
    { subject: 'demo-supervisor', role: 'supervisor' },
    { subject: 'demo-auditor', role: 'auditor' },
  ];
  process.stdout.write(
    `\n一件事一次办 — all services ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`,
  );
  for (const { app, port } of SERVICES)
    process.stdout.write(
      `  ${app.padEnd(18)} http://127.0.0.1:${port}   (OpenAPI: /docs, metrics: /metrics, logs: .stack/logs/${app}.log)\n`,
    );
  process.stdout.write(
    `\nTokens (8 h; applicant token is for ${demoUscc} — mint others with npm run token):\n`,
  );
  for (const p of principals)
    process.stdout.write(`  ${p.role}${p.authority ? `/${p.authority}` : ''}: ${mintToken(settings, p)}\n`);
  process.stdout.write(
    "\nTry it: npm run demo   (files a name-change bundle and prints the auditor's timeline)\nCtrl-C stops every service.\n",
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exit(1);
});
