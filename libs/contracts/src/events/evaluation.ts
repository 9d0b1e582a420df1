import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Reason } from './common';

export const RATING_CHANNELS = ['window', 'online', 'phone'] as const;

/** evaluation.rating.submitted v1 — 好差评, 1 非常不满意 … 5 非常满意. */
export class RatingSubmittedV1 {
  @IsString()
  ratingId!: string;

  @IsIn(['application', 'sub-case', 'interaction'])
  subject!: 'application' | 'sub-case' | 'interaction';

  @IsOptional()
  @IsString()
  caseId?: string;

  @IsOptional()
  @IsString()
  itemCode?: string;

  @IsString()
  authority!: string;

  @IsIn(RATING_CHANNELS)
  channel!: (typeof RATING_CHANNELS)[number];

  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @IsArray()
  @IsString({ each: true })
  tags!: string[];

  @IsOptional()
  @IsString()
  comment?: string;

  @IsString()
  uscc!: string;
}

/** evaluation.rating.supplemented v1 — the one follow-up addition (追评). */
export class RatingSupplementedV1 {
  @IsString()
  ratingId!: string;

  @IsString()
  comment!: string;
}

export const RECTIFICATION_STEPS = [
  'OPENED',
  'CONTACT_RECORDED',
  'RECTIFIED',
  'APPLICANT_SATISFIED',
  'APPLICANT_UNSATISFIED',
  'ESCALATED',
  'CLOSED',
] as const;
export type RectificationStep = (typeof RECTIFICATION_STEPS)[number];

/** evaluation.rectification.progressed v1 — every step of the rectification loop, with its actor. */
export class RectificationProgressedV1 {
  @IsString()
  ticketId!: string;

  @IsString()
  ratingId!: string;

  @IsString()
  authority!: string;

  @IsIn(RECTIFICATION_STEPS)
  step!: RectificationStep;

  @IsOptional()
  @IsString()
  dueDate?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Reason)
  note?: Reason;
}

/** evaluation.appeal.progressed v1 — an office appeals a rating as malicious; a supervisor decides. */
export class AppealProgressedV1 {
  @IsString()
  appealId!: string;

  @IsString()
  ratingId!: string;

  @IsIn(['FILED', 'UPHELD', 'DISMISSED'])
  step!: 'FILED' | 'UPHELD' | 'DISMISSED';

  @ValidateNested()
  @Type(() => Reason)
  reason!: Reason;
}
