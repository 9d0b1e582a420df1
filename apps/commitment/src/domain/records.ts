import { createHash } from 'node:crypto';
import type { LocalDate } from '@app/calendar';
import type { CreditRecordTerms, Obligation } from '@app/commitment-rules';
import type { BreachCause, LocalizedText, Reason } from '@app/contracts';

/** Where a sub-case is handled and for whom: carried on everything the desk and the applicant see. */
export interface CaseScope {
  applicationId: string;
  caseId: string;
  uscc: string;
  authority: string;
  itemCode: string;
}

/** A reminder issued to the applicant (催办提醒), readable as a notice. */
export interface IssuedNotice {
  key: string;
  issuedAt: string;
  dueDate: LocalDate;
  workingDaysLeft: number;
  notice: LocalizedText;
}

/** An obligation as the service keeps it: the rule's obligation plus scope and scheduling facts. */
export interface ObligationRecord extends Obligation, CaseScope {
  deferralId: string;
  round: number;
  grantedAt: string;
  /** Real instant at which the due check runs (start of the day after the due date). */
  deadlineAt: string;
  /** Changes only when the due date moves (extension); part of the job ids, so old jobs go stale. */
  scheduleVersion: number;
  /** Keys `<scheduleVersion>:<offset>` of reminders already issued: a reminder is issued once. */
  remindersIssued: string[];
  notices: IssuedNotice[];
  /** The sub-case was revoked because of a breach (of this or another obligation): nothing more to do. */
  caseRevoked: boolean;
  /** Since when the obligation waits in its current state (the desk's "waiting time"). */
  waitingSince: string;
}

export interface BreachRecord {
  cause: BreachCause;
  obligationId?: string;
  reason: Reason;
  creditRecordId: string;
  credit: CreditRecordTerms;
  declaredAt: string;
}

export interface PostHocPlan {
  checkId: string;
  weightBasisPoints: number;
}

/** The answer to one assessment round of one sub-case: granted or refused, decided once. */
export interface DeferralRecord extends CaseScope {
  deferralId: string;
  round: number;
  decision: 'GRANTED' | 'REFUSED';
  decidedAt: string;
  /** The obligations granted, as announced in `commitment.deferral.granted` (empty when refused). */
  granted: Array<{ obligationId: string; materialCode: string; dueDate: LocalDate }>;
  refusal?: { reason: Reason; creditRecordId?: string };
  postHoc?: PostHocPlan;
  ended: boolean;
  breach?: BreachRecord;
}

export interface CreditRecord extends CreditRecordTerms {
  creditRecordId: string;
  uscc: string;
  caseId: string;
  applicationId: string;
}

export type PostHocStatus = 'PENDING' | 'PASSED' | 'FAILED';
export interface PostHocCheck extends CaseScope {
  checkId: string;
  deferralId: string;
  weightBasisPoints: number;
  status: PostHocStatus;
  sampledAt: string;
  findings: LocalizedText[];
  concludedAt?: string;
  concludedBy?: string;
  version: number;
}

function digest(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex').slice(0, 24);
}

/** Deterministic ids: the same assessment delivered twice yields the same documents (idempotency). */
export const ids = {
  deferral: (caseId: string, round: number): string => `DF-${digest(caseId, round)}`,
  obligation: (caseId: string, round: number, materialCode: string): string =>
    `OB-${digest(caseId, round, materialCode)}`,
  postHocCheck: (caseId: string, round: number): string => `PH-${digest('posthoc', caseId, round)}`,
  creditRecord: (deferralId: string): string => `CR-${digest('credit', deferralId)}`,
};
