import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class AssetsDto {
  @ApiPropertyOptional({ example: ['ZL202310012345.6'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  patents?: string[];

  @ApiPropertyOptional({ example: ['12345678'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  trademarks?: string[];

  @ApiPropertyOptional({ example: ['BS.235001234'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  layoutDesigns?: string[];
}

export class NoticeRequestDto {
  @ApiProperty({ type: AssetsDto })
  @ValidateNested()
  @Type(() => AssetsDto)
  assets!: AssetsDto;

  @ApiProperty({ example: false })
  @IsBoolean()
  agentAppointed!: boolean;

  @ApiPropertyOptional({ description: '已决定签署告知承诺 (true) / 不签署 (false) / 未决定 (省略)' })
  @IsOptional()
  @IsBoolean()
  commitmentSigned?: boolean;
}

export class LegalRepresentativeDto {
  @ApiProperty({ example: '张伟' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({ example: '11010119800101001X', description: 'GB 11643 居民身份证号码（只保存掩码与摘要）' })
  @IsString()
  @Length(1, 30)
  idNumber!: string;
}

export class ContactDto {
  @ApiProperty({ example: '李娜' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiProperty({ example: '13800138000' })
  @IsString()
  @Matches(/^[0-9+\-() ]{5,20}$/)
  phone!: string;
}

export class AgentDto {
  @ApiProperty({ example: '王强' })
  @IsString()
  @Length(1, 50)
  name!: string;

  @ApiPropertyOptional({ example: '北京某某知识产权代理有限公司' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  organisation?: string;
}

export class MaterialRefDto {
  @ApiProperty({ example: 'SHAREHOLDERS_RESOLUTION' })
  @IsString()
  @Length(1, 64)
  materialCode!: string;

  @ApiProperty({ example: '01J9Z3Q6M5X8V2K7N4B1C0D9E8' })
  @IsString()
  @Length(1, 64)
  documentId!: string;
}

export class CommitmentDto {
  @ApiProperty({ example: 'CNIPA-COMMITMENT-2024-1' })
  @IsString()
  @Length(1, 64)
  textVersion!: string;

  @ApiProperty({ example: '张伟' })
  @IsString()
  @Length(1, 50)
  signerName!: string;

  @ApiProperty({ example: '2026-11-20T09:30:00+08:00' })
  @IsISO8601()
  signedAt!: string;

  @ApiProperty({ example: 'a3f1…(sha256 hex)' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/)
  signedHash!: string;
}

export class FileApplicationDto {
  @ApiProperty({ example: '91110108MA01ABCDE5', description: 'GB 32100-2015 统一社会信用代码' })
  @IsString()
  @Length(1, 30)
  uscc!: string;

  @ApiProperty({ example: '北京星河科技有限公司' })
  @IsString()
  @Length(1, 100)
  enterpriseName!: string;

  @ApiProperty({ type: LegalRepresentativeDto })
  @ValidateNested()
  @Type(() => LegalRepresentativeDto)
  legalRepresentative!: LegalRepresentativeDto;

  @ApiProperty({ type: ContactDto })
  @ValidateNested()
  @Type(() => ContactDto)
  contact!: ContactDto;

  @ApiPropertyOptional({ type: AgentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgentDto)
  agent?: AgentDto;

  @ApiProperty({ example: 'ENTERPRISE_NAME_CHANGE' })
  @IsString()
  @Length(1, 64)
  bundleCode!: string;

  @ApiPropertyOptional({ type: AssetsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AssetsDto)
  assets?: AssetsDto;

  @ApiProperty({ example: { oldName: '北京星河科技有限公司', newName: '北京星河智能科技有限公司' } })
  @IsObject()
  formValues!: Record<string, unknown>;

  @ApiProperty({ type: [MaterialRefDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MaterialRefDto)
  materials!: MaterialRefDto[];

  @ApiPropertyOptional({ type: CommitmentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommitmentDto)
  commitment?: CommitmentDto;

  @ApiPropertyOptional({
    example: 1,
    description: '填报依据的清单版本；不是当前版本则 409 CATALOGUE.STALE_VERSION',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  catalogueVersion?: number;

  @ApiPropertyOptional({ enum: ['online', 'window', 'phone'] })
  @IsOptional()
  @IsIn(['online', 'window', 'phone'])
  channel?: 'online' | 'window' | 'phone';
}

export class CorrectionDto {
  @ApiProperty()
  @IsString()
  @Length(1, 64)
  noticeId!: string;

  @ApiProperty({ type: [MaterialRefDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MaterialRefDto)
  materials!: MaterialRefDto[];
}

export class WithdrawDto {
  @ApiPropertyOptional({ example: '企业决定暂缓变更' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class DispatchResultDto {
  @ApiProperty()
  @IsString()
  @Length(1, 80)
  dispatchKey!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 80)
  caseId!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 80)
  applicationId!: string;

  @ApiProperty({ enum: ['COMPLETED', 'DENIED'] })
  @IsIn(['COMPLETED', 'DENIED'])
  outcome!: 'COMPLETED' | 'DENIED';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class CatalogueChangeDto {
  @ApiPropertyOptional({ description: '新增或替换的服务事项（按编码）' })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  items?: object[];

  @ApiPropertyOptional({ description: '新增或替换的一件事（按编码）' })
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  bundles?: object[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  retireItems?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  retireBundles?: string[];
}

export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  pageSize?: number;
}

export class VersionQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export class SubCaseQuery {
  @IsOptional()
  @IsString()
  state?: string;
}
