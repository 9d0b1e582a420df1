import { waitFor } from '@app/testing';
import { api, startSystem, System } from './support/system';
import {
  all,
  fileNameChange,
  Fixture,
  fixtures,
  grantedObligations,
  obligationsOf,
  uploadDocument,
  waitForStates,
} from './support/flows';

/**
 * 告知承诺 + 容缺办理 and 好差评 across all apps as separate processes. A fast clock makes a working
 * day last WORKING_DAY_MS in the commitment service, so deadlines pass in seconds, not weeks.
 */
// Long enough that no deadline passes during the suite, however loaded the machine is.
const WORKING_DAY_MS = 30000;

describe('commitment path, breach and credit, post-hoc check, bad rating and rectification', () => {
  let sys: System;
  let ents: Fixture[];
  let fulfilledApplication = '';

  beforeAll(async () => {
    sys = await startSystem('e2ecommit', {
      commitment: { WORKING_DAY_MS: String(WORKING_DAY_MS), OBLIGATION_REMINDER_OFFSETS: '5' },
    });
    ents = (await fixtures(sys)).inBusiness;
  });
  afterAll(async () => {
    if (process.env.E2E_LOGS)
      for (const [name, app] of Object.entries(sys?.apps ?? {}))
        process.stdout.write(`\n===== ${name} =====\n${app.logs().slice(-6000)}\n`);
    await sys?.stop();
  });

  const applicant = (f: Fixture): string => sys.token({ role: 'applicant', uscc: f.uscc });

  it('commitment fulfilled: deferrable materials left out under a signed commitment → accepted with deferral; supplements verified → obligations fulfilled; everything completes', async () => {
    const f = ents[3] as Fixture;
    const filed = await fileNameChange(sys, f, { omitDeferrable: true, commitment: true });
    expect(filed.status).toBe(201);
    const obligations = await grantedObligations(sys, f, filed);
    expect(obligations.every((o) => o.state === 'OPEN')).toBe(true);
    // Intake applies the grant from the commitment topic: the deferred sub-case is accepted with deferral.
    const deferredCase = obligations[0]?.caseId;
    const d = await waitForStates(sys, f, filed.applicationId, 'accepted with deferral', (subs) =>
      subs.some(
        (s) =>
          s.caseId === deferredCase &&
          ['ACCEPTED_WITH_DEFERRAL', 'WAITING_PREREQUISITE', 'PROCESSING', 'COMPLETED'].includes(s.state),
      ),
    );
    expect(d.subCases.find((s) => s.caseId === deferredCase)?.state).not.toBe('CORRECTION_REQUIRED');
    for (const o of obligations) {
      const { documentId, sha256 } = await uploadDocument(sys, f.uscc, o.materialCode);
      const res = await api(
        sys.url.commitment,
        'POST',
        `/obligations/${o.obligationId}/supplements`,
        applicant(f),
        { documentId, sha256 },
      );
      expect(res.status).toBe(201);
    }
    await waitFor(
      'all obligations fulfilled',
      async () => (await obligationsOf(sys, f, filed.applicationId)).every((o) => o.state === 'FULFILLED'),
      60000,
    );
    await waitForStates(sys, f, filed.applicationId, 'all completed', all('COMPLETED'), 90000);
    fulfilledApplication = filed.applicationId;
  });

  it("commitment breached: the caseworker declares a breach with a reason → the sub-case is REVOKED, a credit record is written, and it refuses the enterprise's next commitment", async () => {
    const f = ents[4] as Fixture;
    const filed = await fileNameChange(sys, f, { omitDeferrable: true, commitment: true });
    expect(filed.status).toBe(201);
    const obligations = await grantedObligations(sys, f, filed);
    const revokedCase = obligations[0]?.caseId ?? '';
    // A declared breach (the deadline-driven one is proven, with restarts and an emptied Redis, by
    // commitment's own integration tests; here the clock would make the scenario depend on load).
    const caseworker = sys.token({
      role: 'caseworker',
      authority: obligations[0]?.authority ?? 'MARKET_REGULATION',
    });
    const declared = await api(
      sys.url.commitment,
      'POST',
      `/desk/obligations/${obligations[0]?.obligationId}/declare-breach`,
      caseworker,
      {
        reason: '核查发现企业未按承诺提交股东会决议且无正当理由',
      },
    );
    expect(declared.status).toBeLessThan(300);
    const d = await waitForStates(
      sys,
      f,
      filed.applicationId,
      'revoked after the declared breach',
      (subs) => subs.some((s) => s.caseId === revokedCase && s.state === 'REVOKED'),
      150000,
    );
    // Dependents that had not completed are cancelled; completed ones keep their result.
    for (const s of d.subCases.filter((x) => x.caseId !== revokedCase))
      expect(['COMPLETED', 'CANCELLED']).toContain(s.state);
    const credit = await api<
      Array<{ creditRecordId: string; active?: boolean }> | { items: Array<{ creditRecordId: string }> }
    >(
      sys.url.commitment,
      'GET',
      `/credit-records/${f.uscc}`,
      sys.token({ role: 'caseworker', authority: 'MARKET_REGULATION' }),
    );
    expect(credit.status).toBe(200);
    expect(JSON.stringify(credit.body)).toContain('creditRecordId');
    const again = await waitFor(
      'the next commitment filing refused',
      async () => {
        const r = await fileNameChange(sys, f, {
          omitDeferrable: true,
          commitment: true,
          patents: 1,
          trademarks: 0,
        });
        return r.status >= 400 ? r : undefined;
      },
      30000,
    );
    expect(JSON.stringify(again.body)).toContain('COMMITMENT.CREDIT_RECORD_ACTIVE');
  });

  it('bad rating → rectification ticket for the authority → contact, rectified → applicant satisfied → closed; another authority cannot act on it', async () => {
    const f = ents[3] as Fixture;
    expect(fulfilledApplication).not.toBe('');
    const rating = await api<{ ratingId: string }>(sys.url.evaluation, 'POST', '/ratings', applicant(f), {
      subject: 'application',
      applicationId: fulfilledApplication,
      channel: 'online',
      score: 1,
      comment: '补交流程说明不清楚',
    });
    expect(rating.status).toBe(201);
    const supervisor = sys.token({ role: 'supervisor' });
    const ticket = await waitFor(
      'a rectification ticket',
      async () => {
        const r = await api<Array<{ ticketId: string; ratingId: string; authority: string; state: string }>>(
          sys.url.evaluation,
          'GET',
          '/rectifications',
          supervisor,
        );
        return Array.isArray(r.body) ? r.body.find((t) => t.ratingId === rating.body.ratingId) : undefined;
      },
      20000,
    );
    const office = sys.token({ role: 'caseworker', authority: ticket.authority });
    const otherOffice = sys.token({
      role: 'caseworker',
      authority: ticket.authority === 'PATENT_OFFICE' ? 'TRADEMARK_OFFICE' : 'PATENT_OFFICE',
    });
    expect(
      (
        await api(sys.url.evaluation, 'POST', `/rectifications/${ticket.ticketId}/contact`, otherOffice, {
          note: '越权操作',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api(sys.url.evaluation, 'POST', `/rectifications/${ticket.ticketId}/contact`, office, {
          note: '已电话联系企业',
        })
      ).status,
    ).toBeLessThan(300);
    expect(
      (
        await api(sys.url.evaluation, 'POST', `/rectifications/${ticket.ticketId}/rectified`, office, {
          note: '已在告知书中补充补交流程',
        })
      ).status,
    ).toBeLessThan(300);
    expect(
      (
        await api(sys.url.evaluation, 'POST', `/rectifications/${ticket.ticketId}/confirm`, applicant(f), {
          satisfied: true,
        })
      ).status,
    ).toBeLessThan(300);
    const closed = await api<{ status: string }>(
      sys.url.evaluation,
      'GET',
      `/rectifications/${ticket.ticketId}`,
      supervisor,
    );
    expect(closed.body.status).toBe('CLOSED');
  });

  it('post-hoc failure: with the catalogue sampling every commitment case, a FAILED post-hoc check acts as a breach and revokes the sub-case', async () => {
    const admin = sys.token({ role: 'admin' });
    const item = await api<Record<string, unknown>>(
      sys.url.intake,
      'GET',
      '/catalogue/items/MR_ENTERPRISE_NAME_CHANGE',
    );
    const { catalogueVersion: _version, ...spec } = item.body;
    const published = await api(sys.url.intake, 'POST', '/catalogue/versions', admin, {
      items: [{ ...spec, postHocSamplingRate: 1 }],
    });
    expect(published.status).toBe(201);
    const f = ents[6] as Fixture;
    const filed = await fileNameChange(sys, f, { omitDeferrable: true, commitment: true });
    expect(filed.status).toBe(201);
    const caseworker = sys.token({ role: 'caseworker', authority: 'MARKET_REGULATION' });
    const check = await waitFor(
      'a post-hoc check',
      async () => {
        const r = await api<{ items: Array<{ checkId: string; caseId: string; applicationId?: string }> }>(
          sys.url.commitment,
          'GET',
          '/desk/post-hoc-checks',
          caseworker,
        );
        return r.body.items?.find((c) => c.caseId.startsWith(filed.applicationId));
      },
      60000,
    );
    const concluded = await api(
      sys.url.commitment,
      'POST',
      `/desk/post-hoc-checks/${check.checkId}/conclude`,
      caseworker,
      {
        result: 'FAILED',
        findings: [{ zh: '股东会决议签署日期晚于承诺日期', en: 'Resolution signed after the commitment' }],
      },
    );
    expect(concluded.status).toBeLessThan(300);
    await waitForStates(
      sys,
      f,
      filed.applicationId,
      'revoked after the failed post-hoc check',
      (subs) => subs.some((s) => s.caseId === check.caseId && s.state === 'REVOKED'),
      60000,
    ).catch(async (e: unknown) => {
      // Diagnose from the auditor's timeline: which events reached the archive for this application.
      const t = await api<{ events: Array<{ type: string; caseId?: string; occurredAt: string }> }>(
        sys.url.audit,
        'GET',
        `/audit/applications/${filed.applicationId}/timeline`,
        sys.token({ role: 'auditor' }),
      );
      throw new Error(
        `${String(e)}\ncheck ${check.caseId}\n${(t.body.events ?? []).map((x) => `${x.occurredAt} ${x.type} ${x.caseId ?? ''}`).join('\n')}`,
      );
    });
  });
});
