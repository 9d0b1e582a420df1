import type { TypedEnvelope } from '@app/contracts';
import { ALL_GROUP, computeKpis, UNRESOLVED_GROUP, type KpiRow } from './kpi';
import {
  appeal,
  assessment,
  at,
  breach,
  CALENDAR_2025,
  concluded,
  fulfilled,
  granted,
  MARCH,
  postHoc,
  rating,
  rectification,
} from './kpi.fixtures';

const PATENT = 'cnipa-patent';
const TRADEMARK = 'cnipa-trademark';
const C1 = { itemCode: 'PAT-CHANGE', authority: PATENT };
const C2 = { itemCode: 'TM-CHANGE', authority: TRADEMARK };
const C3 = { itemCode: 'PAT-CHANGE', authority: PATENT };
const C5 = { itemCode: 'PAT-LICENSE', authority: PATENT };
const C7 = { itemCode: 'TM-CHANGE', authority: TRADEMARK };

/**
 * One month of events (March 2025, UTC+8) across two authorities, plus events just outside it.
 * Every expected number below is worked out by hand in the comments.
 */
function marchStream(): TypedEnvelope[] {
  const r4 = rating('2025-03-04 09:00', 'R4', TRADEMARK, 3, { caseId: 'C2' });
  return [
    at('2025-02-27 09:00', 'intake.application.filed', {
      uscc: '91110000600037341L',
      enterpriseName: '某某科技有限公司',
      bundleCode: 'NAME-CHANGE',
      catalogueVersion: 1,
      channel: 'online',
      legalRepresentative: { name: '张三', idNumberMasked: '110105********002X', idNumberDigest: 'd' },
      agentAppointed: false,
      formValues: {},
      materials: [],
      subCases: ['C1', 'C2', 'C3'].map((caseId, index) => ({
        caseId,
        key: caseId,
        ...[C1, C2, C3][index],
        itemCode: [C1, C2, C3][index]?.itemCode ?? '',
        authority: [C1, C2, C3][index]?.authority ?? '',
        prerequisites: [],
        promisedTimeLimitDays: 10,
        legalTimeLimitDays: 20,
        commitmentAllowed: true,
        materials: [],
      })),
    }),

    // ── Ratings ──
    // R0 was submitted in February: ignored, even though its ticket closes in March.
    rating('2025-02-27 10:00', 'R0', PATENT, 1, { caseId: 'C1' }),
    rectification('2025-03-03 10:00', 'R0', PATENT, 'CLOSED'),
    // PATENT: R1 = 5 (satisfied), R2 = 2 (bad), R3 = 1 but malicious appeal UPHELD → excluded.
    rating('2025-03-03 09:00', 'R1', PATENT, 5, { caseId: 'C1' }),
    rating('2025-03-03 09:30', 'R2', PATENT, 2, { caseId: 'C3' }),
    // Opened Mon 03-03, applicant satisfied Thu 03-06: working days Tue 4, Wed 5, Thu 6 → 3.
    rectification('2025-03-03 10:00', 'R2', PATENT, 'OPENED'),
    rectification('2025-03-05 10:00', 'R2', PATENT, 'RECTIFIED'),
    rectification('2025-03-06 15:00', 'R2', PATENT, 'APPLICANT_SATISFIED'),
    rectification('2025-03-07 15:00', 'R2', PATENT, 'CLOSED'),
    rating('2025-03-05 09:00', 'R3', PATENT, 1, { caseId: 'C1' }),
    appeal('2025-03-06 09:00', 'R3', 'FILED'),
    appeal('2025-03-12 09:00', 'R3', 'UPHELD'),
    // TRADEMARK: R4 = 3 (satisfied, delivered twice), R5 = 1 (bad, closed only in April), R6 = 2 (bad,
    // appeal DISMISSED so it stays; opened Mon 03-10, closed Mon 03-17: Tue 11 … Fri 14 + Mon 17 → 5).
    r4,
    r4,
    rating('2025-03-26 09:00', 'R5', TRADEMARK, 1),
    rectification('2025-03-28 09:00', 'R5', TRADEMARK, 'OPENED'),
    rectification('2025-04-02 09:00', 'R5', TRADEMARK, 'CLOSED'),
    rating('2025-03-07 09:00', 'R6', TRADEMARK, 2, { itemCode: 'TM-CHANGE' }),
    appeal('2025-03-08 09:00', 'R6', 'FILED'),
    appeal('2025-03-09 09:00', 'R6', 'DISMISSED'),
    rectification('2025-03-10 09:00', 'R6', TRADEMARK, 'OPENED'),
    rectification('2025-03-17 09:00', 'R6', TRADEMARK, 'CLOSED'),

    // ── Conclusions ──
    // PATENT: C1 on time (8 ≤ 10), C3 late (12 > 10). TRADEMARK: C2 all paused (0 ≤ 5) → on time.
    // C4 concludes exactly at the period end (exclusive) → not counted.
    concluded('2025-03-20 10:00', 'C1', C1, 'COMPLETED', { elapsed: 8, paused: 0, promised: 10 }),
    concluded('2025-03-25 10:00', 'C3', C3, 'DENIED', { elapsed: 12, paused: 2, promised: 10 }),
    concluded('2025-03-31 23:59', 'C2', C2, 'COMPLETED', { elapsed: 0, paused: 6, promised: 5 }),
    concluded('2025-04-01 00:00', 'C4', C1, 'COMPLETED', { elapsed: 1, paused: 0, promised: 10 }),

    // ── Assessments ── (round 1 only for materials)
    // PATENT: C1 r1 4 materials (2 exempt), C3 r1 3 materials (0 exempt), C5 r1 1 material (0) → 8, 2.
    // C1 round 2 (3 exempt of 4) is a re-verification: not counted again.
    // TRADEMARK: C2 r1 2 materials, both exempt; C7 r1 1 material → 3, 2.
    assessment('2025-03-05 09:00', 'C1', C1, 1, ['EXEMPT', 'EXEMPT', 'VERIFIED', 'MISSING'], {
      decision: 'DEFERRABLE_GAPS_ONLY',
    }),
    assessment('2025-03-06 09:00', 'C1', C1, 2, ['EXEMPT', 'EXEMPT', 'EXEMPT', 'MISSING'], {
      decision: 'DEFERRABLE_GAPS_ONLY',
    }),
    assessment('2025-03-05 10:00', 'C3', C3, 1, ['MISMATCH', 'VERIFIED', 'MISSING'], {
      decision: 'CORRECTION_NEEDED',
    }),
    assessment('2025-03-10 10:00', 'C5', C5, 1, ['MISSING'], { decision: 'DEFERRABLE_GAPS_ONLY' }),
    assessment('2025-03-05 11:00', 'C2', C2, 1, ['EXEMPT', 'EXEMPT'], {
      decision: 'DEFERRABLE_GAPS_ONLY',
      blockingCreditRecordId: 'CR-9',
    }),
    // C6 became eligible in February: its March grant belongs to February's cohort.
    assessment('2025-02-20 10:00', 'C6', C7, 1, ['MISSING'], { decision: 'DEFERRABLE_GAPS_ONLY' }),
    granted('2025-03-02 10:00', 'C6', ['O6']),
    assessment('2025-03-15 10:00', 'C7', C7, 1, ['MISSING'], { decision: 'DEFERRABLE_GAPS_ONLY' }),

    // ── Commitment ──
    // PATENT: eligible C1, C5 (C3 needs correction) = 2; used C1 = 1; obligations O1, O2; O1 fulfilled,
    // O2 fulfilled only in April → 1 of 2; no breach → 0 of 1.
    // TRADEMARK: eligible C7 only (C2 blocked by a credit record, C6 in February) = 1; used 1;
    // obligations O3, O5 (O4 waived → left out); O3 fulfilled → 1 of 2; C7 breached → 1 of 1.
    granted('2025-03-05 09:05', 'C1', ['O1', 'O2']),
    fulfilled('2025-03-12 09:00', 'C1', 'O1', 'VERIFIED'),
    fulfilled('2025-04-03 09:00', 'C1', 'O2', 'VERIFIED'),
    granted('2025-03-15 10:05', 'C7', ['O3', 'O4', 'O5']),
    fulfilled('2025-03-20 09:00', 'C7', 'O3', 'CASEWORKER_ACCEPTED'),
    fulfilled('2025-03-21 09:00', 'C7', 'O4', 'WAIVED'),
    breach('2025-03-30 09:00', 'C7'),

    // ── Post-hoc checks ──
    // PATENT: K1 passed → 0 of 1. TRADEMARK: K2 failed → 1 of 1. K3 concluded in April → ignored.
    // K4's case is named by no event → unresolved group.
    postHoc('2025-03-18 09:00', 'K1', 'C1', 'PASSED'),
    postHoc('2025-03-19 09:00', 'K2', 'C7', 'FAILED'),
    postHoc('2025-04-01 09:00', 'K3', 'C3', 'FAILED'),
    postHoc('2025-03-19 10:00', 'K4', 'C-X', 'PASSED'),
  ];
}

function row(rows: KpiRow[], group: string): KpiRow {
  const found = rows.find((candidate) => candidate.group === group);
  if (found === undefined) throw new Error(`no row for ${group}`);
  return found;
}

const EMPTY_ROW_VALUES = {
  ratings: 0,
  satisfactionRate: null,
  badRatings: 0,
  badRectified: 0,
  rectifiedShare: null,
  meanWorkingDaysToRectify: null,
  concluded: 0,
  completedOnTime: 0,
  onTimeRate: null,
  meanProcessingWorkingDays: null,
  materialsRequired: 0,
  materialsExempt: 0,
  exemptionRate: null,
  subCasesEligibleForCommitment: 0,
  commitmentUsed: 0,
  commitmentUsageRate: null,
  obligations: 0,
  obligationsFulfilled: 0,
  fulfilmentRate: null,
  breaches: 0,
  breachRate: null,
  postHocChecks: 0,
  postHocFailed: 0,
  postHocFailureRate: null,
};

describe('computeKpis', () => {
  describe('by authority, on a hand-computed month', () => {
    const rows = computeKpis(marchStream(), MARCH, 'authority', CALENDAR_2025);

    it('has one row per authority, the unresolved group last', () => {
      expect(rows.map((r) => r.group)).toEqual([PATENT, TRADEMARK, UNRESOLVED_GROUP]);
    });

    it('patent office', () => {
      expect(row(rows, PATENT)).toEqual({
        group: PATENT,
        ratings: 2, // R1, R2 (R3 upheld as malicious, R0 in February)
        satisfactionRate: 1 / 2, // R1
        badRatings: 1, // R2
        badRectified: 1,
        rectifiedShare: 1,
        meanWorkingDaysToRectify: 3,
        concluded: 2, // C1, C3
        completedOnTime: 1, // C1
        onTimeRate: 1 / 2,
        meanProcessingWorkingDays: 10, // (8 + 12) / 2
        materialsRequired: 8, // 4 + 3 + 1
        materialsExempt: 2,
        exemptionRate: 2 / 8,
        subCasesEligibleForCommitment: 2, // C1, C5
        commitmentUsed: 1, // C1
        commitmentUsageRate: 1 / 2,
        obligations: 2, // O1, O2
        obligationsFulfilled: 1, // O1
        fulfilmentRate: 1 / 2,
        breaches: 0,
        breachRate: 0, // 0 of 1 used: a real 0 %, not "no data"
        postHocChecks: 1,
        postHocFailed: 0,
        postHocFailureRate: 0,
      });
    });

    it('trademark office', () => {
      expect(row(rows, TRADEMARK)).toEqual({
        group: TRADEMARK,
        ratings: 3, // R4 (once, though delivered twice), R5, R6 (appeal dismissed)
        satisfactionRate: 1 / 3, // R4
        badRatings: 2, // R5, R6
        badRectified: 1, // R6; R5 closed in April
        rectifiedShare: 1 / 2,
        meanWorkingDaysToRectify: 5,
        concluded: 1, // C2
        completedOnTime: 1, // fully paused: 0 ≤ 5
        onTimeRate: 1,
        meanProcessingWorkingDays: 0,
        materialsRequired: 3, // C2 2 + C7 1
        materialsExempt: 2,
        exemptionRate: 2 / 3,
        subCasesEligibleForCommitment: 1, // C7
        commitmentUsed: 1,
        commitmentUsageRate: 1,
        obligations: 2, // O3, O5 (O4 waived)
        obligationsFulfilled: 1, // O3
        fulfilmentRate: 1 / 2,
        breaches: 1,
        breachRate: 1,
        postHocChecks: 1,
        postHocFailed: 1,
        postHocFailureRate: 1,
      });
    });

    it('a post-hoc check of a case no event names goes to the unresolved group', () => {
      expect(row(rows, UNRESOLVED_GROUP)).toEqual({
        ...EMPTY_ROW_VALUES,
        group: UNRESOLVED_GROUP,
        postHocChecks: 1,
        postHocFailed: 0,
        postHocFailureRate: 0,
      });
    });
  });

  it('with no grouping, one row that sums the authorities', () => {
    const [all, ...rest] = computeKpis(marchStream(), MARCH, 'none', CALENDAR_2025);
    expect(rest).toEqual([]);
    expect(all).toEqual({
      group: ALL_GROUP,
      ratings: 5, // 2 + 3
      satisfactionRate: 2 / 5, // R1, R4
      badRatings: 3,
      badRectified: 2,
      rectifiedShare: 2 / 3,
      meanWorkingDaysToRectify: 4, // (3 + 5) / 2
      concluded: 3,
      completedOnTime: 2,
      onTimeRate: 2 / 3,
      meanProcessingWorkingDays: 20 / 3, // (8 + 12 + 0) / 3
      materialsRequired: 11,
      materialsExempt: 4,
      exemptionRate: 4 / 11,
      subCasesEligibleForCommitment: 3,
      commitmentUsed: 2,
      commitmentUsageRate: 2 / 3,
      obligations: 4,
      obligationsFulfilled: 2,
      fulfilmentRate: 1 / 2,
      breaches: 1,
      breachRate: 1 / 2,
      postHocChecks: 3,
      postHocFailed: 1,
      postHocFailureRate: 1 / 3,
    });
  });

  it('by item, resolving events that lack the item code through their case', () => {
    const rows = computeKpis(marchStream(), MARCH, 'item', CALENDAR_2025);
    expect(rows.map((r) => r.group)).toEqual(['PAT-CHANGE', 'PAT-LICENSE', 'TM-CHANGE', UNRESOLVED_GROUP]);
    // R1 (via C1) and R2 (via C3); obligations O1, O2 via C1's assessment.
    expect(row(rows, 'PAT-CHANGE')).toMatchObject({
      ratings: 2,
      obligations: 2,
      commitmentUsed: 1,
      subCasesEligibleForCommitment: 1,
    });
    // C5: eligible, never used → a real 0 %.
    expect(row(rows, 'PAT-LICENSE')).toMatchObject({
      subCasesEligibleForCommitment: 1,
      commitmentUsed: 0,
      commitmentUsageRate: 0,
    });
    // R4 via C2, R6 by its own item code; R5 names no case and no item.
    expect(row(rows, 'TM-CHANGE')).toMatchObject({ ratings: 2, badRatings: 1 });
    expect(row(rows, UNRESOLVED_GROUP)).toMatchObject({ ratings: 1, badRatings: 1, postHocChecks: 1 });
  });

  it('does not depend on the order events arrive in', () => {
    const stream = marchStream();
    expect(computeKpis([...stream].reverse(), MARCH, 'authority', CALENDAR_2025)).toEqual(
      computeKpis(stream, MARCH, 'authority', CALENDAR_2025),
    );
  });

  describe('no data is not 0 %', () => {
    it('an empty stream gives one ALL row of zero counts and null rates', () => {
      expect(computeKpis([], MARCH, 'none', CALENDAR_2025)).toEqual([
        { group: ALL_GROUP, ...EMPTY_ROW_VALUES },
      ]);
    });

    it('an empty stream gives no rows when grouped', () => {
      expect(computeKpis([], MARCH, 'authority', CALENDAR_2025)).toEqual([]);
    });

    it('a period with events only outside it gives the empty row', () => {
      const april = {
        from: new Date('2025-05-01T00:00:00+08:00'),
        to: new Date('2025-06-01T00:00:00+08:00'),
      };
      expect(computeKpis(marchStream(), april, 'none', CALENDAR_2025)).toEqual([
        { group: ALL_GROUP, ...EMPTY_ROW_VALUES },
      ]);
    });

    it('ratings without bad ones give a null rectified share, not 0', () => {
      const [all] = computeKpis([rating('2025-03-03 09:00', 'R', PATENT, 4)], MARCH, 'none', CALENDAR_2025);
      expect(all).toMatchObject({
        ratings: 1,
        satisfactionRate: 1,
        badRatings: 0,
        rectifiedShare: null,
        meanWorkingDaysToRectify: null,
      });
    });
  });

  describe('period boundaries: [from, to)', () => {
    it('an event exactly at `from` counts; one exactly at `to` does not; one a millisecond before `to` does', () => {
      const events = [
        rating('2025-03-01 00:00', 'AT-FROM', PATENT, 5),
        rating('2025-04-01 00:00', 'AT-TO', PATENT, 1),
        at('2025-03-31 23:59', 'evaluation.rating.submitted', {
          ratingId: 'JUST-BEFORE',
          subject: 'application',
          authority: PATENT,
          channel: 'window',
          score: 2,
          tags: [],
          uscc: 'x',
        }),
      ];
      const [all] = computeKpis(events, MARCH, 'none', CALENDAR_2025);
      expect(all).toMatchObject({ ratings: 2, badRatings: 1, satisfactionRate: 1 / 2 });
    });

    it('consecutive periods split a stream without double counting', () => {
      const feb = { from: new Date('2025-02-01T00:00:00+08:00'), to: MARCH.from };
      const both = { from: feb.from, to: MARCH.to };
      const stream = marchStream();
      const count = (period: typeof MARCH) =>
        computeKpis(stream, period, 'none', CALENDAR_2025)[0]?.ratings ?? -1;
      expect(count(feb) + count(MARCH)).toBe(count(both));
      expect(count(feb)).toBe(1); // R0
    });

    it('a rectification finished after the period end does not count for that period, but does for a longer one', () => {
      const events = [
        rating('2025-03-28 09:00', 'R', PATENT, 1),
        rectification('2025-03-28 10:00', 'R', PATENT, 'OPENED'),
        rectification('2025-04-02 10:00', 'R', PATENT, 'CLOSED'),
      ];
      expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
        badRectified: 0,
        rectifiedShare: 0,
      });
      const marchAndApril = { from: MARCH.from, to: new Date('2025-05-01T00:00:00+08:00') };
      // Fri 03-28 → Wed 04-02: Mon 31, Tue 1, Wed 2 → 3 working days.
      expect(computeKpis(events, marchAndApril, 'none', CALENDAR_2025)[0]).toMatchObject({
        badRectified: 1,
        rectifiedShare: 1,
        meanWorkingDaysToRectify: 3,
      });
    });
  });

  describe('malicious-rating appeals', () => {
    it('an UPHELD appeal removes the rating from every rating KPI', () => {
      const events = [rating('2025-03-03 09:00', 'R', PATENT, 1), appeal('2025-03-04 09:00', 'R', 'UPHELD')];
      expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
        ratings: 0,
        badRatings: 0,
        satisfactionRate: null,
      });
    });

    it('a FILED or DISMISSED appeal keeps it', () => {
      const events = [
        rating('2025-03-03 09:00', 'R1', PATENT, 1),
        appeal('2025-03-04 09:00', 'R1', 'FILED'),
        rating('2025-03-03 09:00', 'R2', PATENT, 1),
        appeal('2025-03-04 09:00', 'R2', 'DISMISSED'),
      ];
      expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
        ratings: 2,
        badRatings: 2,
        satisfactionRate: 0,
      });
    });

    it('the last decision counts when a decision is reversed', () => {
      const events = [
        rating('2025-03-03 09:00', 'R', PATENT, 1),
        appeal('2025-03-04 09:00', 'R', 'UPHELD'),
        appeal('2025-03-05 09:00', 'R', 'DISMISSED'),
      ];
      expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({ ratings: 1 });
    });

    it('an appeal upheld after the period end does not change that period', () => {
      const events = [rating('2025-03-30 09:00', 'R', PATENT, 1), appeal('2025-04-02 09:00', 'R', 'UPHELD')];
      expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
        ratings: 1,
        badRatings: 1,
      });
    });
  });

  describe('time limits', () => {
    it('a case paused for its whole life is on time with 0 working days', () => {
      const events = [
        concluded('2025-03-10 09:00', 'C', C1, 'COMPLETED', { elapsed: 0, paused: 15, promised: 5 }),
      ];
      expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
        concluded: 1,
        completedOnTime: 1,
        onTimeRate: 1,
        meanProcessingWorkingDays: 0,
      });
    });

    it('finishing on the last promised day is on time; one day more is late', () => {
      const events = [
        concluded('2025-03-10 09:00', 'A', C1, 'COMPLETED', { elapsed: 5, paused: 0, promised: 5 }),
        concluded('2025-03-10 09:00', 'B', C1, 'COMPLETED', { elapsed: 6, paused: 0, promised: 5 }),
      ];
      expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
        concluded: 2,
        completedOnTime: 1,
      });
    });

    it('a conclusion without timing data is concluded but not on time and not in the mean', () => {
      const events = [
        concluded('2025-03-10 09:00', 'A', C1, 'COMPLETED', {}),
        concluded('2025-03-10 09:00', 'B', C1, 'COMPLETED', { elapsed: 4 }),
        concluded('2025-03-10 09:00', 'C', C1, 'COMPLETED', { elapsed: 2, promised: 3 }),
      ];
      expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
        concluded: 3,
        completedOnTime: 1, // only C has both numbers
        meanProcessingWorkingDays: 3, // (4 + 2) / 2
      });
    });

    it('other transitions (ACCEPTED, REVOKED, CANCELLED) are not conclusions', () => {
      const events = [
        at('2025-03-10 09:00', 'intake.subcase.transitioned', {
          caseId: 'A',
          ...C1,
          from: 'VERIFYING',
          to: 'ACCEPTED',
        }),
        at('2025-03-10 09:00', 'intake.subcase.transitioned', {
          caseId: 'B',
          ...C1,
          from: 'COMPLETED',
          to: 'REVOKED',
        }),
        at('2025-03-10 09:00', 'intake.subcase.transitioned', {
          caseId: 'C',
          ...C1,
          from: 'PROCESSING',
          to: 'CANCELLED',
        }),
      ];
      expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
        concluded: 0,
        onTimeRate: null,
      });
    });
  });

  it('counts materials from round 1 only: a re-verification in a later period is not counted again', () => {
    const events = [
      assessment('2025-02-27 09:00', 'C', C1, 1, ['EXEMPT', 'MISSING'], { decision: 'CORRECTION_NEEDED' }),
      assessment('2025-03-03 09:00', 'C', C1, 2, ['EXEMPT', 'VERIFIED'], { decision: 'ALL_CLEAR' }),
    ];
    expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
      materialsRequired: 0,
      exemptionRate: null,
    });
  });

  it('a sub-case first eligible in round 2 joins the cohort of round 2', () => {
    const events = [
      assessment('2025-02-27 09:00', 'C', C1, 1, ['MISMATCH', 'MISSING'], { decision: 'CORRECTION_NEEDED' }),
      assessment('2025-03-03 09:00', 'C', C1, 2, ['VERIFIED', 'MISSING'], {
        decision: 'DEFERRABLE_GAPS_ONLY',
      }),
      granted('2025-03-03 09:05', 'C', ['O']),
    ];
    expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
      subCasesEligibleForCommitment: 1,
      commitmentUsed: 1,
      obligations: 1,
      obligationsFulfilled: 0,
      fulfilmentRate: 0,
    });
  });

  it('an item that does not allow commitment is not eligible', () => {
    const events = [
      assessment('2025-03-03 09:00', 'C', C1, 1, ['MISSING'], {
        decision: 'DEFERRABLE_GAPS_ONLY',
        commitmentAllowed: false,
      }),
    ];
    expect(computeKpis(events, MARCH, 'none', CALENDAR_2025)[0]).toMatchObject({
      subCasesEligibleForCommitment: 0,
      commitmentUsageRate: null,
    });
  });

  it('rejects an empty or inverted period', () => {
    expect(() => computeKpis([], { from: MARCH.to, to: MARCH.from }, 'none', CALENDAR_2025)).toThrow(
      expect.objectContaining({ code: 'KPI.INVALID_PERIOD' }),
    );
    expect(() => computeKpis([], { from: MARCH.from, to: MARCH.from }, 'none', CALENDAR_2025)).toThrow(
      expect.objectContaining({ code: 'KPI.INVALID_PERIOD' }),
    );
  });
});
