import { AppProcess, createNamespace, dropNamespace, sleep, type TestNamespace } from '@app/testing';
import {
  applicant,
  assessmentEvent,
  call,
  caseworker,
  CommitmentTopic,
  newId,
  newUscc,
  produce,
  SHA,
  supplementChecked,
} from './support';

type Ob = { obligationId: string; caseId: string; materialCode: string; dueDate: string };

/** Supplementing, the caseworker's desk, concurrency and post-hoc checks against the real engines. */
describe('commitment: supplements, caseworker desk, post-hoc checks (real engines)', () => {
  let ns: TestNamespace;
  let app: AppProcess;
  const topic = new CommitmentTopic();
  const CNIPA = caseworker('CNIPA');
  const OTHER = caseworker('SAMR-SH', 'cw-other');

  beforeAll(async () => {
    ns = await createNamespace('commitdesk', 1);
    app = await AppProcess.start('commitment', {
      ...ns.env,
      WORKING_DAY_MS: '1000',
      OBLIGATION_MAX_EXTENSION_DAYS: '10',
      POSTHOC_SEED: 'desk-seed',
    });
    await topic.start(ns);
  });

  afterAll(async () => {
    if (process.env.COMMITMENT_TEST_LOGS) console.log(app?.logs());
    await topic.stop();
    await app?.stop();
    if (ns) await dropNamespace(ns);
  });

  async function grant(
    uscc: string,
    materials: string[],
    extra: { samplingBasisPoints?: number; authority?: string } = {},
  ): Promise<{ caseId: string; applicationId: string; obligations: Ob[] }> {
    const caseId = newId('case');
    const applicationId = newId('app');
    await produce(ns, 'verification', [
      assessmentEvent({
        applicationId,
        caseId,
        uscc,
        missing: materials.map((code) => ({ code, days: 60 })),
        ...extra,
      }),
    ]);
    const [granted] = await topic.next('commitment.deferral.granted', caseId);
    return {
      caseId,
      applicationId,
      obligations: (granted?.payload.obligations as Ob[]).map((o) => ({ ...o, caseId })),
    };
  }

  it('supplement → verification MISMATCH reopens with the reason → resubmitted and VERIFIED → fulfilled; all fulfilled → deferral ended', async () => {
    const uscc = newUscc();
    const { caseId, applicationId, obligations } = await grant(uscc, [
      'POWER-OF-ATTORNEY',
      'NAME-CHANGE-PROOF',
    ]);
    const [a, b] = obligations as [Ob, Ob];
    // Another enterprise cannot see or supplement it.
    expect(
      (
        await call(app, 'POST', `/obligations/${a.obligationId}/supplements`, applicant(newUscc()), {
          documentId: 'DOC-1',
          sha256: SHA,
        })
      ).status,
    ).toBe(404);
    expect((await call(app, 'GET', `/obligations/${a.obligationId}`, applicant(newUscc()))).status).toBe(404);
    const submitted = await call(app, 'POST', `/obligations/${a.obligationId}/supplements`, applicant(uscc), {
      documentId: 'DOC-1',
      sha256: SHA,
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.state).toBe('SUPPLEMENT_PENDING');
    const [event] = await topic.next('commitment.obligation.supplement-submitted', caseId);
    expect(event?.payload).toMatchObject({ obligationId: a.obligationId, documentId: 'DOC-1', uscc });
    // A second submission while one is under check is refused.
    expect(
      (
        await call(app, 'POST', `/obligations/${a.obligationId}/supplements`, applicant(uscc), {
          documentId: 'DOC-2',
          sha256: SHA,
        })
      ).status,
    ).toBe(409);

    await produce(ns, 'verification', [supplementChecked(applicationId, a, 'MISMATCH')]);
    const [refused] = await topic.next('commitment.obligation.updated', caseId);
    expect(refused?.payload).toMatchObject({
      change: 'SUPPLEMENT_REFUSED',
      reason: { code: 'SUPPLEMENT.MISMATCH' },
    });
    const reopened = await call(app, 'GET', `/obligations/${a.obligationId}`, applicant(uscc));
    expect(reopened.body).toMatchObject({ state: 'OPEN', lastReason: { code: 'SUPPLEMENT.MISMATCH' } });

    await call(app, 'POST', `/obligations/${a.obligationId}/supplements`, applicant(uscc), {
      documentId: 'DOC-3',
      sha256: SHA,
    });
    await call(app, 'POST', `/obligations/${b.obligationId}/supplements`, applicant(uscc), {
      documentId: 'DOC-4',
      sha256: SHA,
    });
    await topic.next('commitment.obligation.supplement-submitted', caseId, 3);
    const verifiedA = supplementChecked(applicationId, a, 'VERIFIED');
    await produce(ns, 'verification', [
      verifiedA,
      verifiedA,
      supplementChecked(applicationId, b, 'VERIFIED'),
    ]);
    const fulfilled = await topic.next('commitment.obligation.fulfilled', caseId, 2);
    expect(fulfilled.map((e) => e.payload.how)).toEqual(['VERIFIED', 'VERIFIED']);
    await topic.next('commitment.deferral.ended', caseId);
    await sleep(1000);
    expect(topic.of('commitment.obligation.fulfilled', caseId)).toHaveLength(2);
    expect(topic.of('commitment.deferral.ended', caseId)).toHaveLength(1);
  });

  it("every caseworker action on another authority's obligation answers 404 and changes nothing", async () => {
    const { obligations } = await grant(newUscc(), ['POWER-OF-ATTORNEY']);
    const id = (obligations[0] as Ob).obligationId;
    const body = { reason: '越权操作测试理由' };
    for (const action of ['accept', 'request-resubmission', 'waive', 'declare-breach']) {
      const res = await call(app, 'POST', `/desk/obligations/${id}/${action}`, OTHER, body);
      expect({ action, status: res.status, code: res.body.code }).toEqual({
        action,
        status: 404,
        code: 'OBLIGATION.NOT_FOUND',
      });
    }
    const extend = await call(app, 'POST', `/desk/obligations/${id}/extend`, OTHER, { ...body, days: 1 });
    expect([extend.status, extend.body.code]).toEqual([404, 'OBLIGATION.NOT_FOUND']);
    expect((await call(app, 'GET', `/desk/obligations/${id}`, OTHER)).status).toBe(404);
    const queue = await call(app, 'GET', '/desk/obligations?status=open', OTHER);
    expect((queue.body.items as Array<{ obligationId: string }>).map((o) => o.obligationId)).not.toContain(
      id,
    );
    const mine = await call(app, 'GET', `/desk/obligations/${id}`, CNIPA);
    expect(mine.body).toMatchObject({ state: 'OPEN', version: 1 });
    // An applicant is not a caseworker.
    expect(
      (await call(app, 'POST', `/desk/obligations/${id}/waive`, applicant(newUscc()), body)).status,
    ).toBe(403);
  });

  it('the desk queue filters, sorts and paginates; actions need a reason; extension is capped', async () => {
    const { obligations } = await grant(newUscc(), ['M-1', 'M-2', 'M-3']);
    const page = await call(
      app,
      'GET',
      '/desk/obligations?status=open&sort=waiting&page=1&pageSize=2',
      CNIPA,
    );
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 1, pageSize: 2 });
    expect((page.body.items as unknown[]).length).toBe(2);
    expect(page.body.total as number).toBeGreaterThanOrEqual(3);
    const overdue = await call(app, 'GET', '/desk/obligations?status=overdue', CNIPA);
    expect((overdue.body.items as Array<{ obligationId: string }>).map((o) => o.obligationId)).not.toContain(
      (obligations[0] as Ob).obligationId,
    );
    expect((await call(app, 'GET', '/desk/obligations?status=closed', CNIPA)).status).toBe(422);
    const id = (obligations[0] as Ob).obligationId;
    const noReason = await call(app, 'POST', `/desk/obligations/${id}/waive`, CNIPA, {});
    expect(noReason.status).toBe(422);
    const shortReason = await call(app, 'POST', `/desk/obligations/${id}/waive`, CNIPA, { reason: '好' });
    expect([shortReason.status, shortReason.body.code]).toEqual([422, 'OBLIGATION.REASON_REQUIRED']);
    const tooLong = await call(app, 'POST', `/desk/obligations/${id}/extend`, CNIPA, {
      reason: '申请人因疫情原因申请延期',
      days: 11,
    });
    expect([tooLong.status, tooLong.body.code]).toEqual([409, 'OBLIGATION.EXTENSION_CAP']);
    const extended = await call(app, 'POST', `/desk/obligations/${id}/extend`, CNIPA, {
      reason: '申请人因疫情原因申请延期',
      days: 3,
    });
    expect(extended.status).toBe(200);
    const [updated] = await topic.next('commitment.obligation.updated', (obligations[0] as Ob).caseId);
    expect(updated?.actor).toMatchObject({ kind: 'caseworker', id: 'cw-CNIPA', authority: 'CNIPA' });
    expect(updated?.payload).toMatchObject({ change: 'EXTENDED', dueDate: extended.body.dueDate });
    expect(String(extended.body.dueDate) > (obligations[0] as Ob).dueDate).toBe(true);
  });

  it('20 concurrent actions on one obligation: exactly one wins, the others get 409 OBLIGATION.CONCURRENT_UPDATE', async () => {
    const { obligations, caseId } = await grant(newUscc(), ['M-A', 'M-B']);
    const [a, b] = obligations as [Ob, Ob];
    const extends20 = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(app, 'POST', `/desk/obligations/${a.obligationId}/extend`, CNIPA, {
          reason: `并发延期测试 ${i}`,
          days: 1,
          expectedVersion: 1,
        }),
      ),
    );
    expect(extends20.filter((r) => r.status === 200)).toHaveLength(1);
    expect(
      extends20.filter((r) => r.status === 409 && r.body.code === 'OBLIGATION.CONCURRENT_UPDATE'),
    ).toHaveLength(19);
    const waives20 = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(app, 'POST', `/desk/obligations/${b.obligationId}/waive`, CNIPA, {
          reason: `并发免除测试 ${i}`,
        }),
      ),
    );
    expect(waives20.filter((r) => r.status === 200)).toHaveLength(1);
    expect(waives20.filter((r) => r.status === 409)).toHaveLength(19);
    await sleep(1000);
    expect(
      topic
        .of('commitment.obligation.updated', caseId)
        .filter((e) => e.payload.obligationId === a.obligationId),
    ).toHaveLength(1);
    expect(
      topic
        .of('commitment.obligation.fulfilled', caseId)
        .filter((e) => e.payload.obligationId === b.obligationId),
    ).toHaveLength(1);
    expect((await call(app, 'GET', `/desk/obligations/${a.obligationId}`, CNIPA)).body).toMatchObject({
      version: 2,
      extendedDays: 1,
    });
  });

  it('a declared breach revokes the sub-case and writes a SERIOUS credit record, with the caseworker as actor', async () => {
    const uscc = newUscc();
    const { obligations, caseId } = await grant(uscc, ['M-X', 'M-Y']);
    const res = await call(
      app,
      'POST',
      `/desk/obligations/${(obligations[0] as Ob).obligationId}/declare-breach`,
      CNIPA,
      { reason: '补交材料系伪造，承诺不实' },
    );
    expect(res.status).toBe(200);
    const [breach] = await topic.next('commitment.breach.declared', caseId);
    expect(breach?.payload).toMatchObject({
      cause: 'DECLARED',
      uscc,
      obligationId: (obligations[0] as Ob).obligationId,
    });
    expect(breach?.actor).toMatchObject({ kind: 'caseworker', authority: 'CNIPA' });
    const [credit] = await topic.next('commitment.credit.recorded', caseId);
    expect(credit?.payload).toMatchObject({ severity: 'SERIOUS', cause: 'DECLARED' });
    // The other obligation of the revoked sub-case is closed for the applicant and the desk.
    const other = await call(
      app,
      'POST',
      `/obligations/${(obligations[1] as Ob).obligationId}/supplements`,
      applicant(uscc),
      { documentId: 'D', sha256: SHA },
    );
    expect([other.status, other.body.code]).toEqual([409, 'OBLIGATION.CASE_REVOKED']);
  });

  it('post-hoc: a sampled case is queued for its authority; FAILED acts as a breach', async () => {
    const uscc = newUscc();
    const { caseId } = await grant(uscc, ['M-P'], { samplingBasisPoints: 10000 });
    const [sampled] = await topic.next('commitment.posthoc.sampled', caseId);
    const checkId = sampled?.payload.checkId as string;
    expect(sampled?.payload).toMatchObject({ authority: 'CNIPA', weightBasisPoints: 10000 });
    const queue = await call(app, 'GET', '/desk/post-hoc-checks?status=pending', CNIPA);
    expect((queue.body.items as Array<{ checkId: string }>).map((c) => c.checkId)).toContain(checkId);
    const conclusion = {
      result: 'FAILED',
      findings: [{ zh: '现场核查发现经营场所与承诺不符', en: 'Premises differ from the commitment' }],
    };
    expect(
      (await call(app, 'POST', `/desk/post-hoc-checks/${checkId}/conclude`, OTHER, conclusion)).status,
    ).toBe(404);
    expect((await call(app, 'GET', '/desk/post-hoc-checks?status=all', OTHER)).body.items).toEqual([]);
    const done = await call(app, 'POST', `/desk/post-hoc-checks/${checkId}/conclude`, CNIPA, conclusion);
    expect(done.status).toBe(200);
    const [concluded] = await topic.next('commitment.posthoc.concluded', caseId);
    expect(concluded?.payload).toMatchObject({ checkId, result: 'FAILED' });
    const [breach] = await topic.next('commitment.breach.declared', caseId);
    expect(breach?.payload.cause).toBe('POST_HOC_FAILED');
    expect(
      (await call(app, 'POST', `/desk/post-hoc-checks/${checkId}/conclude`, CNIPA, conclusion)).status,
    ).toBe(409);
  });
});
