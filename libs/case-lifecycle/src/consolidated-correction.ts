import type { AssessmentDecisionName, Deficiency, SubCaseStateName } from '@app/contracts';

export type DeferralDecision = 'GRANTED' | 'REFUSED' | 'PENDING';

/** One sub-case's verification result in the round (from `verification.assessment.completed`). */
export interface RoundAssessment {
  decision: AssessmentDecisionName;
  deficiencies: readonly Deficiency[];
  /**
   * The applicant signed the commitment. Then the commitment service answers every
   * DEFERRABLE_GAPS_ONLY assessment with a grant or a refusal, and the round waits for it.
   */
  commitmentSigned: boolean;
}

/** One verification round of an application: every sub-case sent to verification together. */
export interface VerificationRound {
  expectedCaseIds: readonly string[];
  assessments: ReadonlyMap<string, RoundAssessment>;
  deferralDecisions: ReadonlyMap<string, DeferralDecision>;
  /** Set once the round's notice went out: a redelivered assessment must not produce a second one. */
  issuedNoticeId?: string;
}

export type PendingCause = 'ASSESSMENT' | 'MANUAL_REVIEW' | 'DEFERRAL_DECISION';

/** Where each sub-case of the round goes once the round is decided. */
export interface RoundOutcome {
  caseId: string;
  to: Extract<SubCaseStateName, 'ACCEPTED' | 'ACCEPTED_WITH_DEFERRAL' | 'CORRECTION_REQUIRED' | 'REJECTED'>;
}

export type CorrectionDecision =
  | { kind: 'WAIT'; pending: { caseId: string; cause: PendingCause }[] }
  | { kind: 'ALREADY_NOTIFIED'; noticeId: string }
  | { kind: 'NOTICE'; deficiencies: Deficiency[]; affectedCaseIds: string[]; outcomes: RoundOutcome[] }
  | { kind: 'NO_NOTICE'; outcomes: RoundOutcome[] };

/**
 * 一次性告知: the round is decided only when everything knowable in it is known — every sub-case
 * assessed (manual review counts as not yet assessed) and every requested deferral granted or
 * refused. Then one notice lists every deficiency of every sub-case needing correction, in
 * `expectedCaseIds` order; deferrable gaps count as deficiencies unless their deferral was granted.
 * Rejected sub-cases are not in the notice: nothing the applicant supplies can cure them.
 */
export function correctionDecision(round: VerificationRound): CorrectionDecision {
  if (round.issuedNoticeId !== undefined) return { kind: 'ALREADY_NOTIFIED', noticeId: round.issuedNoticeId };
  const caseIds = [...new Set(round.expectedCaseIds)];
  const pending: { caseId: string; cause: PendingCause }[] = [];
  const outcomes: RoundOutcome[] = [];
  const deficiencies: Deficiency[] = [];
  for (const caseId of caseIds) {
    const assessment = round.assessments.get(caseId);
    const deferral = round.deferralDecisions.get(caseId);
    if (!assessment) {
      pending.push({ caseId, cause: 'ASSESSMENT' });
      continue;
    }
    const cause = pendingCause(assessment, deferral);
    if (cause) {
      pending.push({ caseId, cause });
      continue;
    }
    const to = outcomeOf(assessment, deferral);
    outcomes.push({ caseId, to });
    if (to === 'CORRECTION_REQUIRED') deficiencies.push(...assessment.deficiencies);
  }
  if (pending.length > 0) return { kind: 'WAIT', pending };
  const affectedCaseIds = outcomes.filter((o) => o.to === 'CORRECTION_REQUIRED').map((o) => o.caseId);
  if (affectedCaseIds.length === 0) return { kind: 'NO_NOTICE', outcomes };
  return { kind: 'NOTICE', deficiencies, affectedCaseIds, outcomes };
}

function pendingCause(
  assessment: RoundAssessment,
  deferral: DeferralDecision | undefined,
): PendingCause | undefined {
  if (assessment.decision === 'MANUAL_REVIEW') return 'MANUAL_REVIEW';
  const awaitsDeferral = assessment.decision === 'DEFERRABLE_GAPS_ONLY' && assessment.commitmentSigned;
  if (awaitsDeferral && (deferral === undefined || deferral === 'PENDING')) return 'DEFERRAL_DECISION';
  return undefined;
}

function outcomeOf(assessment: RoundAssessment, deferral: DeferralDecision | undefined): RoundOutcome['to'] {
  switch (assessment.decision) {
    case 'ALL_CLEAR':
      return 'ACCEPTED';
    case 'DEFERRABLE_GAPS_ONLY':
      return assessment.commitmentSigned && deferral === 'GRANTED'
        ? 'ACCEPTED_WITH_DEFERRAL'
        : 'CORRECTION_REQUIRED';
    case 'REJECT':
      return 'REJECTED';
    case 'CORRECTION_NEEDED':
    case 'MANUAL_REVIEW': // never reached: a manual review keeps the round waiting
      return 'CORRECTION_REQUIRED';
  }
}
