import { AssessmentDecisionName, createEvent, DomainError, TypedEnvelope } from '@app/contracts';
import { WorkingDayCalendar } from '@app/calendar';
import { FileApplication } from '../file-application/file-application';
import { ApplicationCommands } from '../manage-application/application-commands';
import { ReadApplications } from '../read-applications/read-applications';
import { LEGAL_REP_ID, nameChangeRequest, USCC_A, USCC_B } from '../testing/filing-data';
import {
  FakeApplicationStore,
  FakeCatalogueStore,
  FakeCreditBlocks,
  FakeDispatchQueue,
  FakeDocumentStore,
  FakeIdempotencyStore,
  FixedClock,
} from '../testing/fakes';
import { CaseEventHandlers } from './case-event-handlers';

const applicant = { kind: 'applicant' as const, id: 'user-a' };
const system = { kind: 'system' as const, id: 'test' };
const commitment = {
  textVersion: 'CNIPA-2024-1',
  signerName: '张伟',
  signedAt: '2026-03-02T09:00:00+08:00',
  signedHash: 'a'.repeat(64),
};

async function setup(withCommitment = false) {
  const store = new FakeApplicationStore();
  const documents = new FakeDocumentStore();
  const credit = new FakeCreditBlocks();
  const queue = new FakeDispatchQueue();
  // Monday 2 March 2026, 10:00 in Beijing.
  const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
  const calendar = WorkingDayCalendar.default();
  documents.add('DOC-1', USCC_A);
  documents.add('DOC-FIX', USCC_A);
  const filing = new FileApplication(
    store,
    new FakeCatalogueStore(),
    documents,
    credit,
    new FakeIdempotencyStore(),
    queue,
    calendar,
    clock,
    'unit-test-pii-key-0123456789',
  );
  const commands = new ApplicationCommands(store, documents, queue, calendar, clock);
  const handlers = new CaseEventHandlers(commands, credit);
  const reads = new ReadApplications(store, calendar, clock);
  const { receipt } = await filing.execute(
    USCC_A,
    applicant,
    nameChangeRequest(
      USCC_A,
      [{ materialCode: 'SHAREHOLDERS_RESOLUTION', documentId: 'DOC-1' }],
      withCommitment ? { commitment } : {},
    ),
  );
  const ids = receipt.subCases.map((s) => s.caseId);
  const [head = '', ...ip] = ids;
  const assess = (
    caseId: string,
    decision: AssessmentDecisionName,
    round = 1,
    missing?: string,
  ): TypedEnvelope<'verification.assessment.completed'> =>
    createEvent(
      'verification.assessment.completed',
      {
        caseId,
        round,
        itemCode: 'X',
        authority: 'X',
        uscc: USCC_A,
        materials: missing
          ? [
              {
                materialCode: missing,
                outcome: 'MISSING',
                deferrable: decision === 'DEFERRABLE_GAPS_ONLY',
                reason: { zh: '缺少材料', en: 'Missing' },
                evidenceIds: [],
              },
            ]
          : [],
        crossChecks: [],
        decision,
        commitmentSigned: withCommitment,
        commitmentAllowed: true,
        postHocSamplingRateBasisPoints: 0,
      },
      { producer: 'verification', applicationId: receipt.applicationId, caseId, actor: system },
    );
  const state = async (caseId: string) =>
    (await store.get(receipt.applicationId))?.subCases.find((s) => s.caseId === caseId)?.state;
  const eventsOf = (type: string) => store.published.filter((e) => e.type === type);
  return { store, queue, clock, handlers, commands, reads, receipt, head, ip, ids, assess, state, eventsOf };
}

describe('intake consumers and the fan-out saga', () => {
  it('nothing moves until every sub-case of the round is assessed; then the head proceeds and the IP sub-cases wait for it', async () => {
    const t = await setup();
    for (const id of t.ids.slice(0, 4)) await t.handlers.assessmentCompleted(t.assess(id, 'ALL_CLEAR'));
    expect(await t.state(t.head)).toBe('VERIFYING');
    await t.handlers.assessmentCompleted(t.assess(t.ids[4] ?? '', 'ALL_CLEAR'));
    expect(await t.state(t.head)).toBe('PROCESSING');
    for (const id of t.ip) expect(await t.state(id)).toBe('WAITING_PREREQUISITE');
    expect(t.queue.jobs.map((j) => j.caseId)).toEqual([t.head]);
  });

  it('the IP sub-cases proceed when the name change completes, and complete in their turn', async () => {
    const t = await setup();
    for (const id of t.ids) await t.handlers.assessmentCompleted(t.assess(id, 'ALL_CLEAR'));
    await t.commands.dispatchResult(
      { applicationId: t.receipt.applicationId, caseId: t.head, dispatchKey: t.head, outcome: 'COMPLETED' },
      system,
    );
    for (const id of t.ip) expect(await t.state(id)).toBe('PROCESSING');
    expect(t.queue.jobs.map((j) => j.caseId).sort()).toEqual([...t.ids].sort());
    for (const id of t.ip)
      await t.commands.dispatchResult(
        { applicationId: t.receipt.applicationId, caseId: id, dispatchKey: id, outcome: 'COMPLETED' },
        system,
      );
    expect((await t.reads.detail(USCC_A, t.receipt.applicationId)).status).toBe('COMPLETED');
  });

  it('a denied name change cancels the 4 dependents with the reason', async () => {
    const t = await setup();
    for (const id of t.ids) await t.handlers.assessmentCompleted(t.assess(id, 'ALL_CLEAR'));
    await t.commands.dispatchResult(
      {
        applicationId: t.receipt.applicationId,
        caseId: t.head,
        dispatchKey: t.head,
        outcome: 'DENIED',
        reason: '名称不予登记',
      },
      system,
    );
    const detail = await t.reads.detail(USCC_A, t.receipt.applicationId);
    expect(detail.subCases.map((s) => s.state)).toEqual([
      'DENIED',
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
    ]);
    expect(detail.subCases[1]?.reason?.code).toBe('SAGA.PREREQUISITE_FAILED');
    expect(detail.status).toBe('REJECTED');
  });

  it('a rejected name change (verification REJECT) cancels the dependents', async () => {
    const t = await setup();
    await t.handlers.assessmentCompleted(t.assess(t.head, 'REJECT', 1, 'BUSINESS_LICENCE'));
    for (const id of t.ip) await t.handlers.assessmentCompleted(t.assess(id, 'ALL_CLEAR'));
    expect(await t.state(t.head)).toBe('REJECTED');
    for (const id of t.ip) expect(await t.state(id)).toBe('CANCELLED');
    expect(t.queue.jobs).toHaveLength(0);
  });

  it('the same event delivered twice is applied once', async () => {
    const t = await setup();
    const e = t.assess(t.head, 'ALL_CLEAR');
    await t.handlers.assessmentCompleted(e);
    const before = t.store.published.length;
    await t.handlers.assessmentCompleted(e);
    expect(t.store.published.length).toBe(before);
    expect(t.store.docs.get(t.receipt.applicationId)?.applied.filter((id) => id === e.id)).toHaveLength(1);
  });

  it('one consolidated notice lists the deficiencies of every sub-case; the clock stops; the correction is answered once and re-verified in round 2', async () => {
    const t = await setup();
    await t.handlers.assessmentCompleted(t.assess(t.head, 'CORRECTION_NEEDED', 1, 'SHAREHOLDERS_RESOLUTION'));
    await t.handlers.assessmentCompleted(
      t.assess(t.ip[0] ?? '', 'CORRECTION_NEEDED', 1, 'PATENT_BIBLIO_CHANGE_FORM'),
    );
    for (const id of t.ip.slice(1)) await t.handlers.assessmentCompleted(t.assess(id, 'ALL_CLEAR'));
    const notices = t.eventsOf('intake.correction.notice-issued');
    expect(notices).toHaveLength(1);
    const notice = notices[0] as TypedEnvelope<'intake.correction.notice-issued'>;
    expect(notice.payload.affectedCaseIds.sort()).toEqual([t.head, t.ip[0]].sort());
    expect(notice.payload.deficiencies.map((d) => d.materialCode).sort()).toEqual([
      'PATENT_BIBLIO_CHANGE_FORM',
      'SHAREHOLDERS_RESOLUTION',
    ]);
    // A late duplicate of round 1 does not produce a second notice.
    await t.handlers.assessmentCompleted(
      t.assess(t.ip[1] ?? '', 'CORRECTION_NEEDED', 1, 'TM_CHANGE_APPLICATION'),
    );
    expect(t.eventsOf('intake.correction.notice-issued')).toHaveLength(1);

    // Wednesday → Friday: three working days touched by the pause.
    t.clock.set('2026-03-06T02:00:00Z');
    const paused = await t.reads.detail(USCC_A, t.receipt.applicationId);
    expect(paused.status).toBe('CORRECTION_REQUIRED');
    expect(paused.subCases[0]?.clockPaused).toBe(true);
    await t.commands.submitCorrection(USCC_A, applicant, t.receipt.applicationId, notice.payload.noticeId, [
      { materialCode: 'SHAREHOLDERS_RESOLUTION', documentId: 'DOC-FIX' },
      { materialCode: 'PATENT_BIBLIO_CHANGE_FORM', documentId: 'DOC-FIX' },
    ]);
    expect(await t.state(t.head)).toBe('VERIFYING');
    const round2 = t
      .eventsOf('intake.subcase.verification-requested')
      .filter((e) => (e as TypedEnvelope<'intake.subcase.verification-requested'>).payload.round === 2);
    expect(round2.map((e) => e.caseId).sort()).toEqual([t.head, t.ip[0]].sort());
    const again = t.commands.submitCorrection(
      USCC_A,
      applicant,
      t.receipt.applicationId,
      notice.payload.noticeId,
      [],
    );
    await expect(again).rejects.toMatchObject({ code: 'CORRECTION.ALREADY_SUBMITTED' });
  });

  it('a terminal transition carries working days used, paused and promised (filed Mon 2 Mar, paused Wed 4–Fri 6, done Tue 10)', async () => {
    const t = await setup();
    t.clock.set('2026-03-04T02:00:00Z');
    await t.handlers.assessmentCompleted(t.assess(t.head, 'CORRECTION_NEEDED', 1, 'SHAREHOLDERS_RESOLUTION'));
    for (const id of t.ip) await t.handlers.assessmentCompleted(t.assess(id, 'ALL_CLEAR'));
    const notice = t.eventsOf(
      'intake.correction.notice-issued',
    )[0] as TypedEnvelope<'intake.correction.notice-issued'>;
    t.clock.set('2026-03-06T02:00:00Z');
    await t.commands.submitCorrection(USCC_A, applicant, t.receipt.applicationId, notice.payload.noticeId, [
      { materialCode: 'SHAREHOLDERS_RESOLUTION', documentId: 'DOC-FIX' },
    ]);
    await t.handlers.assessmentCompleted(t.assess(t.head, 'ALL_CLEAR', 2));
    t.clock.set('2026-03-10T02:00:00Z');
    await t.commands.dispatchResult(
      { applicationId: t.receipt.applicationId, caseId: t.head, dispatchKey: t.head, outcome: 'COMPLETED' },
      system,
    );
    const done = t
      .eventsOf('intake.subcase.transitioned')
      .map((e) => e as TypedEnvelope<'intake.subcase.transitioned'>)
      .find((e) => e.payload.caseId === t.head && e.payload.to === 'COMPLETED');
    // Working days after 2 Mar up to 10 Mar: 3,4,5,6,9,10 = 6; paused 4,5,6 = 3.
    expect(done?.payload).toMatchObject({
      elapsedWorkingDays: 3,
      pausedWorkingDays: 3,
      promisedTimeLimitDays: expect.any(Number),
      itemCode: 'MR_ENTERPRISE_NAME_CHANGE',
      authority: 'MARKET_REGULATION',
    });
  });

  it('with a signed commitment, deferrable gaps wait for commitment’s decision: granted → accepted with deferral; a breach revokes it and cancels dependents', async () => {
    const t = await setup(true);
    await t.handlers.assessmentCompleted(t.assess(t.head, 'DEFERRABLE_GAPS_ONLY', 1, 'ARTICLES_AMENDMENT'));
    for (const id of t.ip) await t.handlers.assessmentCompleted(t.assess(id, 'ALL_CLEAR'));
    expect(await t.state(t.head)).toBe('VERIFYING');
    const ctx = {
      producer: 'commitment',
      applicationId: t.receipt.applicationId,
      caseId: t.head,
      actor: system,
    };
    await t.handlers.deferralGranted(
      createEvent(
        'commitment.deferral.granted',
        {
          caseId: t.head,
          round: 1,
          uscc: USCC_A,
          obligations: [{ obligationId: 'OB-1', materialCode: 'ARTICLES_AMENDMENT', dueDate: '2026-04-01' }],
        },
        ctx,
      ),
    );
    expect(await t.state(t.head)).toBe('PROCESSING');
    await t.handlers.breachDeclared(
      createEvent(
        'commitment.breach.declared',
        {
          caseId: t.head,
          uscc: USCC_A,
          cause: 'DEADLINE_MISSED',
          reason: { code: 'BREACH', text: { zh: '逾期未补交', en: 'Deadline missed' } },
        },
        ctx,
      ),
    );
    expect(await t.state(t.head)).toBe('REVOKED');
    for (const id of t.ip) expect(await t.state(id)).toBe('CANCELLED');
  });

  it('a breach that arrives before intake applied the deferral grant is kept and revokes the sub-case once it is accepted with deferral (topics are not ordered)', async () => {
    const t = await setup(true);
    const ctx = {
      producer: 'commitment',
      applicationId: t.receipt.applicationId,
      caseId: t.head,
      actor: system,
    };
    // Commitment granted, sampled, and a post-hoc FAILED already turned into a breach — all before intake saw the grant.
    await t.handlers.breachDeclared(
      createEvent(
        'commitment.breach.declared',
        {
          caseId: t.head,
          uscc: USCC_A,
          cause: 'POST_HOC_FAILED',
          reason: { code: 'POSTHOC.FAILED', text: { zh: '事后核查未通过', en: 'Post-hoc check failed' } },
        },
        ctx,
      ),
    );
    expect(await t.state(t.head)).toBe('VERIFYING');
    await t.handlers.assessmentCompleted(t.assess(t.head, 'DEFERRABLE_GAPS_ONLY', 1, 'ARTICLES_AMENDMENT'));
    for (const id of t.ip) await t.handlers.assessmentCompleted(t.assess(id, 'ALL_CLEAR'));
    await t.handlers.deferralGranted(
      createEvent(
        'commitment.deferral.granted',
        {
          caseId: t.head,
          round: 1,
          uscc: USCC_A,
          obligations: [{ obligationId: 'OB-1', materialCode: 'ARTICLES_AMENDMENT', dueDate: '2026-04-01' }],
        },
        ctx,
      ),
    );
    expect(await t.state(t.head)).toBe('REVOKED');
    for (const id of t.ip) expect(await t.state(id)).toBe('CANCELLED');
    const revocations = t
      .eventsOf('intake.subcase.transitioned')
      .map((e) => e as TypedEnvelope<'intake.subcase.transitioned'>)
      .filter((e) => e.payload.to === 'REVOKED');
    expect(revocations).toHaveLength(1);
  });

  it('deferral refused → correction required through the one notice', async () => {
    const t = await setup(true);
    await t.handlers.assessmentCompleted(t.assess(t.head, 'DEFERRABLE_GAPS_ONLY', 1, 'ARTICLES_AMENDMENT'));
    for (const id of t.ip) await t.handlers.assessmentCompleted(t.assess(id, 'ALL_CLEAR'));
    await t.handlers.deferralRefused(
      createEvent(
        'commitment.deferral.refused',
        { caseId: t.head, round: 1, reason: { code: 'X', text: { zh: '不予容缺', en: 'Refused' } } },
        { producer: 'commitment', applicationId: t.receipt.applicationId, actor: system },
      ),
    );
    expect(await t.state(t.head)).toBe('CORRECTION_REQUIRED');
    expect(t.eventsOf('intake.correction.notice-issued')).toHaveLength(1);
  });

  it('withdrawal cancels the open sub-cases; another enterprise sees 404; a caseworker sees only its authority', async () => {
    const t = await setup();
    await expect(t.reads.detail(USCC_B, t.receipt.applicationId)).rejects.toMatchObject({
      code: 'APPLICATION.NOT_FOUND',
    });
    await expect(t.commands.withdraw(USCC_B, applicant, t.receipt.applicationId)).rejects.toMatchObject({
      code: 'APPLICATION.NOT_FOUND',
    });
    const patentCases = await t.reads.subCasesOfAuthority('PATENT_OFFICE');
    expect(patentCases.map((s) => s.itemCode)).toEqual([
      'PO_APPLICANT_NAME_CHANGE',
      'PO_APPLICANT_NAME_CHANGE',
    ]);
    await t.commands.withdraw(USCC_A, applicant, t.receipt.applicationId, '暂缓');
    const detail = await t.reads.detail(USCC_A, t.receipt.applicationId);
    expect(detail.status).toBe('WITHDRAWN');
    expect(detail.subCases.every((s) => s.state === 'CANCELLED')).toBe(true);
    await expect(t.commands.withdraw(USCC_A, applicant, t.receipt.applicationId)).rejects.toBeInstanceOf(
      DomainError,
    );
    const timeline = await t.reads.timeline(USCC_A, t.receipt.applicationId);
    expect(timeline.map((e) => e.type)).toContain('intake.application.withdrawn');
    expect(JSON.stringify(timeline)).not.toContain(LEGAL_REP_ID);
  });

  it('a concurrent update of the same application is refused with APPLICATION.CONCURRENT_UPDATE', async () => {
    const t = await setup();
    const stale = await t.store.get(t.receipt.applicationId);
    await t.commands.withdraw(USCC_A, applicant, t.receipt.applicationId);
    if (!stale) throw new Error('missing');
    expect(await t.store.save(stale, [])).toBe('CONFLICT');
  });
});

describe('time limits on the working-day calendar', () => {
  it('a sub-case past its promised limit is flagged overdue, with no working days left', async () => {
    const t = await setup();
    // The market-regulation item promises 1 working day; Friday 6 March is 4 working days after Monday.
    t.clock.set('2026-03-06T02:00:00Z');
    const d = await t.reads.detail(USCC_A, t.receipt.applicationId);
    const head = d.subCases[0];
    expect(head?.promisedTimeLimitDays).toBe(1);
    expect(head?.dueDate).toBe('2026-03-03');
    expect(head?.elapsedWorkingDays).toBe(4);
    expect(head?.workingDaysLeft).toBe(0);
    expect(head?.overdue).toBe(true);
  });
});
