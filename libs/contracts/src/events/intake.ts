import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { AssetRef, CommitmentSignature, Reason, SUB_CASE_STATES, SubCaseStateName, Text } from './common';

/** Material requirement of one sub-case, as the catalogue version of the application defines it. */
export class RequiredMaterial {
  @IsString()
  code!: string;

  @ValidateNested()
  @Type(() => Text)
  name!: Text;

  /** Data-sharing proofs: non-empty means the material is exempt from submission. */
  @IsArray()
  @IsString({ each: true })
  provableBy!: string[];

  @IsArray()
  @IsString({ each: true })
  provableFacts!: string[];

  @IsBoolean()
  deferrable!: boolean;

  @IsOptional()
  @IsInt()
  deferralWorkingDays?: number;
}

export class SubmittedMaterial {
  @IsString()
  materialCode!: string;

  @IsString()
  documentId!: string;

  @IsString()
  sha256!: string;
}

export class SubCaseOpened {
  @IsString()
  caseId!: string;

  @IsString()
  key!: string;

  @IsString()
  itemCode!: string;

  @IsString()
  authority!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => AssetRef)
  asset?: AssetRef;

  @IsArray()
  @IsString({ each: true })
  prerequisites!: string[];

  @IsInt()
  promisedTimeLimitDays!: number;

  @IsInt()
  legalTimeLimitDays!: number;

  @IsBoolean()
  commitmentAllowed!: boolean;

  @ValidateNested({ each: true })
  @Type(() => RequiredMaterial)
  materials!: RequiredMaterial[];
}

export class LegalRepresentativeRef {
  @IsString()
  name!: string;

  /** Masked for display (110101********123X). The full number never travels in an event. */
  @IsString()
  idNumberMasked!: string;

  /** HMAC of the ID number: lets verification compare it with the registry without seeing it. */
  @IsString()
  idNumberDigest!: string;
}

/** intake.application.filed v1 — one bundled application (一表申请) and its fan-out into sub-cases. */
export class ApplicationFiledV1 {
  @IsString()
  uscc!: string;

  @IsString()
  enterpriseName!: string;

  @IsString()
  bundleCode!: string;

  @IsInt()
  catalogueVersion!: number;

  @IsIn(['online', 'window', 'phone'])
  channel!: 'online' | 'window' | 'phone';

  @ValidateNested()
  @Type(() => LegalRepresentativeRef)
  legalRepresentative!: LegalRepresentativeRef;

  @IsBoolean()
  agentAppointed!: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => CommitmentSignature)
  commitment?: CommitmentSignature;

  /** Form values relevant to verification (newName, oldName, newAddress …). */
  @Type(() => Object)
  formValues!: Record<string, string | number | boolean>;

  @ValidateNested({ each: true })
  @Type(() => SubmittedMaterial)
  materials!: SubmittedMaterial[];

  @ValidateNested({ each: true })
  @Type(() => SubCaseOpened)
  subCases!: SubCaseOpened[];
}

/**
 * intake.subcase.verification-requested v1 — self-sufficient: carries everything verification
 * needs, because events on different topics are not ordered relative to each other.
 */
export class VerificationRequestedV1 {
  @IsString()
  caseId!: string;

  @IsInt()
  @Min(1)
  round!: number;

  @IsString()
  itemCode!: string;

  @IsString()
  authority!: string;

  @IsString()
  uscc!: string;

  @IsString()
  enterpriseName!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => AssetRef)
  asset?: AssetRef;

  @ValidateNested()
  @Type(() => LegalRepresentativeRef)
  legalRepresentative!: LegalRepresentativeRef;

  @Type(() => Object)
  formValues!: Record<string, string | number | boolean>;

  @ValidateNested({ each: true })
  @Type(() => RequiredMaterial)
  materials!: RequiredMaterial[];

  @ValidateNested({ each: true })
  @Type(() => SubmittedMaterial)
  submitted!: SubmittedMaterial[];

  @IsBoolean()
  commitmentSigned!: boolean;

  @IsBoolean()
  commitmentAllowed!: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => CommitmentSignature)
  commitment?: CommitmentSignature;

  @IsInt()
  postHocSamplingRateBasisPoints!: number;
}

/** intake.subcase.transitioned v1 — every state change of a sub-case; the reducers replay these. */
export class SubCaseTransitionedV1 {
  @IsString()
  caseId!: string;

  @IsString()
  itemCode!: string;

  @IsString()
  authority!: string;

  @IsIn(SUB_CASE_STATES)
  from!: SubCaseStateName;

  @IsIn(SUB_CASE_STATES)
  to!: SubCaseStateName;

  @IsOptional()
  @ValidateNested()
  @Type(() => Reason)
  reason?: Reason;

  /** Working days used so far, paused days excluded (set on terminal states). */
  @IsOptional()
  @IsInt()
  elapsedWorkingDays?: number;

  @IsOptional()
  @IsInt()
  pausedWorkingDays?: number;

  @IsOptional()
  @IsInt()
  promisedTimeLimitDays?: number;
}

export class Deficiency {
  @IsString()
  caseId!: string;

  @IsString()
  materialCode!: string;

  @IsIn(['MISSING', 'MISMATCH', 'CROSS_CHECK'])
  kind!: 'MISSING' | 'MISMATCH' | 'CROSS_CHECK';

  @ValidateNested()
  @Type(() => Text)
  reason!: Text;
}

/** intake.correction.notice-issued v1 — one consolidated notice (一次性告知) for the whole application. */
export class CorrectionNoticeIssuedV1 {
  @IsString()
  noticeId!: string;

  @ValidateNested({ each: true })
  @Type(() => Deficiency)
  deficiencies!: Deficiency[];

  @IsArray()
  @IsString({ each: true })
  affectedCaseIds!: string[];
}

/** intake.correction.submitted v1 — the applicant answered the notice once. */
export class CorrectionSubmittedV1 {
  @IsString()
  noticeId!: string;

  @ValidateNested({ each: true })
  @Type(() => SubmittedMaterial)
  materials!: SubmittedMaterial[];
}

/** intake.subcase.dispatched v1 — handed to the linked registration process of its authority. */
export class SubCaseDispatchedV1 {
  @IsString()
  caseId!: string;

  @IsString()
  authority!: string;

  @IsString()
  dispatchKey!: string;

  @IsInt()
  attempt!: number;
}

/** intake.application.withdrawn v1 */
export class ApplicationWithdrawnV1 {
  @ValidateNested()
  @Type(() => Reason)
  reason!: Reason;

  @IsArray()
  @IsString({ each: true })
  cancelledCaseIds!: string[];
}
