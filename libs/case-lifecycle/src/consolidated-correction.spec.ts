import type { Deficiency } from '@app/contracts';
import {
  type DeferralDecision,
  type RoundAssessment,
  type VerificationRound,
  correctionDecision,
} from './consolidated-correction';

const gap = (caseId: string, materialCode: string, kind: Deficiency['kind'] = 'MISSING'): Deficiency => ({
  caseId,
  materialCode,
  kind,
  reason: { zh: `缺少 ${materialCode}`, en: `${materialCode} missing` },
});

const clear: RoundAssessment = { decision: 'ALL_CLEAR', deficiencies: [], commitmentSigned: false };
const needs = (...d: Deficiency[]): RoundAssessment => ({
  decision: 'CORRECTION_NEEDED',
  deficiencies: d,
  commitmentSigned: false,
});
const deferrable = (signed: boolean, ...d: Deficiency[]): RoundAssessment => ({
  decision: 'DEFERRABLE_GAPS_ONLY',
  deficiencies: d,
  commitmentSigned: signed,
});

function round(
  expected: string[],
  assessments: Record<string, RoundAssessment>,
  deferrals: Record<string, DeferralDecision> = {},
  issuedNoticeId?: string,
): VerificationRound {
  return {
    expectedCaseIds: expected,
    assessments: new Map(Object.entries(assessments)),
    deferralDecisions: new Map(Object.entries(deferrals)),
    ...(issuedNoticeId ? { issuedNoticeId } : {}),
  };
}

describe('consolidated correction (一次性告知)', () => {
  describe('waits until everything knowable in the round is known', () => {
    it('waits for a sub-case not yet assessed, even when another already needs correction', () => {
      expect(correctionDecision(round(['c1', 'c2'], { c1: needs(gap('c1', 'M1')) }))).toEqual({
        kind: 'WAIT',
        pending: [{ caseId: 'c2', cause: 'ASSESSMENT' }],
      });
    });

    it('waits while a sub-case is in manual review: its findings belong in the same notice', () => {
      const r = round(['c1', 'c2'], {
        c1: needs(gap('c1', 'M1')),
        c2: { decision: 'MANUAL_REVIEW', deficiencies: [], commitmentSigned: false },
      });
      expect(correctionDecision(r)).toEqual({
        kind: 'WAIT',
        pending: [{ caseId: 'c2', cause: 'MANUAL_REVIEW' }],
      });
    });

    it.each<[string, DeferralDecision | undefined]>([
      ['not yet answered', undefined],
      ['PENDING', 'PENDING'],
    ])('waits for the deferral decision of a signed deferrable-gaps sub-case (%s)', (_label, decision) => {
      const r = round(['c1'], { c1: deferrable(true, gap('c1', 'M1')) }, decision ? { c1: decision } : {});
      expect(correctionDecision(r)).toEqual({
        kind: 'WAIT',
        pending: [{ caseId: 'c1', cause: 'DEFERRAL_DECISION' }],
      });
    });

    it('lists every pending sub-case, in round order', () => {
      const r = round(['c1', 'c2', 'c3'], { c2: deferrable(true, gap('c2', 'M2')) });
      expect(correctionDecision(r)).toEqual({
        kind: 'WAIT',
        pending: [
          { caseId: 'c1', cause: 'ASSESSMENT' },
          { caseId: 'c2', cause: 'DEFERRAL_DECISION' },
          { caseId: 'c3', cause: 'ASSESSMENT' },
        ],
      });
    });

    it('does not wait for a deferral when no commitment was signed: there is nothing to decide', () => {
      const r = round(['c1'], { c1: deferrable(false, gap('c1', 'M1')) });
      expect(correctionDecision(r)).toMatchObject({ kind: 'NOTICE', affectedCaseIds: ['c1'] });
    });
  });

  describe('then decides once for the whole round', () => {
    it('one notice lists every deficiency of every sub-case needing correction, in round order', () => {
      const r = round(['c1', 'c2', 'c3'], {
        c3: needs(gap('c3', 'M5', 'MISMATCH')),
        c1: needs(gap('c1', 'M1'), gap('c1', 'M2', 'CROSS_CHECK')),
        c2: clear,
      });
      const decision = correctionDecision(r);
      expect(decision).toEqual({
        kind: 'NOTICE',
        deficiencies: [gap('c1', 'M1'), gap('c1', 'M2', 'CROSS_CHECK'), gap('c3', 'M5', 'MISMATCH')],
        affectedCaseIds: ['c1', 'c3'],
        outcomes: [
          { caseId: 'c1', to: 'CORRECTION_REQUIRED' },
          { caseId: 'c2', to: 'ACCEPTED' },
          { caseId: 'c3', to: 'CORRECTION_REQUIRED' },
        ],
      });
    });

    it('deferrable gaps whose deferral was refused are deficiencies too, in the same notice', () => {
      const r = round(
        ['c1', 'c2'],
        { c1: needs(gap('c1', 'M1')), c2: deferrable(true, gap('c2', 'M9')) },
        { c2: 'REFUSED' },
      );
      expect(correctionDecision(r)).toMatchObject({
        kind: 'NOTICE',
        deficiencies: [gap('c1', 'M1'), gap('c2', 'M9')],
        affectedCaseIds: ['c1', 'c2'],
      });
    });

    it('granted deferrable gaps are not deficiencies: that sub-case is accepted with deferral', () => {
      const r = round(
        ['c1', 'c2'],
        { c1: needs(gap('c1', 'M1')), c2: deferrable(true, gap('c2', 'M9')) },
        { c2: 'GRANTED' },
      );
      expect(correctionDecision(r)).toEqual({
        kind: 'NOTICE',
        deficiencies: [gap('c1', 'M1')],
        affectedCaseIds: ['c1'],
        outcomes: [
          { caseId: 'c1', to: 'CORRECTION_REQUIRED' },
          { caseId: 'c2', to: 'ACCEPTED_WITH_DEFERRAL' },
        ],
      });
    });

    it('no notice when nothing needs correction', () => {
      const r = round(['c1', 'c2'], { c1: clear, c2: deferrable(true, gap('c2', 'M9')) }, { c2: 'GRANTED' });
      expect(correctionDecision(r)).toEqual({
        kind: 'NO_NOTICE',
        outcomes: [
          { caseId: 'c1', to: 'ACCEPTED' },
          { caseId: 'c2', to: 'ACCEPTED_WITH_DEFERRAL' },
        ],
      });
    });

    it('a rejected sub-case is not in the notice: nothing the applicant supplies can cure it', () => {
      const r = round(['c1', 'c2'], {
        c1: { decision: 'REJECT', deficiencies: [gap('c1', 'M1')], commitmentSigned: false },
        c2: needs(gap('c2', 'M2')),
      });
      expect(correctionDecision(r)).toEqual({
        kind: 'NOTICE',
        deficiencies: [gap('c2', 'M2')],
        affectedCaseIds: ['c2'],
        outcomes: [
          { caseId: 'c1', to: 'REJECTED' },
          { caseId: 'c2', to: 'CORRECTION_REQUIRED' },
        ],
      });
    });

    it('a deferral answer without a signed commitment does not make gaps deferred', () => {
      const r = round(['c1'], { c1: deferrable(false, gap('c1', 'M1')) }, { c1: 'GRANTED' });
      expect(correctionDecision(r)).toMatchObject({
        kind: 'NOTICE',
        outcomes: [{ caseId: 'c1', to: 'CORRECTION_REQUIRED' }],
      });
    });

    it('ignores assessments of sub-cases outside the round and duplicate expected ids', () => {
      const r = round(['c1', 'c1'], { c1: clear, other: needs(gap('other', 'M1')) });
      expect(correctionDecision(r)).toEqual({
        kind: 'NO_NOTICE',
        outcomes: [{ caseId: 'c1', to: 'ACCEPTED' }],
      });
    });
  });

  it('never a second notice for the round: once issued, a redelivered assessment changes nothing', () => {
    const r = round(['c1'], { c1: needs(gap('c1', 'M1')) }, {}, 'NOTICE-1');
    expect(correctionDecision(r)).toEqual({ kind: 'ALREADY_NOTIFIED', noticeId: 'NOTICE-1' });
  });

  it('the decision does not depend on the order assessments arrived in', () => {
    const a = { c1: needs(gap('c1', 'M1')), c2: needs(gap('c2', 'M2')), c3: clear };
    const forward = correctionDecision(round(['c1', 'c2', 'c3'], a));
    const backward = correctionDecision(round(['c1', 'c2', 'c3'], { c3: a.c3, c2: a.c2, c1: a.c1 }));
    expect(backward).toEqual(forward);
  });
});
