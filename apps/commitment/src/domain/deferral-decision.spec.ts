import { FastClock } from './clock';
import { decideDeferral, type DeferralContext } from './deferral-decision';
import { assessment } from '../usecases/testing/builders';

const ctx = (over: Partial<DeferralContext> = {}): DeferralContext => ({
  clock: new FastClock(1000),
  now: new Date('2026-03-02T02:00:00Z'),
  priorCreditRecords: 0,
  posthocSeed: 'seed',
  ...over,
});

describe('decideDeferral (容缺受理)', () => {
  it('grants one obligation per missing deferrable material, due after its own working days', () => {
    const d = decideDeferral(
      assessment({
        missing: [
          { code: 'POA', days: 3 },
          { code: 'PROOF', days: 10 },
        ],
      }).payload,
      ctx(),
    );
    expect(d).toMatchObject({
      kind: 'GRANTED',
      obligations: [
        { materialCode: 'POA', dueDate: '2026-03-05' },
        { materialCode: 'PROOF', dueDate: '2026-03-12' },
      ],
    });
  });

  it('answers nothing for other decisions or an unsigned commitment', () => {
    expect(decideDeferral(assessment({ decision: 'ALL_CLEAR' }).payload, ctx()).kind).toBe('NOT_APPLICABLE');
    expect(decideDeferral(assessment({ commitmentSigned: false }).payload, ctx()).kind).toBe(
      'NOT_APPLICABLE',
    );
  });

  it("refuses with COMMITMENT.CREDIT_RECORD_ACTIVE naming the service's own active record first, else verification's", () => {
    expect(decideDeferral(assessment().payload, ctx({ activeCreditRecordId: 'CR-own' }))).toMatchObject({
      kind: 'REFUSED',
      reason: { code: 'COMMITMENT.CREDIT_RECORD_ACTIVE' },
      creditRecordId: 'CR-own',
    });
    expect(decideDeferral(assessment({ blockingCreditRecordId: 'CR-ver' }).payload, ctx())).toMatchObject({
      creditRecordId: 'CR-ver',
    });
  });

  it('refuses (never stays silent) for a non-deferrable gap, an item without commitment, nothing missing, or a catalogue defect', () => {
    expect(
      decideDeferral(assessment({ missing: [{ code: 'X', deferrable: false }] }).payload, ctx()),
    ).toMatchObject({ kind: 'REFUSED', reason: { code: 'COMMITMENT.NON_DEFERRABLE_GAPS' } });
    expect(decideDeferral(assessment({ commitmentAllowed: false }).payload, ctx())).toMatchObject({
      reason: { code: 'COMMITMENT.NOT_ALLOWED_FOR_ITEM' },
    });
    expect(decideDeferral(assessment({ missing: [] }).payload, ctx())).toMatchObject({
      reason: { code: 'COMMITMENT.NOTHING_TO_DEFER' },
    });
    expect(decideDeferral(assessment({ missing: [{ code: 'X' }] }).payload, ctx())).toMatchObject({
      kind: 'REFUSED',
      reason: { code: 'COMMITMENT.DEFERRAL_DAYS_INVALID' },
    });
  });

  it('post-hoc sampling: always at 100 %, never at 0 %, risk-weighted by prior records, reproducible from the seed', () => {
    expect(decideDeferral(assessment({ samplingBasisPoints: 10000 }).payload, ctx())).toMatchObject({
      postHoc: { weightBasisPoints: 10000 },
    });
    expect(decideDeferral(assessment({ samplingBasisPoints: 0 }).payload, ctx())).not.toHaveProperty(
      'postHoc',
    );
    const weighted = decideDeferral(
      assessment({ samplingBasisPoints: 3000 }).payload,
      ctx({ priorCreditRecords: 3 }),
    );
    expect(weighted).toMatchObject({ postHoc: { weightBasisPoints: 10000 } });
    const cases = Array.from(
      { length: 50 },
      (_, i) => assessment({ caseId: `c-${i}`, samplingBasisPoints: 5000 }).payload,
    );
    const draw = (seed: string) =>
      cases.map((a) => 'postHoc' in decideDeferral(a, ctx({ posthocSeed: seed })));
    expect(draw('s1')).toEqual(draw('s1'));
    expect(draw('s1')).not.toEqual(draw('s2'));
  });
});
