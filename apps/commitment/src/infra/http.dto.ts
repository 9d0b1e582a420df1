import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class SupplementBody {
  @ApiProperty({
    example: 'DOC-2026-000123',
    description: '补交材料的文档编号 Document id of the supplied material',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  documentId!: string;

  @ApiProperty({ example: 'a3f1c2…(64 hex)', description: 'SHA-256 of the document (hex)' })
  @Matches(/^[0-9a-f]{64}$/i)
  sha256!: string;
}

export class DeskActionBody {
  @ApiProperty({ example: '已核实申请人提交的营业执照副本', description: '理由（必填） Reason (mandatory)' })
  @IsString()
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({
    example: 3,
    description: '乐观锁：期望的当前版本 Optimistic lock: the version the caseworker saw',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class ExtendBody extends DeskActionBody {
  @ApiProperty({ example: 5, description: '延长的工作日数 Working days to extend by' })
  @IsInt()
  @Min(1)
  @Max(365)
  days!: number;
}

export class FindingBody {
  @ApiProperty({ example: '现场核查发现经营场所与承诺不符' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  zh!: string;

  @ApiProperty({ example: 'On-site check: the premises differ from the commitment' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  en!: string;
}

export class ConcludeBody {
  @ApiProperty({ enum: ['PASSED', 'FAILED'], example: 'FAILED' })
  @IsIn(['PASSED', 'FAILED'])
  result!: 'PASSED' | 'FAILED';

  @ApiProperty({ type: [FindingBody] })
  @ValidateNested({ each: true })
  @Type(() => FindingBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  findings!: FindingBody[];
}

export class DeskObligationsQuery {
  @ApiPropertyOptional({ enum: ['open', 'overdue'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'overdue'])
  status?: 'open' | 'overdue';

  @ApiPropertyOptional({ enum: ['dueDate', 'waiting'], default: 'dueDate' })
  @IsOptional()
  @IsIn(['dueDate', 'waiting'])
  sort?: 'dueDate' | 'waiting';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class DeskPostHocQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'concluded', 'all'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'concluded', 'all'])
  status?: 'pending' | 'concluded' | 'all';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
