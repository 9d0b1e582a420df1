import type { LocalDate } from '@app/calendar';
import {
  deferralEligibility,
  isSampled,
  obligationDueDate,
  type MissingMaterial,
} from '@app/commitment-rules';
import { DomainError, type AssessmentCompletedV1, type Reason } from '@app/contracts';
import type { ObligationClock } from './clock';
import { ids } from './records';

export interface GrantedMaterial {
  obligationId: string;
  materialCode: string;
  dueDate: LocalDate;
}

export type DeferralDecision =
  | { kind: 'NOT_APPLICABLE' }
  | {
      kind: 'GRANTED';
      obligations: GrantedMaterial[];
      postHoc?: { checkId: string; weightBasisPoints: number };
    }
  | { kind: 'REFUSED'; reason: Reason; creditRecordId?: string };

export interface DeferralContext {
  clock: ObligationClock;
  now: Date;
  /** The enterprise's active credit record known to this service, if any. */
  activeCreditRecordId?: string;
  /** Earlier credit records of the enterprise (active or expired): the sampling risk factor. */
  priorCreditRecords: number;
  posthocSeed: string;
}

/** Only a DEFERRABLE_GAPS_ONLY assessment with a signed commitment asks for an answer. */
export function asksForDeferral(
  assessment: Pick<AssessmentCompletedV1, 'decision' | 'commitmentSigned'>,
): boolean {
  return assessment.decision === 'DEFERRABLE_GAPS_ONLY' && assessment.commitmentSigned;
}

/**
 * 容缺受理 for one assessment round: one obligation per missing deferrable material, due after its own
 * number of working days; otherwise a refusal naming the reason (and the blocking credit record). A granted
 * case is drawn for post-hoc verification with the published seed, risk-weighted by past records.
 */
export function decideDeferral(assessment: AssessmentCompletedV1, ctx: DeferralContext): DeferralDecision {
  if (!asksForDeferral(assessment)) return { kind: 'NOT_APPLICABLE' };
  const missing: MissingMaterial[] = assessment.materials
    .filter((m) => m.outcome === 'MISSING')
    .map((m) => ({
      materialCode: m.materialCode,
      deferrable: m.deferrable,
      deferralWorkingDays: m.deferralWorkingDays,
    }));
  const blockingCreditRecordId = ctx.activeCreditRecordId ?? assessment.blockingCreditRecordId;
  let eligibility;
  try {
    eligibility = deferralEligibility({
      decision: assessment.decision,
      commitmentSigned: assessment.commitmentSigned,
      commitmentAllowed: assessment.commitmentAllowed,
      blockingCreditRecordId,
      missing,
    });
  } catch (e) {
    // A catalogue defect (no valid deferral period) must still get an answer, or intake waits forever.
    if (e instanceof DomainError) return { kind: 'REFUSED', reason: { code: e.code, text: e.text } };
    throw e;
  }
  if (!eligibility.eligible) {
    const creditRecordId =
      eligibility.reason.code === 'COMMITMENT.CREDIT_RECORD_ACTIVE' ? blockingCreditRecordId : undefined;
    return {
      kind: 'REFUSED',
      reason: { code: eligibility.reason.code, text: eligibility.reason.text },
      ...(creditRecordId ? { creditRecordId } : {}),
    };
  }
  const obligations = missing.map((m) => ({
    obligationId: ids.obligation(assessment.caseId, assessment.round, m.materialCode),
    materialCode: m.materialCode,
    // deferralEligibility has checked the days are a positive integer for every deferrable material.
    dueDate: obligationDueDate(ctx.clock.calendar, ctx.now, m.deferralWorkingDays ?? 0),
  }));
  const draw = isSampled({
    seed: ctx.posthocSeed,
    caseId: assessment.caseId,
    baseRateBasisPoints: Math.max(0, Math.min(10_000, assessment.postHocSamplingRateBasisPoints)),
    priorCreditRecords: ctx.priorCreditRecords,
  });
  return {
    kind: 'GRANTED',
    obligations,
    ...(draw.sampled
      ? {
          postHoc: {
            checkId: ids.postHocCheck(assessment.caseId, assessment.round),
            weightBasisPoints: draw.weightBasisPoints,
          },
        }
      : {}),
  };
}
