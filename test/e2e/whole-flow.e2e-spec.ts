import { api, startSystem, System } from './support/system';
import { checkOpenApi } from './openapi';
import { all, detail, fileNameChange, Fixture, fixtures, waitForStates } from './support/flows';

/**
 * The whole system as its users meet it: every app a separate process on the real stack
 * (Kafka, FerretDB, Redis), through HTTP and Kafka only. Each scenario uses its own enterprise.
 */
describe('whole flow: one bundled application fanned out to every linked process', () => {
  let sys: System;
  let ents: Fixture[];
  let flagged: Fixture;

  beforeAll(async () => {
    sys = await startSystem('e2e', {
      commitment: { WORKING_DAY_MS: '700', OBLIGATION_REMINDER_OFFSETS: '2' },
    });
    const fx = await fixtures(sys);
    ents = fx.inBusiness;
    flagged = fx.flagged;
  });
  afterAll(async () => {
    if (process.env.E2E_LOGS)
      for (const [name, app] of Object.entries(sys?.apps ?? {}))
        process.stdout.write(`\n===== ${name} =====\n${app.logs().slice(-6000)}\n`);
    await sys?.stop();
  });

  it('every service serves its OpenAPI document, and docs/openapi/<app>.json is current', async () => {
    for (const [app, url] of Object.entries(sys.url)) {
      const { current, paths } = await checkOpenApi(app, url);
      expect({ app, current }).toEqual({ app, current: true });
      expect(paths).toBeGreaterThan(1);
    }
  });

  const IP = (s: { itemCode: string }): boolean => !s.itemCode.startsWith('MR_');

  it('straight path: name change + 2 patents + 2 trademarks → 5 sub-cases, IP ones wait for the registration, all complete; the registry shows the new name', async () => {
    const f = ents[0] as Fixture;
    const filed = await fileNameChange(sys, f);
    expect(filed.status).toBe(201);
    expect(filed.subCases).toHaveLength(5);
    const done = await waitForStates(sys, f, filed.applicationId, 'all 5 completed', all('COMPLETED'), 90000);
    expect(done.status).toBe('COMPLETED');
    const registry = await api<{ data: { name: string; nameHistory: Array<{ name: string }> } }>(
      sys.url['registry-sandbox'],
      'GET',
      `/sharing/enterprise/${f.uscc}`,
    );
    expect(registry.body.data.name).not.toBe(f.name);
    expect(JSON.stringify(registry.body.data.nameHistory)).toContain(f.name);
  });

  it('auditor replay of the straight-path application equals the live state; the chain verifies', async () => {
    const f = ents[0] as Fixture;
    const list = await api<{ items: Array<{ applicationId: string }> }>(
      sys.url.intake,
      'GET',
      '/applications',
      sys.token({ role: 'applicant', uscc: f.uscc }),
    );
    const applicationId = list.body.items[0]?.applicationId ?? '';
    const live = await detail(sys, f, applicationId);
    const auditor = sys.token({ role: 'auditor' });
    const state = await waitForAudit(sys, applicationId, auditor, live);
    expect(state).toEqual(Object.fromEntries(live.subCases.map((s) => [s.caseId, s.state])));
    const verify = await api<{ ok: boolean }>(
      sys.url.audit,
      'GET',
      `/audit/applications/${applicationId}/verify`,
      auditor,
    );
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
    const timeline = await api<{ events: Array<{ type: string; producer?: string }> }>(
      sys.url.audit,
      'GET',
      `/audit/applications/${applicationId}/timeline`,
      auditor,
    );
    const types = new Set(timeline.body.events.map((e) => e.type));
    for (const t of [
      'intake.application.filed',
      'verification.assessment.completed',
      'intake.subcase.dispatched',
      'intake.subcase.transitioned',
    ])
      expect(types).toContain(t);
  });

  it('observability: readiness names its engines; Prometheus metrics expose HTTP, handlers, outbox, lag, queues and sub-cases by state', async () => {
    const ready = await api<{ status: string; checks: Record<string, boolean> }>(
      sys.url.intake,
      'GET',
      '/health/ready',
    );
    expect(ready.body).toMatchObject({ status: 'ok', checks: { mongodb: true, kafka: true, redis: true } });
    const intakeMetrics = (await api<string>(sys.url.intake, 'GET', '/metrics')).body;
    for (const name of [
      'ipw_http_request_duration_seconds_bucket',
      'ipw_event_handler_duration_seconds_bucket',
      'ipw_outbox_backlog',
      'ipw_consumer_lag{',
      'ipw_queue_jobs{',
      'ipw_subcases{state="COMPLETED"',
    ]) {
      expect(intakeMetrics).toContain(name);
    }
    const commitmentMetrics = (await api<string>(sys.url.commitment, 'GET', '/metrics')).body;
    expect(commitmentMetrics).toContain('ipw_obligations_overdue');
    expect(commitmentMetrics).toContain('ipw_queue_jobs{');
  });

  it('auditor replay at past instants equals the state intake recorded live at those instants', async () => {
    const f = ents[0] as Fixture;
    const list = await api<{ items: Array<{ applicationId: string }> }>(
      sys.url.intake,
      'GET',
      '/applications',
      sys.token({ role: 'applicant', uscc: f.uscc }),
    );
    const applicationId = list.body.items[0]?.applicationId ?? '';
    // Intake's own live record of every state change, with the instant it happened.
    const live = await api<
      Array<{ type: string; occurredAt: string; caseId?: string; payload: { to?: string } }>
    >(
      sys.url.intake,
      'GET',
      `/applications/${applicationId}/timeline`,
      sys.token({ role: 'applicant', uscc: f.uscc }),
    );
    const transitions = live.body.filter((e) => e.type === 'intake.subcase.transitioned');
    const instants = [...new Set(transitions.map((e) => e.occurredAt))].sort();
    expect(instants.length).toBeGreaterThan(3);
    const auditor = sys.token({ role: 'auditor' });
    for (const at of instants) {
      const expected: Record<string, string> = {};
      for (const t of transitions)
        if (t.occurredAt <= at && t.caseId && t.payload.to) expected[t.caseId] = t.payload.to;
      const replayed = await api<{ subCases: Array<{ caseId: string; state: string }> }>(
        sys.url.audit,
        'GET',
        `/audit/applications/${applicationId}/state?at=${encodeURIComponent(at)}`,
        auditor,
      );
      expect({
        at,
        states: Object.fromEntries(
          replayed.body.subCases.filter((s) => expected[s.caseId]).map((s) => [s.caseId, s.state]),
        ),
      }).toEqual({ at, states: expected });
    }
  });

  it('dependent cancellation: a denied name change cancels the 4 dependent IP sub-cases', async () => {
    // The sandbox's flagged enterprise: its linked registration processes refuse every case.
    const f = flagged;
    const filed = await fileNameChange(sys, f);
    expect(filed.status).toBe(201);
    const d = await waitForStates(
      sys,
      f,
      filed.applicationId,
      'denied + 4 cancelled',
      (subs) =>
        subs.some((s) => s.state === 'DENIED') && subs.filter(IP).every((s) => s.state === 'CANCELLED'),
    );
    expect(d.subCases.filter((s) => !IP(s)).map((s) => s.state)).toEqual(['DENIED']);
  });

  it('correction: a missing mandatory material gives one consolidated notice; one correction later everything completes', async () => {
    const f = ents[2] as Fixture;
    const notice = await api<{ materials: Array<{ code: string; submission: string }> }>(
      sys.url.intake,
      'POST',
      '/catalogue/bundles/ENTERPRISE_NAME_CHANGE/notice',
      undefined,
      {
        assets: { patents: f.patents.slice(0, 2), trademarks: f.trademarks.slice(0, 2), layoutDesigns: [] },
        agentAppointed: false,
      },
    );
    const mandatory = notice.body.materials.find((m) => m.submission === 'MUST_SUBMIT');
    expect(mandatory).toBeDefined();
    const filed = await fileNameChange(sys, f, { omitMaterial: mandatory?.code });
    const waiting = await waitForStates(sys, f, filed.applicationId, 'correction required', (subs) =>
      subs.some((s) => s.state === 'CORRECTION_REQUIRED'),
    );
    expect(waiting.notices).toHaveLength(1);
    const n = waiting.notices[0];
    expect(n?.deficiencies.every((d) => d.materialCode === mandatory?.code)).toBe(true);
    const { upload } = await import('./support/flows');
    const documentId = await upload(sys, f.uscc, mandatory?.code ?? '');
    const corrected = await api(
      sys.url.intake,
      'POST',
      `/applications/${filed.applicationId}/corrections`,
      sys.token({ role: 'applicant', uscc: f.uscc }),
      {
        noticeId: n?.noticeId,
        materials: [{ materialCode: mandatory?.code, documentId }],
      },
    );
    expect([200, 201, 202]).toContain(corrected.status);
    const done = await waitForStates(
      sys,
      f,
      filed.applicationId,
      'completed after correction',
      all('COMPLETED'),
      90000,
    );
    expect(done.notices).toHaveLength(1);
  });

  it('withdrawal: the applicant withdraws; open sub-cases are cancelled', async () => {
    const f = ents[5] as Fixture;
    const filed = await fileNameChange(sys, f);
    const res = await api(
      sys.url.intake,
      'POST',
      `/applications/${filed.applicationId}/withdraw`,
      sys.token({ role: 'applicant', uscc: f.uscc }),
      { note: '企业决定暂缓变更' },
    );
    expect(res.body).toMatchObject({});
    expect([200, 201]).toContain(res.status);
    const d = await detail(sys, f, filed.applicationId);
    expect(d.subCases.every((s) => ['CANCELLED', 'COMPLETED', 'DENIED', 'REJECTED'].includes(s.state))).toBe(
      true,
    );
    expect(d.subCases.some((s) => s.state === 'CANCELLED')).toBe(true);
    const other = await api(
      sys.url.intake,
      'GET',
      `/applications/${filed.applicationId}`,
      sys.token({ role: 'applicant', uscc: (ents[6] as Fixture).uscc }),
    );
    expect(other.status).toBe(404);
  });
});

async function waitForAudit(
  sys: System,
  applicationId: string,
  auditor: string,
  live: { subCases: Array<{ caseId: string; state: string }> },
): Promise<Record<string, string>> {
  const { waitFor } = await import('@app/testing');
  const want = JSON.stringify(Object.fromEntries(live.subCases.map((s) => [s.caseId, s.state])));
  let last: Record<string, string> = {};
  await waitFor(
    'audit replay to catch up with the live state',
    async () => {
      const res = await api<{ subCases: Array<{ caseId: string; state: string }> }>(
        sys.url.audit,
        'GET',
        `/audit/applications/${applicationId}/state?at=${encodeURIComponent(new Date().toISOString())}`,
        auditor,
      );
      if (res.status !== 200) return undefined;
      last = Object.fromEntries(res.body.subCases.map((s) => [s.caseId, s.state]));
      return JSON.stringify(last) === want;
    },
    30000,
    500,
  ).catch(() => undefined);
  return last;
}
