import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mintToken, verifyToken } from '@app/auth';
import { AppProcess, waitFor } from '@app/testing';

/** The registry sandbox as a separate process: data sharing, linked processes with callbacks, faults. */
describe('registry sandbox', () => {
  const JWT = { secret: 'sandbox-test-secret-0123456789', issuer: 'ipw-local', audience: 'ipw-services' };
  let sandbox: AppProcess;
  let callbackServer: Server;
  let callbackUrl = '';
  const callbacks: Array<{ auth: string; body: Record<string, unknown> }> = [];
  interface Fixture {
    uscc: string;
    name: string;
    legalRepresentative: { name: string; idNumber: string };
    patents: string[];
    trademarks: string[];
  }
  let fixtures: {
    inBusiness: Fixture[];
    revoked: Fixture;
    renamed: Fixture & { nameHistory: Array<{ name: string }> };
    flagged: Fixture;
  };

  const get = async (path: string): Promise<Record<string, unknown>> =>
    (await (await fetch(`${sandbox.url}${path}`)).json()) as Record<string, unknown>;
  const post = (path: string, body: unknown, token?: string): Promise<Response> =>
    fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const adminToken = mintToken(JWT, { subject: 'ops', role: 'admin' });
  const fx = (i: number): Fixture => {
    const f = fixtures.inBusiness[i];
    if (!f) throw new Error(`fixture ${i} missing`);
    return f;
  };

  beforeAll(async () => {
    callbackServer = createServer((req: IncomingMessage, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        callbacks.push({
          auth: req.headers.authorization ?? '',
          body: JSON.parse(data) as Record<string, unknown>,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => callbackServer.listen(0, '127.0.0.1', () => r()));
    callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/internal/dispatch-results`;
    sandbox = await AppProcess.start('registry-sandbox', {
      JWT_SECRET: JWT.secret,
      SANDBOX_SEED: 'int-test-seed',
      SANDBOX_PROCESS_DELAY_MS: '300',
      NODE_ENV: 'test',
    });
    fixtures = (await get('/fixtures')) as unknown as typeof fixtures;
  });

  afterAll(async () => {
    await sandbox?.stop();
    await new Promise((r) => callbackServer?.close(r));
  });

  it('the fixtures are as documented: 10 in business with 3 patents and 3 trademarks, one revoked, one renamed, one flagged', () => {
    expect(fixtures.inBusiness).toHaveLength(10);
    for (const f of fixtures.inBusiness) {
      expect(f.patents).toHaveLength(3);
      expect(f.trademarks).toHaveLength(3);
    }
    expect(fixtures.renamed.nameHistory.length).toBeGreaterThan(0);
  });

  it('the same seed gives the same registry (a second process agrees on the fixtures)', async () => {
    const again = await AppProcess.start('registry-sandbox', {
      JWT_SECRET: JWT.secret,
      SANDBOX_SEED: 'int-test-seed',
      NODE_ENV: 'test',
    });
    try {
      const other = (await (await fetch(`${again.url}/fixtures`)).json()) as typeof fixtures;
      expect(other.inBusiness[0]).toEqual(fixtures.inBusiness[0]);
    } finally {
      await again.stop();
    }
  });

  it('answers are signed evidence documents; the enterprise record never carries the full ID number', async () => {
    const f = fx(0);
    const doc = await get(`/sharing/enterprise/${f.uscc}`);
    expect(doc).toMatchObject({ found: true, issuer: { code: 'SAMR-ENTERPRISE-REGISTRY' } });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(doc)).not.toContain(f.legalRepresentative.idNumber);
    const none = await get('/sharing/enterprise/91110000000000000X');
    expect(none).toMatchObject({ found: false, data: null });
    const patent = await get(`/sharing/patents/${f.patents[0] ?? ''}`);
    expect(patent).toMatchObject({ found: true, data: { holder: f.name } });
  });

  it('identity check matches the legal representative by ID number and name', async () => {
    const f = fx(1);
    const ok = (await (
      await post('/sharing/identity-check', {
        uscc: f.uscc,
        name: f.legalRepresentative.name,
        idNumber: f.legalRepresentative.idNumber,
      })
    ).json()) as { data: { verdict: string } };
    expect(ok.data.verdict).toBe('MATCH');
    const wrong = (await (
      await post('/sharing/identity-check', {
        uscc: f.uscc,
        name: '冒名',
        idNumber: f.legalRepresentative.idNumber,
      })
    ).json()) as { data: { verdict: string; nameMatches: boolean } };
    expect(wrong.data).toMatchObject({ verdict: 'MISMATCH', nameMatches: false });
    expect(JSON.stringify(wrong)).not.toContain(f.legalRepresentative.idNumber);
  });

  it('a dispatched name change changes the registry, keeps the old name, and calls back once as admin (deduped by dispatchKey)', async () => {
    const f = fx(2);
    const body = {
      dispatchKey: 'app-1:case-mr:1',
      caseId: 'case-mr',
      applicationId: 'app-1',
      itemCode: 'MR_ENTERPRISE_NAME_CHANGE',
      uscc: f.uscc,
      formValues: { oldName: f.name, newName: '沙箱新名称科技有限公司' },
      callbackUrl,
    };
    expect((await post('/linked-processes/MARKET_REGULATION/cases', body)).status).toBe(202);
    const again = (await (await post('/linked-processes/MARKET_REGULATION/cases', body)).json()) as {
      duplicate: boolean;
    };
    expect(again.duplicate).toBe(true);
    const cb = await waitFor('callback', async () =>
      callbacks.find((c) => c.body.dispatchKey === 'app-1:case-mr:1'),
    );
    expect(cb.body).toMatchObject({ caseId: 'case-mr', applicationId: 'app-1', outcome: 'COMPLETED' });
    const principal = await verifyToken(JWT, cb.auth.replace(/^Bearer /, ''));
    expect(principal.role).toBe('admin');
    const ent = (await get(`/sharing/enterprise/${f.uscc}`)) as {
      data: { name: string; nameHistory: Array<{ name: string }> };
    };
    expect(ent.data.name).toBe('沙箱新名称科技有限公司');
    expect(ent.data.nameHistory[0]?.name).toBe(f.name);

    // then the patent holder-name change moves the holder to the new name
    const patent = f.patents[0] ?? '';
    await post('/linked-processes/PATENT_OFFICE/cases', {
      dispatchKey: 'app-1:case-po:1',
      caseId: 'case-po',
      applicationId: 'app-1',
      itemCode: 'PO_APPLICANT_NAME_CHANGE',
      uscc: f.uscc,
      asset: { kind: 'patent', number: patent },
      formValues: { oldName: f.name, newName: '沙箱新名称科技有限公司' },
      callbackUrl,
    });
    await waitFor('po callback', async () => callbacks.find((c) => c.body.dispatchKey === 'app-1:case-po:1'));
    expect(((await get(`/sharing/patents/${patent}`)) as { data: { holder: string } }).data.holder).toBe(
      '沙箱新名称科技有限公司',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(callbacks.filter((c) => c.body.dispatchKey === 'app-1:case-mr:1')).toHaveLength(1);
  });

  it('a forced DENY and a flagged enterprise are DENIED, and the registry is unchanged', async () => {
    const f = fx(3);
    await post('/linked-processes/MARKET_REGULATION/cases', {
      dispatchKey: 'deny-1',
      caseId: 'c-deny',
      applicationId: 'app-2',
      itemCode: 'MR_ENTERPRISE_NAME_CHANGE',
      uscc: f.uscc,
      formValues: { newName: 'X公司', sandboxOutcome: 'DENY' },
      callbackUrl,
    });
    await post('/linked-processes/MARKET_REGULATION/cases', {
      dispatchKey: 'deny-2',
      caseId: 'c-flag',
      applicationId: 'app-3',
      itemCode: 'MR_ENTERPRISE_NAME_CHANGE',
      uscc: fixtures.flagged.uscc,
      formValues: { newName: 'Y公司' },
      callbackUrl,
    });
    const d1 = await waitFor('deny-1', async () => callbacks.find((c) => c.body.dispatchKey === 'deny-1'));
    const d2 = await waitFor('deny-2', async () => callbacks.find((c) => c.body.dispatchKey === 'deny-2'));
    expect([d1.body.outcome, d2.body.outcome]).toEqual(['DENIED', 'DENIED']);
    expect(((await get(`/sharing/enterprise/${f.uscc}`)) as { data: { name: string } }).data.name).toBe(
      f.name,
    );
  });

  it('fault injection needs an admin token; outage → 503, latency delays, DELETE clears', async () => {
    expect((await post('/admin/faults', { source: 'trademark-register', outage: true })).status).toBe(401);
    expect(
      (
        await post(
          '/admin/faults',
          { source: 'trademark-register', outage: true },
          mintToken(JWT, { subject: 'x', role: 'auditor' }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await post('/admin/faults', { source: 'trademark-register', outage: true }, adminToken)).status,
    ).toBe(200);
    const tm = fx(0).trademarks[0] ?? '';
    expect((await fetch(`${sandbox.url}/sharing/trademarks/${tm}`)).status).toBe(503);
    // other sources are unaffected
    expect((await fetch(`${sandbox.url}/sharing/enterprise/${fx(0).uscc}`)).status).toBe(200);
    await post('/admin/faults', { source: 'trademark-register', outage: false, latencyMs: 400 }, adminToken);
    const t0 = Date.now();
    expect((await fetch(`${sandbox.url}/sharing/trademarks/${tm}`)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    await fetch(`${sandbox.url}/admin/faults`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const t1 = Date.now();
    expect((await fetch(`${sandbox.url}/sharing/trademarks/${tm}`)).status).toBe(200);
    expect(Date.now() - t1).toBeLessThan(380);
  });
});
