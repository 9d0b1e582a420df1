import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, ValidateNested } from 'class-validator';

export class Text {
  @IsString()
  zh!: string;

  @IsString()
  en!: string;
}

export const ASSET_KINDS = ['patent', 'trademark', 'layout-design'] as const;
export type AssetKindName = (typeof ASSET_KINDS)[number];

export class AssetRef {
  @IsIn(ASSET_KINDS)
  kind!: AssetKindName;

  @IsString()
  number!: string;
}

export const SUB_CASE_STATES = [
  'RECEIVED',
  'VERIFYING',
  'ACCEPTED',
  'ACCEPTED_WITH_DEFERRAL',
  'CORRECTION_REQUIRED',
  'REJECTED',
  'WAITING_PREREQUISITE',
  'PROCESSING',
  'COMPLETED',
  'DENIED',
  'CANCELLED',
  'REVOKED',
] as const;
export type SubCaseStateName = (typeof SUB_CASE_STATES)[number];

/** Signed notice-and-commitment (告知承诺书): what was signed is identified by its hash. */
export class CommitmentSignature {
  @IsString()
  textVersion!: string;

  @IsString()
  signerName!: string;

  @IsString()
  signedAt!: string;

  @IsString()
  signedHash!: string;
}

export class Reason {
  @IsString()
  code!: string;

  @ValidateNested()
  @Type(() => Text)
  text!: Text;

  @IsOptional()
  @IsString()
  note?: string;
}
