import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { Reason, Text } from './common';

export class GrantedObligation {
  @IsString()
  obligationId!: string;

  @IsString()
  materialCode!: string;

  /** Local date (UTC+8) by which the material is due, counted in working days. */
  @IsString()
  dueDate!: string;
}

/** commitment.deferral.granted v1 — 容缺受理: accepted with deferrable materials outstanding. */
export class DeferralGrantedV1 {
  @IsString()
  caseId!: string;

  @IsInt()
  round!: number;

  @IsString()
  uscc!: string;

  @ValidateNested({ each: true })
  @Type(() => GrantedObligation)
  obligations!: GrantedObligation[];
}

/** commitment.deferral.refused v1 — the gaps must be corrected instead (reason says why). */
export class DeferralRefusedV1 {
  @IsString()
  caseId!: string;

  @IsInt()
  round!: number;

  @ValidateNested()
  @Type(() => Reason)
  reason!: Reason;

  @IsOptional()
  @IsString()
  creditRecordId?: string;
}

export class ObligationRef {
  @IsString()
  obligationId!: string;

  @IsString()
  caseId!: string;

  @IsString()
  materialCode!: string;
}

/** commitment.obligation.reminder-issued v1 */
export class ObligationReminderIssuedV1 extends ObligationRef {
  @IsString()
  dueDate!: string;

  @IsInt()
  workingDaysLeft!: number;

  @ValidateNested()
  @Type(() => Text)
  notice!: Text;
}

/** commitment.obligation.supplement-submitted v1 — verification re-checks it. */
export class SupplementSubmittedV1 extends ObligationRef {
  @IsString()
  documentId!: string;

  @IsString()
  sha256!: string;

  @IsString()
  uscc!: string;
}

/** commitment.obligation.fulfilled v1 */
export class ObligationFulfilledV1 extends ObligationRef {
  @IsIn(['VERIFIED', 'CASEWORKER_ACCEPTED', 'WAIVED'])
  how!: 'VERIFIED' | 'CASEWORKER_ACCEPTED' | 'WAIVED';

  @IsOptional()
  @ValidateNested()
  @Type(() => Reason)
  reason?: Reason;
}

/** commitment.obligation.updated v1 — resubmission requested, deadline extended, supplement refused. */
export class ObligationUpdatedV1 extends ObligationRef {
  @IsIn(['RESUBMISSION_REQUESTED', 'EXTENDED', 'SUPPLEMENT_REFUSED'])
  change!: 'RESUBMISSION_REQUESTED' | 'EXTENDED' | 'SUPPLEMENT_REFUSED';

  @IsString()
  dueDate!: string;

  @ValidateNested()
  @Type(() => Reason)
  reason!: Reason;
}

/** commitment.deferral.ended v1 — every obligation of the sub-case fulfilled or waived. */
export class DeferralEndedV1 {
  @IsString()
  caseId!: string;
}

export const BREACH_CAUSES = ['DEADLINE_MISSED', 'DECLARED', 'POST_HOC_FAILED'] as const;
export type BreachCause = (typeof BREACH_CAUSES)[number];

/** commitment.breach.declared v1 — intake revokes the sub-case; the saga cancels dependents. */
export class BreachDeclaredV1 {
  @IsString()
  caseId!: string;

  @IsString()
  uscc!: string;

  @IsIn(BREACH_CAUSES)
  cause!: BreachCause;

  @IsOptional()
  @IsString()
  obligationId?: string;

  @ValidateNested()
  @Type(() => Reason)
  reason!: Reason;
}

/** commitment.credit.recorded v1 — 信用记录 against the enterprise (reason, severity, validity). */
export class CreditRecordedV1 {
  @IsString()
  creditRecordId!: string;

  @IsString()
  uscc!: string;

  @IsString()
  caseId!: string;

  @IsIn(BREACH_CAUSES)
  cause!: BreachCause;

  @IsIn(['MINOR', 'SERIOUS'])
  severity!: 'MINOR' | 'SERIOUS';

  @IsString()
  startsAt!: string;

  @IsString()
  expiresAt!: string;

  @ValidateNested()
  @Type(() => Text)
  reason!: Text;
}

/** commitment.posthoc.sampled v1 — 事后核查 selected this sub-case. */
export class PostHocSampledV1 {
  @IsString()
  checkId!: string;

  @IsString()
  caseId!: string;

  @IsString()
  itemCode!: string;

  @IsString()
  authority!: string;

  @IsInt()
  weightBasisPoints!: number;
}

/** commitment.posthoc.concluded v1 */
export class PostHocConcludedV1 {
  @IsString()
  checkId!: string;

  @IsString()
  caseId!: string;

  @IsIn(['PASSED', 'FAILED'])
  result!: 'PASSED' | 'FAILED';

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Text)
  findings!: Text[];
}
