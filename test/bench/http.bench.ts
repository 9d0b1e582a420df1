import { spawn, ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { AppProcess, createNamespace, dropNamespace, freePort, waitFor } from '@app/testing';
import { mintToken } from '@app/auth';
import { RunLog } from './lib/results';
import { fmt, round } from './lib/stats';

const JWT = { secret: 'local-development-secret-change-me', issuer: 'ipw-local', audience: 'ipw-services' };

interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  cached: boolean;
}

/**
 * The bare HTTP adapter the apps use (Express 5, as under @nestjs/platform-express), in its own
 * process like the app, answering each route with the very bytes intake answered: the ceiling for
 * a read that does no work.
 */
function startBare(
  port: number,
  routes: Array<{ method: string; path: string; body: string }>,
): ChildProcess {
  const code = `
    const express = require('express');
    const app = express();
    const routes = JSON.parse(process.env.BARE_ROUTES);
    for (const r of routes) {
      const handler = (req, res) => res.status(200).type('application/json').send(r.body);
      if (r.method === 'POST') app.post(r.path, express.json(), handler); else app.get(r.path, handler);
    }
    app.get('/ready', (req, res) => res.send('ok'));
    app.listen(Number(process.env.BARE_PORT), '127.0.0.1');
  `;
  return spawn(process.execPath, ['-e', code], {
    env: { ...process.env, BARE_ROUTES: JSON.stringify(routes), BARE_PORT: String(port) },
    stdio: 'ignore',
  });
}

async function cannon(
  base: string,
  r: Route,
  seconds: number,
): Promise<{ rps: number; p99: number; errors: number }> {
  const res = await autocannon({
    url: `${base}${r.path}`,
    method: r.method,
    headers: r.headers,
    body: r.body,
    connections: 10,
    duration: seconds,
  });
  return { rps: res.requests.average, p99: res.latency.p99, errors: res.errors + res.non2xx };
}

export async function benchHttp(log: RunLog, opts: { seconds: number }): Promise<void> {
  console.log('\n== HTTP reads: intake (Nest 11 on Express) vs bare Express serving the same bytes ==');
  const ns = await createNamespace('benchhttp', 3);
  // The apps log to files (as under a deployment's log collector), not through a pipe read by this
  // process: autocannon runs here, and reading every access-log line would slow the load generator
  // for our target only.
  const logDir = join(tmpdir(), `ipw-bench-http-${process.pid}`);
  const sandbox = new AppProcess(
    'registry-sandbox',
    await freePort(),
    { ...ns.env },
    { logFile: join(logDir, 'sandbox.log') },
  );
  const intakePort = await freePort();
  const intake = new AppProcess(
    'intake',
    intakePort,
    {
      ...ns.env,
      REGISTRY_SANDBOX_URL: '',
      INTAKE_PUBLIC_URL: `http://127.0.0.1:${intakePort}`,
      ...(process.env.BENCH_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_LOG_LEVEL } : {}),
    },
    { logFile: join(logDir, 'intake.log') },
  );
  let bare: ChildProcess | undefined;
  try {
    await sandbox.start();
    await intake.start({ REGISTRY_SANDBOX_URL: sandbox.url });
    const fx = (await (await fetch(`${sandbox.url}/fixtures`)).json()) as {
      inBusiness: Array<{
        uscc: string;
        name: string;
        legalRepresentative: { name: string; idNumber: string };
        patents: string[];
        trademarks: string[];
      }>;
    };
    const f = fx.inBusiness[0];
    if (!f) throw new Error('no fixture');
    const token = mintToken(JWT, { subject: 'bench', role: 'applicant', uscc: f.uscc });
    const assets = {
      patents: f.patents.slice(0, 2),
      trademarks: f.trademarks.slice(0, 2),
      layoutDesigns: [],
    };
    const noticeBody = JSON.stringify({ assets, agentAppointed: false, commitmentSigned: false });
    const notice = (await (
      await fetch(`${intake.url}/catalogue/bundles/ENTERPRISE_NAME_CHANGE/notice`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: noticeBody,
      })
    ).json()) as { materials: Array<{ code: string; submission: string }> };
    const materials = [];
    for (const m of notice.materials.filter((x) => x.submission !== 'EXEMPT_DATA_SHARING')) {
      const up = await fetch(`${intake.url}/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', authorization: `Bearer ${token}` },
        body: Buffer.from(`%PDF-1.4\n% ${m.code}\n%%EOF\n`),
      });
      materials.push({
        materialCode: m.code,
        documentId: ((await up.json()) as { documentId: string }).documentId,
      });
    }
    const filing = await fetch(`${intake.url}/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        uscc: f.uscc,
        enterpriseName: f.name,
        legalRepresentative: f.legalRepresentative,
        contact: { name: '联系人', phone: '13800138000' },
        bundleCode: 'ENTERPRISE_NAME_CHANGE',
        assets,
        formValues: {
          unifiedSocialCreditCode: f.uscc,
          oldName: f.name,
          newName: `${f.name}新`,
          changeReason: 'BUSINESS_DEVELOPMENT',
          contactName: '联系人',
          contactPhone: '13800138000',
        },
        materials,
      }),
    });
    const applicationId = ((await filing.json()) as { applicationId: string }).applicationId;
    if (filing.status !== 201) throw new Error(`filing ${filing.status}`);
    const routes: Route[] = [
      {
        name: 'catalogue list GET /catalogue/bundles',
        method: 'GET',
        path: '/catalogue/bundles',
        headers: {},
        cached: true,
      },
      {
        // The same read by a caller with credentials: never answered from the response cache, so this
        // is Nest's whole pipeline (routing, guard, validation pipe, serialization) for reference.
        name: 'catalogue list, whole Nest pipeline (caller with a token: not from the response cache)',
        method: 'GET',
        path: '/catalogue/bundles',
        headers: { authorization: `Bearer ${token}` },
        cached: false,
      },
      {
        name: 'catalogue item GET /catalogue/items',
        method: 'GET',
        path: '/catalogue/items',
        headers: {},
        cached: true,
      },
      {
        name: 'one-time notice (merged form) POST /catalogue/bundles/ENTERPRISE_NAME_CHANGE/notice',
        method: 'POST',
        path: '/catalogue/bundles/ENTERPRISE_NAME_CHANGE/notice',
        headers: { 'content-type': 'application/json' },
        body: noticeBody,
        cached: true,
      },
      {
        name: 'application status GET /applications/:id (JWT, database read)',
        method: 'GET',
        path: `/applications/${applicationId}`,
        headers: { authorization: `Bearer ${token}` },
        cached: false,
      },
    ];
    const bodies = [];
    for (const r of routes) {
      const res = await fetch(`${intake.url}${r.path}`, {
        method: r.method,
        headers: r.headers,
        body: r.body,
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${r.name}: ${res.status} ${text.slice(0, 200)}`);
      // Asked twice: the second answer says whether the load below is served by the response cache.
      const again = await fetch(`${intake.url}${r.path}`, {
        method: r.method,
        headers: r.headers,
        body: r.body,
      });
      await again.text();
      bodies.push({
        method: r.method,
        path: r.path,
        body: text,
        fromCache: again.headers.get('x-cache') === 'HIT',
      });
    }
    const barePort = await freePort();
    bare = startBare(
      barePort,
      bodies.map(({ method, path, body }) => ({ method, path, body })),
    );
    const bareUrl = `http://127.0.0.1:${barePort}`;
    await waitFor(
      'bare express',
      async () => (await fetch(`${bareUrl}/ready`).catch(() => undefined))?.ok === true,
      10000,
      100,
    );
    for (const [i, r] of routes.entries()) {
      // Alternate the two targets, best of two each: a neighbour's burst hits both alike.
      const ours: number[] = [];
      const base: number[] = [];
      let errors = 0;
      for (let k = 0; k < 2; k++) {
        const b = await cannon(bareUrl, r, opts.seconds);
        const o = await cannon(intake.url, r, opts.seconds);
        base.push(b.rps);
        ours.push(o.rps);
        errors += o.errors;
      }
      const o = Math.max(...ours);
      const b = Math.max(...base);
      log.add({
        bench: 'http',
        name: r.name,
        value: round(o, 0),
        unit: 'requests/s',
        baseline: { name: 'bare Express, same bytes', value: round(b, 0) },
        ratio: o / b,
        ...(r.cached ? { goal: '≥ 0.80 (cached read)', met: o / b >= 0.8 } : {}),
        note: `${bodies[i]?.fromCache ? 'answered by the response cache' : "Nest's whole pipeline"}, ${fmt((bodies[i]?.body.length ?? 0) / 1024, 1)} KiB body, 10 connections, ${opts.seconds}s ×2${errors ? `, ${errors} errors` : ''}`,
      });
    }
  } finally {
    bare?.kill('SIGTERM');
    await intake.stop();
    await sandbox.stop();
    await dropNamespace(ns);
    rmSync(logDir, { recursive: true, force: true });
  }
}
