import { deferralEligibility, type DeferralEligibilityInput } from './eligibility';

const ELIGIBLE: DeferralEligibilityInput = {
  decision: 'DEFERRABLE_GAPS_ONLY',
  commitmentSigned: true,
  commitmentAllowed: true,
  missing: [{ materialCode: 'POWER_OF_ATTORNEY', deferrable: true, deferralWorkingDays: 10 }],
};

function codeOf(input: DeferralEligibilityInput): string {
  const result = deferralEligibility(input);
  return result.eligible ? 'ELIGIBLE' : result.reason.code;
}

describe('deferralEligibility (容缺受理)', () => {
  it('is eligible when signed, allowed, no credit record and only deferrable gaps', () => {
    expect(deferralEligibility(ELIGIBLE)).toEqual({ eligible: true });
  });

  it('NOTHING_TO_DEFER when nothing is missing', () => {
    expect(codeOf({ ...ELIGIBLE, decision: 'ALL_CLEAR', missing: [] })).toBe('COMMITMENT.NOTHING_TO_DEFER');
  });

  it('NOT_SIGNED when the commitment was not signed', () => {
    const result = deferralEligibility({ ...ELIGIBLE, commitmentSigned: false });
    expect(result).toEqual({
      eligible: false,
      reason: {
        code: 'COMMITMENT.NOT_SIGNED',
        text: expect.objectContaining({ zh: expect.stringContaining('告知承诺书') }),
      },
    });
  });

  it('NOT_ALLOWED_FOR_ITEM when the catalogue does not allow commitment for the item', () => {
    expect(codeOf({ ...ELIGIBLE, commitmentAllowed: false })).toBe('COMMITMENT.NOT_ALLOWED_FOR_ITEM');
  });

  it('CREDIT_RECORD_ACTIVE names the blocking record', () => {
    const result = deferralEligibility({ ...ELIGIBLE, blockingCreditRecordId: 'CR-2025-0042' });
    if (result.eligible) throw new Error('expected a refusal');
    expect(result.reason.code).toBe('COMMITMENT.CREDIT_RECORD_ACTIVE');
    expect(result.reason.text.zh).toContain('CR-2025-0042');
    expect(result.reason.text.en).toContain('CR-2025-0042');
  });

  it('NON_DEFERRABLE_GAPS names every non-deferrable material', () => {
    const result = deferralEligibility({
      ...ELIGIBLE,
      decision: 'CORRECTION_NEEDED',
      missing: [
        { materialCode: 'A', deferrable: false },
        { materialCode: 'B', deferrable: true, deferralWorkingDays: 5 },
        { materialCode: 'C', deferrable: false },
      ],
    });
    if (result.eligible) throw new Error('expected a refusal');
    expect(result.reason.code).toBe('COMMITMENT.NON_DEFERRABLE_GAPS');
    expect(result.reason.text.en).toContain('A, C');
    expect(result.reason.text.zh).toContain('A、C');
  });

  it.each(['CORRECTION_NEEDED', 'REJECT', 'MANUAL_REVIEW'] as const)(
    'NON_DEFERRABLE_GAPS when the decision is %s even if every missing material is deferrable',
    (decision) => {
      expect(codeOf({ ...ELIGIBLE, decision })).toBe('COMMITMENT.NON_DEFERRABLE_GAPS');
    },
  );

  it('NON_DEFERRABLE_GAPS (not NOTHING_TO_DEFER) for a mismatch with nothing missing', () => {
    expect(codeOf({ ...ELIGIBLE, decision: 'CORRECTION_NEEDED', missing: [] })).toBe(
      'COMMITMENT.NON_DEFERRABLE_GAPS',
    );
  });

  describe('gives the most fundamental reason first', () => {
    const everythingWrong: DeferralEligibilityInput = {
      decision: 'CORRECTION_NEEDED',
      commitmentSigned: false,
      commitmentAllowed: false,
      blockingCreditRecordId: 'CR-1',
      missing: [{ materialCode: 'A', deferrable: false }],
    };

    it('item not allowed beats non-deferrable gaps, credit record and signature', () => {
      expect(codeOf(everythingWrong)).toBe('COMMITMENT.NOT_ALLOWED_FOR_ITEM');
    });

    it('non-deferrable gaps beat credit record and signature (signing would not help)', () => {
      expect(codeOf({ ...everythingWrong, commitmentAllowed: true })).toBe('COMMITMENT.NON_DEFERRABLE_GAPS');
    });

    it('a credit record beats a missing signature (signing would not help)', () => {
      expect(
        codeOf({
          ...everythingWrong,
          commitmentAllowed: true,
          decision: 'DEFERRABLE_GAPS_ONLY',
          missing: ELIGIBLE.missing,
        }),
      ).toBe('COMMITMENT.CREDIT_RECORD_ACTIVE');
    });

    it('nothing to defer beats everything else', () => {
      expect(codeOf({ ...everythingWrong, decision: 'ALL_CLEAR', missing: [] })).toBe(
        'COMMITMENT.NOTHING_TO_DEFER',
      );
    });
  });

  it.each([undefined, 0, -3, 2.5])(
    'treats a deferrable material with deferral days %s as a catalogue defect',
    (days) => {
      const missing = [
        { materialCode: 'X', deferrable: true, ...(days === undefined ? {} : { deferralWorkingDays: days }) },
      ];
      expect(() => deferralEligibility({ ...ELIGIBLE, missing })).toThrow(
        expect.objectContaining({
          code: 'COMMITMENT.DEFERRAL_DAYS_INVALID',
          violations: [expect.objectContaining({ path: 'missing[0].deferralWorkingDays' })],
        }),
      );
    },
  );
});
