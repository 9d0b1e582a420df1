import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { TICKET_STATUSES, type TicketStatus } from '../domain/rectification';
import { CHANNELS, RATING_SUBJECTS, type Channel, type RatingSubject } from '../domain/rating';

export class SubmitRatingBody {
  @ApiProperty({ enum: RATING_SUBJECTS, example: 'sub-case', description: '评价对象 What is rated' })
  @IsIn(RATING_SUBJECTS)
  subject!: RatingSubject;

  @ApiPropertyOptional({
    example: '01JABCDEF0123456789ABCDEFG',
    description: '申请编号 Application id (application; optional context for interaction)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  applicationId?: string;

  @ApiPropertyOptional({
    example: '01JABCDEF0123456789ABCDEFH',
    description: '子事项编号 Sub-case id (required for sub-case)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  caseId?: string;

  @ApiPropertyOptional({
    example: 'PATENT_OFFICE',
    description: '办理机关 Authority of the interaction (required for interaction)',
  })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/)
  authority?: string;

  @ApiProperty({ enum: CHANNELS, example: 'online', description: '渠道 Channel' })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ minimum: 1, maximum: 5, example: 2, description: '5 非常满意 … 1 非常不满意' })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiPropertyOptional({ type: [String], example: ['办理慢'], description: '标签 Tags' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ example: '等待时间过长', description: '评价内容 Comment' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class FollowUpBody {
  @ApiProperty({ example: '后续已解决，补充说明', description: '追评 The one follow-up' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  comment!: string;
}

export class NoteBody {
  @ApiProperty({ example: '已电话联系申请人，了解诉求', description: '说明 Note' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note!: string;
}

export class ConfirmBody {
  @ApiProperty({ example: true, description: '是否满意 Satisfied with the rectification' })
  @IsBoolean()
  satisfied!: boolean;

  @ApiPropertyOptional({ example: '问题已解决' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class CloseBody {
  @ApiProperty({ example: '经核查整改到位，予以办结', description: '督办决定 Supervisor decision' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  decision!: string;
}

export class AppealBody {
  @ApiProperty({ example: '评价内容与办件无关，系恶意差评', description: '申诉理由 Reason' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class DecideAppealBody {
  @ApiProperty({ example: false, description: '申诉是否成立 Upheld' })
  @IsBoolean()
  upheld!: boolean;

  @ApiProperty({ example: '评价内容与办理过程相符，申诉不成立', description: '裁决理由 Reason' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class TicketQuery {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;
}

export class KpiQuery {
  @ApiPropertyOptional({
    example: '2025-01-01T00:00:00+08:00',
    description: '起（含） From, inclusive; default 30 days before `to`',
  })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({
    example: '2025-07-01T00:00:00+08:00',
    description: '止（不含） To, exclusive; default now',
  })
  @IsOptional()
  @IsISO8601()
  to?: string;

  @ApiPropertyOptional({ enum: ['authority', 'item', 'none'], example: 'authority' })
  @IsOptional()
  @IsIn(['authority', 'item', 'none'])
  groupBy?: 'authority' | 'item' | 'none';
}
