import type { Actor } from '@app/contracts';
import { createEvent } from '@app/contracts';
import { assessment } from '../testing/builders';
import { wire } from '../testing/fakes';
import { DESK_ACTIONS } from './obligation-actions';

const applicantOf = (uscc: string): Actor & { uscc: string } => ({ kind: 'applicant', id: 'u1', uscc });
const caseworkerOf = (authority: string): Actor & { authority: string } => ({
  kind: 'caseworker',
  id: 'cw1',
  authority,
});
const USCC = '91310000MA1FL0000X';

async function granted(materials = ['POA', 'PROOF']) {
  const w = wire();
  await w.decide.execute(assessment({ missing: materials.map((code) => ({ code, days: 5 })) }));
  const ids = [...w.obligations.docs.keys()];
  return { w, ids };
}

function checked(
  obligationId: string,
  outcome: 'VERIFIED' | 'MISMATCH' | 'MANUAL_REVIEW',
  materialCode = 'POA',
) {
  return createEvent(
    'verification.supplement.checked',
    {
      obligationId,
      caseId: 'case-1',
      materialCode,
      outcome,
      reason: { zh: '不一致', en: 'mismatch' },
      evidenceIds: [],
    },
    {
      producer: 'verification',
      applicationId: 'app-1',
      actor: { kind: 'system', id: 'verification' },
    },
  );
}

describe('ObligationActions', () => {
  it('supplement → VERIFIED fulfils; the last fulfilment ends the deferral once; a redelivered check changes nothing', async () => {
    const { w, ids } = await granted();
    const [a, b] = ids as [string, string];
    await w.actions.submitSupplement(applicantOf(USCC), a, { documentId: 'D1', sha256: 'f'.repeat(64) });
    expect(w.published.of('commitment.obligation.supplement-submitted')[0]?.payload).toMatchObject({
      obligationId: a,
      documentId: 'D1',
      uscc: USCC,
    });
    const verified = checked(a, 'VERIFIED');
    expect(await w.actions.onSupplementChecked(verified, { kind: 'system', id: 'verification' })).toBe(
      'APPLIED',
    );
    expect(await w.actions.onSupplementChecked(verified, { kind: 'system', id: 'verification' })).toBe(
      'IGNORED',
    );
    expect(w.published.of('commitment.deferral.ended')).toHaveLength(0);
    await w.actions.deskAction(caseworkerOf('CNIPA'), b, { kind: 'waive', reason: '材料已由数据共享取得' });
    expect(
      w.published.of('commitment.obligation.fulfilled').map((e) => (e.payload as { how?: string }).how),
    ).toEqual(['VERIFIED', 'WAIVED']);
    expect(w.published.of('commitment.deferral.ended')).toHaveLength(1);
  });

  it('MISMATCH reopens the obligation with the reason (SUPPLEMENT_REFUSED); MANUAL_REVIEW leaves it to the caseworker', async () => {
    const { w, ids } = await granted(['POA']);
    const id = ids[0] as string;
    await w.actions.submitSupplement(applicantOf(USCC), id, { documentId: 'D1', sha256: 'f'.repeat(64) });
    expect(
      await w.actions.onSupplementChecked(checked(id, 'MANUAL_REVIEW'), { kind: 'system', id: 'v' }),
    ).toBe('IGNORED');
    await w.actions.onSupplementChecked(checked(id, 'MISMATCH'), { kind: 'system', id: 'v' });
    expect((await w.obligations.get(id))?.state).toBe('OPEN');
    expect(w.published.of('commitment.obligation.updated')[0]?.payload).toMatchObject({
      change: 'SUPPLEMENT_REFUSED',
      reason: { code: 'SUPPLEMENT.MISMATCH' },
    });
  });

  it("another enterprise's obligation is not found for the applicant", async () => {
    const { w, ids } = await granted(['POA']);
    await expect(
      w.actions.submitSupplement(applicantOf('OTHER'), ids[0] as string, {
        documentId: 'D',
        sha256: 'f'.repeat(64),
      }),
    ).rejects.toMatchObject({ code: 'OBLIGATION.NOT_FOUND' });
  });

  it.each(DESK_ACTIONS)(
    "caseworker action %s on another authority's obligation is not found and changes nothing",
    async (kind) => {
      const { w, ids } = await granted(['POA']);
      const id = ids[0] as string;
      await expect(
        w.actions.deskAction(caseworkerOf('SAMR'), id, { kind, reason: '越权操作测试', days: 1 }),
      ).rejects.toMatchObject({ code: 'OBLIGATION.NOT_FOUND' });
      expect((await w.obligations.get(id))?.version).toBe(1);
    },
  );

  it('a stale expected version is a 409 OBLIGATION.CONCURRENT_UPDATE; a short reason is refused; the extension is capped', async () => {
    const { w, ids } = await granted(['POA']);
    const id = ids[0] as string;
    const cw = caseworkerOf('CNIPA');
    await w.actions.deskAction(cw, id, {
      kind: 'extend',
      reason: '申请人申请延期',
      days: 2,
      expectedVersion: 1,
    });
    await expect(
      w.actions.deskAction(cw, id, { kind: 'extend', reason: '申请人申请延期', days: 1, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'OBLIGATION.CONCURRENT_UPDATE' });
    await expect(w.actions.deskAction(cw, id, { kind: 'waive', reason: '短' })).rejects.toMatchObject({
      code: 'OBLIGATION.REASON_REQUIRED',
    });
    await expect(
      w.actions.deskAction(cw, id, { kind: 'extend', reason: '申请人再次申请延期', days: 4 }),
    ).rejects.toMatchObject({ code: 'OBLIGATION.EXTENSION_CAP' });
    const o = await w.obligations.get(id);
    expect(o).toMatchObject({ version: 2, extendedDays: 2, scheduleVersion: 2 });
    expect([...w.scheduler.queued.keys()]).toContain(`deadline:${id}:2`);
  });

  it('a declared breach: breach + credit once for the sub-case, the other obligation closed', async () => {
    const { w, ids } = await granted();
    const [a, b] = ids as [string, string];
    await w.actions.deskAction(caseworkerOf('CNIPA'), a, {
      kind: 'declare-breach',
      reason: '补交材料系伪造',
    });
    expect(w.published.of('commitment.breach.declared')).toHaveLength(1);
    expect(w.published.of('commitment.breach.declared')[0]?.actor).toMatchObject({
      kind: 'caseworker',
      authority: 'CNIPA',
    });
    expect(w.published.of('commitment.credit.recorded')[0]?.payload).toMatchObject({
      severity: 'SERIOUS',
      cause: 'DECLARED',
    });
    expect(w.credits.docs.size).toBe(1);
    await expect(
      w.actions.deskAction(caseworkerOf('CNIPA'), b, { kind: 'declare-breach', reason: '再次认定违诺' }),
    ).rejects.toMatchObject({ code: 'OBLIGATION.CASE_REVOKED' });
    expect(w.published.of('commitment.breach.declared')).toHaveLength(1);
  });
});
