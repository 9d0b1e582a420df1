import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { Text } from './common';

export const MATERIAL_OUTCOMES = ['EXEMPT', 'VERIFIED', 'MISMATCH', 'MISSING', 'MANUAL_REVIEW'] as const;
export type MaterialOutcomeName = (typeof MATERIAL_OUTCOMES)[number];

export class Fact {
  @IsString()
  name!: string;

  @IsOptional()
  @IsString()
  declared?: string;

  @IsOptional()
  @IsString()
  source?: string;
}

export class MaterialAssessment {
  @IsString()
  materialCode!: string;

  @IsIn(MATERIAL_OUTCOMES)
  outcome!: MaterialOutcomeName;

  @IsBoolean()
  deferrable!: boolean;

  @IsOptional()
  @IsInt()
  deferralWorkingDays?: number;

  @ValidateNested()
  @Type(() => Text)
  reason!: Text;

  @IsArray()
  @IsString({ each: true })
  evidenceIds!: string[];

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Fact)
  facts?: Fact[];
}

export class CrossCheck {
  @IsString()
  check!: string;

  @IsIn(['PASSED', 'FAILED', 'UNAVAILABLE'])
  result!: 'PASSED' | 'FAILED' | 'UNAVAILABLE';

  @ValidateNested()
  @Type(() => Text)
  reason!: Text;
}

export const ASSESSMENT_DECISIONS = [
  'ALL_CLEAR',
  'DEFERRABLE_GAPS_ONLY',
  'CORRECTION_NEEDED',
  'REJECT',
  'MANUAL_REVIEW',
] as const;
export type AssessmentDecisionName = (typeof ASSESSMENT_DECISIONS)[number];

/**
 * verification.assessment.completed v1 — one per sub-case and verification round. Carries the
 * commitment facts so the commitment service can decide on deferral without another lookup.
 */
export class AssessmentCompletedV1 {
  @IsString()
  caseId!: string;

  @IsInt()
  round!: number;

  @IsString()
  itemCode!: string;

  @IsString()
  authority!: string;

  @IsString()
  uscc!: string;

  @ValidateNested({ each: true })
  @Type(() => MaterialAssessment)
  materials!: MaterialAssessment[];

  @ValidateNested({ each: true })
  @Type(() => CrossCheck)
  crossChecks!: CrossCheck[];

  @IsIn(ASSESSMENT_DECISIONS)
  decision!: AssessmentDecisionName;

  @IsBoolean()
  commitmentSigned!: boolean;

  @IsBoolean()
  commitmentAllowed!: boolean;

  /** Set when the enterprise has an active credit record: the commitment path is closed to it. */
  @IsOptional()
  @IsString()
  blockingCreditRecordId?: string;

  @IsInt()
  postHocSamplingRateBasisPoints!: number;
}

/** verification.supplement.checked v1 — a deferred material supplied later, re-checked. */
export class SupplementCheckedV1 {
  @IsString()
  obligationId!: string;

  @IsString()
  caseId!: string;

  @IsString()
  materialCode!: string;

  @IsIn(['VERIFIED', 'MISMATCH', 'MANUAL_REVIEW'])
  outcome!: 'VERIFIED' | 'MISMATCH' | 'MANUAL_REVIEW';

  @ValidateNested()
  @Type(() => Text)
  reason!: Text;

  @IsArray()
  @IsString({ each: true })
  evidenceIds!: string[];
}
