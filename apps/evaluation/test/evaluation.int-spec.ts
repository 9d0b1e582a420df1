import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeUscc } from '@app/identifiers';
import { TOPICS, type EventEnvelope, type RectificationProgressedV1 } from '@app/contracts';
import { AppProcess, createNamespace, dropNamespace, REPO_ROOT, TestNamespace, waitFor } from '@app/testing';
import { as, assessed, call, CaseSpec, filed, produce, transitioned, watchEvents } from './support';

/**
 * The evaluation service on the real engines: intake's events (produced here, acting as intake) make
 * cases ratable; bad ratings go round the rectification loop; refusals; appeals; KPIs from events.
 */
describe('evaluation (ratings, rectification loop, appeals, KPIs)', () => {
  let ns: TestNamespace;
  let app: AppProcess;
  let watcher: { events: EventEnvelope[]; stop: () => Promise<void> };
  const started = new Date();

  const usccA = makeUscc('91110000MA01AAAA1');
  const usccB = makeUscc('91110000MA01BBBB2');
  const c1: CaseSpec = { caseId: 'c1-patent', itemCode: 'PATENT_NAME_CHANGE', authority: 'PATENT_OFFICE' };
  const c2: CaseSpec = {
    caseId: 'c2-trademark',
    itemCode: 'TRADEMARK_NAME_CHANGE',
    authority: 'TRADEMARK_OFFICE',
  };
  const c3: CaseSpec = { caseId: 'c3-patent', itemCode: 'PATENT_NAME_CHANGE', authority: 'PATENT_OFFICE' };
  const c4: CaseSpec = {
    caseId: 'c4-market',
    itemCode: 'MARKET_NAME_CHANGE',
    authority: 'MARKET_REGULATION',
  };
  const c5: CaseSpec = {
    caseId: 'c5-layout',
    itemCode: 'LAYOUT_NAME_CHANGE',
    authority: 'LAYOUT_DESIGN_OFFICE',
  };
  const c6: CaseSpec = { caseId: 'c6-patent-b', itemCode: 'PATENT_NAME_CHANGE', authority: 'PATENT_OFFICE' };

  const api = (method: string, path: string, bearer?: string, body?: unknown) =>
    call(app.url, method, path, bearer, body);
  const rate = (uscc: string, body: Record<string, unknown>) =>
    api('POST', '/ratings', as.applicant(uscc), body);
  // Delivery is at-least-once: a republished event (same id) counts once.
  const ticketSteps = (ticketId: string): Array<{ step: string; actor: string }> =>
    [...new Map(watcher.events.map((e) => [e.id, e])).values()]
      .filter(
        (e) =>
          e.type === 'evaluation.rectification.progressed' &&
          (e.payload as RectificationProgressedV1).ticketId === ticketId,
      )
      .map((e) => ({ step: (e.payload as RectificationProgressedV1).step, actor: e.actor.kind }));

  beforeAll(async () => {
    ns = await createNamespace('evaluation', 1);
    app = await AppProcess.start('evaluation', { ...ns.env, RECTIFICATION_DUE_MS: '7000' });
    watcher = await watchEvents(ns, TOPICS.evaluation);
    const t = (s: number) => new Date(started.getTime() + s);
    await produce(ns, [
      filed('app1', usccA, [c1, c2, c3, c4], t(1)),
      assessed('app1', usccA, c1, ['EXEMPT', 'EXEMPT', 'VERIFIED'], t(2)),
      transitioned('app1', c1, 'PROCESSING', 'COMPLETED', t(3), { elapsed: 3, promised: 5 }),
      transitioned('app1', c2, 'PROCESSING', 'COMPLETED', t(4), { elapsed: 8, promised: 5 }),
      transitioned('app1', c3, 'PROCESSING', 'DENIED', t(5), { elapsed: 2, promised: 5 }),
      transitioned('app1', c4, 'VERIFYING', 'PROCESSING', t(6)),
      filed('app2', usccA, [c5], t(7)),
      transitioned('app2', c5, 'PROCESSING', 'COMPLETED', t(8), { elapsed: 4, promised: 5 }),
      filed('app3', usccB, [c6], t(9)),
      transitioned('app3', c6, 'PROCESSING', 'COMPLETED', t(10), { elapsed: 6, promised: 5 }),
    ]);
    // The projection is ready when the last case of each application is ratable by its owner... probe with a
    // harmless read: the KPI endpoint counts the concluded cases once their events are stored.
    await waitFor('intake events projected', async () => {
      const kpis = await api(
        'GET',
        `/kpis?from=${started.toISOString()}&to=${new Date(Date.now() + 3600000).toISOString()}`,
        as.supervisor(),
      );
      const rows = kpis.body.rows as Array<{ concluded: number }> | undefined;
      return rows?.[0]?.concluded === 5;
    });
  });

  afterAll(async () => {
    await watcher?.stop();
    await app?.stop();
    if (ns) await dropNamespace(ns);
  });

  let c1RatingId = '';
  let overdueTicketId = '';

  it('a bad rating goes round the loop to closure: contact → rectified → applicant satisfied → CLOSED, each step an event with its actor', async () => {
    const rated = await rate(usccA, {
      subject: 'sub-case',
      caseId: c1.caseId,
      channel: 'online',
      score: 1,
      tags: ['办理慢'],
      comment: '等待太久',
    });
    expect(rated.status).toBe(201);
    expect(rated.body.label).toEqual({ zh: '非常不满意', en: 'Very dissatisfied' });
    c1RatingId = rated.body.ratingId as string;
    const ticketId = (rated.body.rectification as { ticketId: string }).ticketId;
    const officer = as.caseworker('PATENT_OFFICE');
    expect(
      (await api('POST', `/rectifications/${ticketId}/contact`, officer, { note: '已电话联系' })).body.status,
    ).toBe('CONTACTED');
    expect(
      (await api('POST', `/rectifications/${ticketId}/rectified`, officer, { note: '已优化流程' })).body
        .status,
    ).toBe('RECTIFIED');
    const confirmed = await api('POST', `/rectifications/${ticketId}/confirm`, as.applicant(usccA), {
      satisfied: true,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('CLOSED');
    await waitFor('the loop on the topic', async () => ticketSteps(ticketId).length >= 5);
    expect(ticketSteps(ticketId)).toEqual([
      { step: 'OPENED', actor: 'system' },
      { step: 'CONTACT_RECORDED', actor: 'caseworker' },
      { step: 'RECTIFIED', actor: 'caseworker' },
      { step: 'APPLICANT_SATISFIED', actor: 'applicant' },
      { step: 'CLOSED', actor: 'applicant' },
    ]);
    const submitted = watcher.events.find(
      (e) =>
        e.type === 'evaluation.rating.submitted' &&
        (e.payload as { ratingId: string }).ratingId === c1RatingId,
    );
    expect(submitted?.actor).toMatchObject({ kind: 'applicant', uscc: usccA });
    expect(submitted?.applicationId).toBe('app1');
    const view = await api('GET', `/ratings/${c1RatingId}`, as.applicant(usccA));
    expect(view.body.rectification).toMatchObject({ ticketId, status: 'CLOSED' });
    // The supervisor cannot close what is not escalated.
    expect(
      (await api('POST', `/rectifications/${ticketId}/close`, as.supervisor(), { decision: 'x' })).body.code,
    ).toBe('RECTIFICATION.INVALID_STEP');
  });

  it('an unsatisfied applicant escalates the ticket; the supervisor closes it with a decision', async () => {
    const rated = await rate(usccA, { subject: 'sub-case', caseId: c2.caseId, channel: 'window', score: 2 });
    const ticketId = (rated.body.rectification as { ticketId: string }).ticketId;
    const officer = as.caseworker('TRADEMARK_OFFICE');
    expect(
      (await api('POST', `/rectifications/${ticketId}/contact`, officer, { note: '已联系' })).body,
    ).toMatchObject({ status: 'CONTACTED' });
    expect(
      (await api('POST', `/rectifications/${ticketId}/rectified`, officer, { note: '已整改' })).body,
    ).toMatchObject({ status: 'RECTIFIED' });
    const unhappy = await api('POST', `/rectifications/${ticketId}/confirm`, as.applicant(usccA), {
      satisfied: false,
      comment: '问题仍在',
    });
    expect([unhappy.body.status, unhappy.body.code, unhappy.body.detail]).toEqual([
      'ESCALATED',
      undefined,
      undefined,
    ]);
    const closed = await api('POST', `/rectifications/${ticketId}/close`, as.supervisor(), {
      decision: '约谈窗口负责人，限期改进',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', decision: '约谈窗口负责人，限期改进' });
    await waitFor('escalation steps', async () => ticketSteps(ticketId).length >= 6);
    expect(ticketSteps(ticketId).map((s) => `${s.step}:${s.actor}`)).toEqual([
      'OPENED:system',
      'CONTACT_RECORDED:caseworker',
      'RECTIFIED:caseworker',
      'APPLICANT_UNSATISFIED:applicant',
      'ESCALATED:applicant',
      'CLOSED:supervisor',
    ]);
  });

  it('a ticket left unresolved past its due time is escalated by the delayed check, then closed by the supervisor', async () => {
    const rated = await rate(usccA, { subject: 'sub-case', caseId: c3.caseId, channel: 'phone', score: 1 });
    overdueTicketId = (rated.body.rectification as { ticketId: string }).ticketId;
    const ticket = await waitFor(
      'overdue escalation',
      async () => {
        const t = await api('GET', `/rectifications/${overdueTicketId}`, as.supervisor());
        return t.body.status === 'ESCALATED' ? t : undefined;
      },
      30000,
      250,
    );
    expect(
      (ticket.body.steps as Array<{ step: string; actor: { kind: string } }>).map(
        (s) => `${s.step}:${s.actor.kind}`,
      ),
    ).toEqual(['OPENED:system', 'ESCALATED:system']);
    expect(
      (
        await api('POST', `/rectifications/${overdueTicketId}/close`, as.supervisor(), {
          decision: '逾期未整改，通报批评',
        })
      ).body.status,
    ).toBe('CLOSED');
  });

  describe('refusals', () => {
    it('an enterprise cannot rate another enterprise’s case (404, indistinguishable from a missing case)', async () => {
      const res = await rate(usccA, { subject: 'sub-case', caseId: c6.caseId, channel: 'online', score: 1 });
      expect(res.status).toBe(404);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('RATING.SUBJECT_NOT_FOUND');
      expect(
        (await rate(usccA, { subject: 'application', applicationId: 'app3', channel: 'online', score: 1 }))
          .status,
      ).toBe(404);
      expect((await api('GET', `/ratings/${c1RatingId}`, as.applicant(usccB))).status).toBe(404);
    });

    it('a case cannot be rated twice by the same enterprise (409 RATING.ALREADY_RATED); the follow-up is allowed once', async () => {
      const again = await rate(usccA, {
        subject: 'sub-case',
        caseId: c1.caseId,
        channel: 'online',
        score: 5,
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('RATING.ALREADY_RATED');
      const first = await api('POST', `/ratings/${c1RatingId}/follow-up`, as.applicant(usccA), {
        comment: '整改后满意',
      });
      expect(first.status).toBe(201);
      const second = await api('POST', `/ratings/${c1RatingId}/follow-up`, as.applicant(usccA), {
        comment: '再追评',
      });
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('RATING.FOLLOW_UP_EXISTS');
      expect(
        (await api('POST', `/ratings/${c1RatingId}/follow-up`, as.applicant(usccB), { comment: '冒充' }))
          .status,
      ).toBe(404);
    });

    it('a case still being worked cannot be rated (409 RATING.NOT_CONCLUDED), nor an application with such a case', async () => {
      const res = await rate(usccA, { subject: 'sub-case', caseId: c4.caseId, channel: 'online', score: 3 });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('RATING.NOT_CONCLUDED');
      expect(
        (await rate(usccA, { subject: 'application', applicationId: 'app1', channel: 'online', score: 3 }))
          .body.code,
      ).toBe('RATING.NOT_CONCLUDED');
    });

    it('nobody edits or deletes a rating: PUT, PATCH and DELETE answer problem+json and the rating is unchanged', async () => {
      for (const [method, bearer] of [
        ['PUT', as.applicant(usccA)],
        ['PATCH', as.supervisor()],
        ['DELETE', as.supervisor()],
      ] as const) {
        const res = await api(method, `/ratings/${c1RatingId}`, bearer, { score: 5 });
        expect([404, 405]).toContain(res.status);
        expect(res.contentType).toContain('application/problem+json');
      }
      const view = await api('GET', `/ratings/${c1RatingId}`, as.supervisor());
      expect(view.body.rating).toMatchObject({ score: 1, comment: '等待太久' });
    });

    it('only an applicant can rate: a caseworker or a supervisor rating on its behalf gets 403', async () => {
      const body = { subject: 'sub-case', caseId: c5.caseId, channel: 'window', score: 5 };
      const byCaseworker = await api('POST', '/ratings', as.caseworker('LAYOUT_DESIGN_OFFICE'), body);
      expect(byCaseworker.status).toBe(403);
      expect(byCaseworker.body.code).toBe('AUTH.ROLE_FORBIDDEN');
      expect((await api('POST', '/ratings', as.supervisor(), body)).status).toBe(403);
    });

    it('a caseworker of another authority cannot act on or see a ticket (404)', async () => {
      const rated = await rate(usccA, {
        subject: 'interaction',
        authority: 'PATENT_OFFICE',
        channel: 'window',
        score: 5,
      });
      expect(rated.status).toBe(201);
      const foreign = as.caseworker('TRADEMARK_OFFICE');
      for (const step of ['contact', 'rectified']) {
        const res = await api('POST', `/rectifications/${overdueTicketId}/${step}`, foreign, {
          note: '越权',
        });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('RECTIFICATION.NOT_FOUND');
      }
      expect((await api('GET', `/rectifications/${overdueTicketId}`, foreign)).status).toBe(404);
      const list = await api('GET', '/rectifications', foreign);
      expect(
        (list.body as unknown as Array<{ authority: string }>).every(
          (t) => t.authority === 'TRADEMARK_OFFICE',
        ),
      ).toBe(true);
      // Another enterprise cannot confirm someone else's ticket either.
      expect(
        (
          await api('POST', `/rectifications/${overdueTicketId}/confirm`, as.applicant(usccB), {
            satisfied: true,
          })
        ).status,
      ).toBe(404);
    });
  });

  it('an office appeals a rating as malicious; the supervisor decides once; both stay visible beside the rating', async () => {
    const rated = await rate(usccA, {
      subject: 'sub-case',
      caseId: c5.caseId,
      channel: 'online',
      score: 1,
      comment: '无关内容',
    });
    const ratingId = rated.body.ratingId as string;
    expect(
      (
        await api('POST', `/ratings/${ratingId}/appeals`, as.caseworker('PATENT_OFFICE'), {
          reason: '不是我们的',
        })
      ).status,
    ).toBe(404);
    const appeal = await api('POST', `/ratings/${ratingId}/appeals`, as.caseworker('LAYOUT_DESIGN_OFFICE'), {
      reason: '评价内容与办件无关',
    });
    expect(appeal.status).toBe(201);
    const appealId = appeal.body.appealId as string;
    expect(
      (
        await api('POST', `/ratings/${ratingId}/appeals`, as.caseworker('LAYOUT_DESIGN_OFFICE'), {
          reason: '再次',
        })
      ).body.code,
    ).toBe('APPEAL.ALREADY_FILED');
    expect(
      (
        await api('POST', `/appeals/${appealId}/decide`, as.caseworker('LAYOUT_DESIGN_OFFICE'), {
          upheld: true,
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    const decided = await api('POST', `/appeals/${appealId}/decide`, as.supervisor(), {
      upheld: true,
      reason: '经核实属恶意差评',
    });
    expect(decided.body.status).toBe('UPHELD');
    expect(
      (await api('POST', `/appeals/${appealId}/decide`, as.supervisor(), { upheld: false, reason: '改判' }))
        .body.code,
    ).toBe('APPEAL.ALREADY_DECIDED');
    const view = await api('GET', `/ratings/${ratingId}`, as.applicant(usccA));
    expect(view.body.rating).toMatchObject({ score: 1, comment: '无关内容' });
    expect(view.body.appeal).toMatchObject({
      appealId,
      status: 'UPHELD',
      reason: '评价内容与办件无关',
      decision: { upheld: true, reason: '经核实属恶意差评' },
    });
    // The whole application is concluded now: it can be rated as well (lead authority answers for it).
    const whole = await rate(usccA, {
      subject: 'application',
      applicationId: 'app2',
      channel: 'online',
      score: 4,
    });
    expect(whole.status).toBe(201);
    expect(whole.body.authority).toBe('LAYOUT_DESIGN_OFFICE');
  });

  it('KPIs for supervisors are folded from the events: satisfaction, rectification, on-time, exemption', async () => {
    const to = new Date(Date.now() + 60000).toISOString();
    const query = `/kpis?from=${started.toISOString()}&to=${to}&groupBy=authority`;
    expect((await api('GET', query, as.caseworker('PATENT_OFFICE'))).status).toBe(403);
    type Row = Record<string, number | string | null>;
    // Wait until our own events (ratings, appeal, last closure) have come back through Kafka into kpi_events.
    const rows = await waitFor('KPIs with every rating and closure', async () => {
      const res = await api('GET', query, as.supervisor());
      const list = res.body.rows as Row[];
      const patent = list.find((r) => r.group === 'PATENT_OFFICE');
      const layout = list.find((r) => r.group === 'LAYOUT_DESIGN_OFFICE');
      return patent?.ratings === 3 && patent.badRectified === 2 && layout?.ratings === 1 ? list : undefined;
    });
    const byGroup = new Map(rows.map((r) => [r.group, r]));
    // PATENT_OFFICE: c1 (1, rectified), c3 (1, closed by supervisor after escalation), interaction (5).
    expect(byGroup.get('PATENT_OFFICE')).toMatchObject({
      ratings: 3,
      satisfactionRate: 1 / 3,
      badRatings: 2,
      badRectified: 2,
      rectifiedShare: 1,
      meanWorkingDaysToRectify: 0,
      concluded: 3, // c1, c3, and enterprise B's c6
      completedOnTime: 2, // c1 (3 ≤ 5), c3 (2 ≤ 5); c6 took 6 > 5
      materialsRequired: 3,
      materialsExempt: 2,
    });
    expect(byGroup.get('PATENT_OFFICE')?.meanProcessingWorkingDays).toBeCloseTo((3 + 2 + 6) / 3, 6);
    // TRADEMARK_OFFICE: one bad rating, closed by the supervisor; c2 late (8 > 5).
    expect(byGroup.get('TRADEMARK_OFFICE')).toMatchObject({
      ratings: 1,
      satisfactionRate: 0,
      badRectified: 1,
      concluded: 1,
      completedOnTime: 0,
      onTimeRate: 0,
    });
    // LAYOUT_DESIGN_OFFICE: the upheld malicious rating leaves the figures; the application rating (4) stays.
    expect(byGroup.get('LAYOUT_DESIGN_OFFICE')).toMatchObject({
      ratings: 1,
      satisfactionRate: 1,
      badRatings: 0,
      concluded: 1,
    });
    const bad = await api('GET', `/kpis?from=${to}&to=${started.toISOString()}`, as.supervisor());
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('KPI.INVALID_PERIOD');
  });

  it('the KPI CLI prints the same figures as a table, over HTTP and straight from kpi_events', async () => {
    const run = async (extra: string[]): Promise<string> => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          join(REPO_ROOT, 'scripts', 'kpis.ts'),
          '--from',
          started.toISOString(),
          ...extra,
        ],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, ...ns.env, TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
        },
      );
      return stdout;
    };
    const [overHttp, direct] = await Promise.all([run(['--url', app.url]), run(['--direct'])]);
    for (const table of [overHttp, direct]) {
      const header = table.split('\n').find((line) => line.startsWith('指标 Metric')) ?? '';
      expect(header.split(/\s{2,}/).slice(1)).toEqual([
        'LAYOUT_DESIGN_OFFICE',
        'PATENT_OFFICE',
        'TRADEMARK_OFFICE',
      ]);
      expect(table).toMatch(/满意率 Satisfaction rate\s+100\.0%\s+33\.3%\s+0\.0%/);
      expect(table).toMatch(/按时办结率 On-time rate\s+100\.0%\s+66\.7%\s+0\.0%/);
    }
  });
});
