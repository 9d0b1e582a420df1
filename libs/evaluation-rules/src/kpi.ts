import type { WorkingDayCalendar } from '@app/calendar';
import type { TypedEnvelope } from '@app/contracts';
import { EvaluationRuleError } from './evaluation-error';
import { isRatingScore } from './rating-scale';

/**
 * Service KPIs folded from the event stream.
 *
 * Counting rule, the same for every KPI: a subject belongs to the period in which it *entered* —
 * a rating when submitted, a sub-case when concluded (COMPLETED/DENIED), a material assessment when
 * its round-1 assessment completed, a sub-case when it first became eligible for commitment, a
 * post-hoc check when concluded — and its later fate (appeal upheld, rectified, deferral used,
 * obligation fulfilled, breach) counts only if it happened before the period's end. The period is
 * half-open, [from, to): consecutive periods neither overlap nor leave gaps. Events at or after
 * `to` are ignored; events before `from` only tell which item and authority a case belongs to and
 * when a case first became eligible. So every rate stays within [0, 1], and a closed period's KPIs
 * do not change when they are recomputed later. Outcomes that come late by nature (post-hoc
 * failures, slow rectifications) show fully only in a longer period.
 *
 * A rate is `null` when its denominator is 0: "no data" is not 0 %.
 *
 * Definitions
 * - satisfactionRate = ratings with score ≥ 3 / ratings. `ratings` leaves out a rating whose
 *   malicious-rating appeal was UPHELD (its last decision before `to`); a DISMISSED one stays.
 * - rectifiedShare = badRectified / badRatings; a bad rating (score 1–2) is rectified when its ticket
 *   reached CLOSED or APPLICANT_SATISFIED. meanWorkingDaysToRectify = mean working days from the
 *   ticket's first OPENED to that step, by the injected calendar (the day of opening not counted).
 * - onTimeRate = completedOnTime / concluded: on time when elapsedWorkingDays ≤ promisedTimeLimitDays
 *   (elapsed already leaves out paused days). A conclusion without both numbers is not on time: the
 *   office must show it kept its promise. meanProcessingWorkingDays is over conclusions that carry
 *   elapsedWorkingDays.
 * - exemptionRate = materialsExempt / materialsRequired over round-1 assessments only (later rounds
 *   re-verify the same materials and would count them twice). Exempt = outcome EXEMPT.
 * - commitmentUsageRate = commitmentUsed / subCasesEligibleForCommitment. Eligible: an assessment
 *   with decision DEFERRABLE_GAPS_ONLY, commitment allowed for the item and no blocking credit
 *   record — signing was all it took. Used: a deferral was granted for it.
 * - fulfilmentRate = obligationsFulfilled / obligations, over the obligations granted to the used
 *   sub-cases. Fulfilled = VERIFIED or CASEWORKER_ACCEPTED; a WAIVED obligation no longer binds the
 *   applicant and leaves the count altogether.
 * - breachRate = breaches / commitmentUsed: used sub-cases with a breach declared (any cause).
 * - postHocFailureRate = postHocFailed / postHocChecks over checks concluded in the period.
 */
export interface KpiRow {
  group: string;
  ratings: number;
  satisfactionRate: number | null;
  badRatings: number;
  badRectified: number;
  rectifiedShare: number | null;
  meanWorkingDaysToRectify: number | null;
  concluded: number;
  completedOnTime: number;
  onTimeRate: number | null;
  meanProcessingWorkingDays: number | null;
  materialsRequired: number;
  materialsExempt: number;
  exemptionRate: number | null;
  subCasesEligibleForCommitment: number;
  commitmentUsed: number;
  commitmentUsageRate: number | null;
  obligations: number;
  obligationsFulfilled: number;
  fulfilmentRate: number | null;
  breaches: number;
  breachRate: number | null;
  postHocChecks: number;
  postHocFailed: number;
  postHocFailureRate: number | null;
}

export type KpiGroupBy = 'authority' | 'item' | 'none';

export interface KpiPeriod {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** What the KPI fold needs of the working-day calendar (`WorkingDayCalendar` from `@app/calendar` fits). */
export type KpiCalendar = Pick<WorkingDayCalendar, 'workingDaysElapsed'>;

/** The single row's group when `groupBy` is 'none'. */
export const ALL_GROUP = 'ALL';
/** Group of a subject whose item or authority no event in the stream tells. */
export const UNRESOLVED_GROUP = '(unresolved)';

interface CaseRef {
  itemCode?: string;
  authority?: string;
}

interface Tally {
  ratings: number;
  satisfied: number;
  badRatings: number;
  badRectified: number;
  rectifyDays: number[];
  concluded: number;
  completedOnTime: number;
  processingDays: number[];
  materialsRequired: number;
  materialsExempt: number;
  eligible: number;
  used: number;
  obligations: number;
  fulfilled: number;
  breaches: number;
  postHocChecks: number;
  postHocFailed: number;
}

interface Timed {
  event: TypedEnvelope;
  at: number;
}

/** Shared by the partial folds: the time window, the case index and the tallies per group. */
class KpiFold {
  private readonly tallies = new Map<string, Tally>();

  constructor(
    readonly events: readonly Timed[],
    private readonly from: number,
    private readonly to: number,
    private readonly groupBy: KpiGroupBy,
    private readonly cases: ReadonlyMap<string, CaseRef>,
  ) {}

  inPeriod(at: number): boolean {
    return at >= this.from && at < this.to;
  }

  beforeEnd(at: number): boolean {
    return at < this.to;
  }

  /** Group of a subject; what the event itself lacks is looked up by its case. */
  groupOf(own: CaseRef, caseId: string | undefined): string {
    if (this.groupBy === 'none') return ALL_GROUP;
    const indexed = caseId === undefined ? undefined : this.cases.get(caseId);
    const key =
      this.groupBy === 'authority'
        ? (own.authority ?? indexed?.authority)
        : (own.itemCode ?? indexed?.itemCode);
    return key ?? UNRESOLVED_GROUP;
  }

  tally(group: string): Tally {
    let tally = this.tallies.get(group);
    if (tally === undefined) {
      tally = emptyTally();
      this.tallies.set(group, tally);
    }
    return tally;
  }

  rows(): KpiRow[] {
    if (this.groupBy === 'none') this.tally(ALL_GROUP);
    return [...this.tallies.entries()]
      .sort(([a], [b]) => compareGroups(a, b))
      .map(([group, tally]) => toRow(group, tally));
  }
}

/**
 * Folds the events into one KPI row per group (authority, item code, or a single 'ALL' row). Rows are
 * sorted by group, the unresolved group last. Duplicate deliveries (same event id) count once. The
 * input order does not matter: events are taken in `occurredAt` order.
 */
export function computeKpis(
  events: readonly TypedEnvelope[],
  period: KpiPeriod,
  groupBy: KpiGroupBy,
  calendar: KpiCalendar,
): KpiRow[] {
  const { from, to } = checkedPeriod(period);
  const timed = orderedUnique(events);
  const fold = new KpiFold(timed, from, to, groupBy, indexCases(timed));
  foldRatings(fold, calendar);
  foldConclusions(fold);
  foldMaterials(fold);
  foldCommitments(fold);
  foldPostHocChecks(fold);
  return fold.rows();
}

function checkedPeriod(period: KpiPeriod): { from: number; to: number } {
  const from = period.from.getTime();
  const to = period.to.getTime();
  if (Number.isNaN(from) || Number.isNaN(to) || from >= to) {
    throw new EvaluationRuleError('KPI.INVALID_PERIOD', {
      zh: '统计期间无效：开始时间必须早于结束时间',
      en: 'Invalid KPI period: `from` must be before `to`',
    });
  }
  return { from, to };
}

/** At-least-once delivery repeats events; an event with an unreadable time can belong to no period. */
function orderedUnique(events: readonly TypedEnvelope[]): Timed[] {
  const seen = new Set<string>();
  const timed: Timed[] = [];
  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const at = Date.parse(event.occurredAt);
    if (!Number.isNaN(at)) timed.push({ event, at });
  }
  // Array.prototype.sort is stable: same-instant events keep their stream order.
  return timed.sort((a, b) => a.at - b.at);
}

/**
 * caseId → item and authority, from every event that names them. Built over the whole stream, not
 * only earlier events: events on different topics are not ordered relative to each other, so an
 * obligation event may arrive before the assessment that names its item.
 */
function indexCases(events: readonly Timed[]): Map<string, CaseRef> {
  const cases = new Map<string, CaseRef>();
  const note = (caseId: string | undefined, ref: CaseRef): void => {
    if (caseId === undefined) return;
    const known = cases.get(caseId) ?? {};
    cases.set(caseId, {
      itemCode: known.itemCode ?? ref.itemCode,
      authority: known.authority ?? ref.authority,
    });
  };
  for (const { event } of events) {
    switch (event.type) {
      case 'intake.application.filed':
        for (const subCase of event.payload.subCases) note(subCase.caseId, subCase);
        break;
      case 'intake.subcase.verification-requested':
      case 'intake.subcase.transitioned':
      case 'verification.assessment.completed':
      case 'commitment.posthoc.sampled':
        note(event.payload.caseId, event.payload);
        break;
      case 'evaluation.rating.submitted':
        note(event.payload.caseId ?? event.caseId, event.payload);
        break;
      default:
        break;
    }
  }
  return cases;
}

interface RatingFacts {
  group: string;
  score: number;
  upheld: boolean;
  openedAt?: number;
  rectifiedAt?: number;
}

function foldRatings(fold: KpiFold, calendar: KpiCalendar): void {
  const ratings = new Map<string, RatingFacts>();
  for (const { event, at } of fold.events) {
    if (!fold.beforeEnd(at)) break;
    if (event.type === 'evaluation.rating.submitted') {
      const { ratingId, score } = event.payload;
      if (!fold.inPeriod(at) || ratings.has(ratingId) || !isRatingScore(score)) continue;
      ratings.set(ratingId, {
        group: fold.groupOf(event.payload, event.payload.caseId ?? event.caseId),
        score,
        upheld: false,
      });
    } else if (event.type === 'evaluation.appeal.progressed') {
      const rating = ratings.get(event.payload.ratingId);
      // The last decision counts: a supervisor may reverse an earlier one.
      if (rating !== undefined && event.payload.step !== 'FILED')
        rating.upheld = event.payload.step === 'UPHELD';
    } else if (event.type === 'evaluation.rectification.progressed') {
      const rating = ratings.get(event.payload.ratingId);
      if (rating === undefined) continue;
      if (event.payload.step === 'OPENED') rating.openedAt ??= at;
      else if (event.payload.step === 'CLOSED' || event.payload.step === 'APPLICANT_SATISFIED')
        rating.rectifiedAt ??= at;
    }
  }
  for (const rating of ratings.values()) {
    if (rating.upheld) continue;
    const tally = fold.tally(rating.group);
    tally.ratings += 1;
    if (rating.score >= 3) tally.satisfied += 1;
    if (rating.score > 2) continue;
    tally.badRatings += 1;
    if (rating.rectifiedAt === undefined) continue;
    tally.badRectified += 1;
    if (rating.openedAt !== undefined) {
      tally.rectifyDays.push(
        calendar.workingDaysElapsed(new Date(rating.openedAt), new Date(rating.rectifiedAt), []),
      );
    }
  }
}

function foldConclusions(fold: KpiFold): void {
  const concluded = new Set<string>();
  for (const { event, at } of fold.events) {
    if (event.type !== 'intake.subcase.transitioned' || !fold.inPeriod(at)) continue;
    const { caseId, to, elapsedWorkingDays, promisedTimeLimitDays } = event.payload;
    if ((to !== 'COMPLETED' && to !== 'DENIED') || concluded.has(caseId)) continue;
    concluded.add(caseId);
    const tally = fold.tally(fold.groupOf(event.payload, caseId));
    tally.concluded += 1;
    if (elapsedWorkingDays === undefined) continue;
    tally.processingDays.push(elapsedWorkingDays);
    if (promisedTimeLimitDays !== undefined && elapsedWorkingDays <= promisedTimeLimitDays)
      tally.completedOnTime += 1;
  }
}

function foldMaterials(fold: KpiFold): void {
  const assessed = new Set<string>();
  for (const { event, at } of fold.events) {
    if (event.type !== 'verification.assessment.completed' || event.payload.round !== 1 || !fold.inPeriod(at))
      continue;
    const { caseId, materials } = event.payload;
    if (assessed.has(caseId)) continue;
    assessed.add(caseId);
    const tally = fold.tally(fold.groupOf(event.payload, caseId));
    tally.materialsRequired += materials.length;
    tally.materialsExempt += materials.filter((material) => material.outcome === 'EXEMPT').length;
  }
}

interface CommitmentFacts {
  group: string;
  eligibleAt: number;
  used: boolean;
  breached: boolean;
  obligations: Set<string>;
}

function foldCommitments(fold: KpiFold): void {
  const cases = new Map<string, CommitmentFacts>();
  const fulfilled = new Set<string>();
  const waived = new Set<string>();
  for (const { event, at } of fold.events) {
    if (!fold.beforeEnd(at)) break;
    switch (event.type) {
      case 'verification.assessment.completed': {
        const { caseId, decision, commitmentAllowed, blockingCreditRecordId } = event.payload;
        const eligible =
          decision === 'DEFERRABLE_GAPS_ONLY' && commitmentAllowed && blockingCreditRecordId === undefined;
        if (eligible && !cases.has(caseId)) {
          cases.set(caseId, {
            group: fold.groupOf(event.payload, caseId),
            eligibleAt: at,
            used: false,
            breached: false,
            obligations: new Set(),
          });
        }
        break;
      }
      case 'commitment.deferral.granted': {
        const facts = cases.get(event.payload.caseId);
        if (facts === undefined) break;
        facts.used = true;
        for (const obligation of event.payload.obligations) facts.obligations.add(obligation.obligationId);
        break;
      }
      case 'commitment.obligation.fulfilled':
        (event.payload.how === 'WAIVED' ? waived : fulfilled).add(event.payload.obligationId);
        break;
      case 'commitment.breach.declared': {
        const facts = cases.get(event.payload.caseId);
        if (facts !== undefined) facts.breached = true;
        break;
      }
      default:
        break;
    }
  }
  for (const facts of cases.values()) {
    if (!fold.inPeriod(facts.eligibleAt)) continue;
    const tally = fold.tally(facts.group);
    tally.eligible += 1;
    if (!facts.used) continue;
    tally.used += 1;
    if (facts.breached) tally.breaches += 1;
    for (const obligationId of facts.obligations) {
      if (waived.has(obligationId)) continue;
      tally.obligations += 1;
      if (fulfilled.has(obligationId)) tally.fulfilled += 1;
    }
  }
}

function foldPostHocChecks(fold: KpiFold): void {
  const concluded = new Set<string>();
  for (const { event, at } of fold.events) {
    if (event.type !== 'commitment.posthoc.concluded' || !fold.inPeriod(at)) continue;
    const { checkId, caseId, result } = event.payload;
    if (concluded.has(checkId)) continue;
    concluded.add(checkId);
    const tally = fold.tally(fold.groupOf({}, caseId));
    tally.postHocChecks += 1;
    if (result === 'FAILED') tally.postHocFailed += 1;
  }
}

function emptyTally(): Tally {
  return {
    ratings: 0,
    satisfied: 0,
    badRatings: 0,
    badRectified: 0,
    rectifyDays: [],
    concluded: 0,
    completedOnTime: 0,
    processingDays: [],
    materialsRequired: 0,
    materialsExempt: 0,
    eligible: 0,
    used: 0,
    obligations: 0,
    fulfilled: 0,
    breaches: 0,
    postHocChecks: 0,
    postHocFailed: 0,
  };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function compareGroups(a: string, b: string): number {
  if (a === b) return 0;
  if (a === UNRESOLVED_GROUP) return 1;
  if (b === UNRESOLVED_GROUP) return -1;
  return a < b ? -1 : 1;
}

function toRow(group: string, t: Tally): KpiRow {
  return {
    group,
    ratings: t.ratings,
    satisfactionRate: ratio(t.satisfied, t.ratings),
    badRatings: t.badRatings,
    badRectified: t.badRectified,
    rectifiedShare: ratio(t.badRectified, t.badRatings),
    meanWorkingDaysToRectify: mean(t.rectifyDays),
    concluded: t.concluded,
    completedOnTime: t.completedOnTime,
    onTimeRate: ratio(t.completedOnTime, t.concluded),
    meanProcessingWorkingDays: mean(t.processingDays),
    materialsRequired: t.materialsRequired,
    materialsExempt: t.materialsExempt,
    exemptionRate: ratio(t.materialsExempt, t.materialsRequired),
    subCasesEligibleForCommitment: t.eligible,
    commitmentUsed: t.used,
    commitmentUsageRate: ratio(t.used, t.eligible),
    obligations: t.obligations,
    obligationsFulfilled: t.fulfilled,
    fulfilmentRate: ratio(t.fulfilled, t.obligations),
    breaches: t.breaches,
    breachRate: ratio(t.breaches, t.used),
    postHocChecks: t.postHocChecks,
    postHocFailed: t.postHocFailed,
    postHocFailureRate: ratio(t.postHocFailed, t.postHocChecks),
  };
}
