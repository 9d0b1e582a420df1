import { Controller, Get, Header, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import type { StateAt } from '../domain/state-at';
import type { TimelineItem } from '../domain/timeline';
import type { ApplicationVerification, ArchiveVerification } from '../domain/verify-application';
import { AuditorReads, type Reader } from '../usecases/read-archive/auditor-reads';

export class ApplicationParams {
  @ApiProperty({ example: '01JQ7Z3K8M2N4P6R8T0V2X4Z6B', description: '申请编号 Application id' })
  @IsString()
  @Matches(/^[\w.:-]{1,128}$/)
  id!: string;
}

export class StateQuery {
  @ApiPropertyOptional({
    example: '2025-03-10T02:00:00.000Z',
    description: '时点（ISO 8601，缺省为现在） Instant to rebuild the state at; default now',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

function readerOf(principal: Principal, req: Request): Reader {
  const requestId = (req as Request & { requestId?: string }).requestId ?? 'unknown';
  return { auditorId: principal.subject, requestId };
}

/** Read-only auditor API: there is no route that writes. Every read is itself recorded. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('audit')
export class AuditController {
  constructor(private readonly reads: AuditorReads) {}

  @Get('applications/:id/timeline')
  @ApiOperation({
    summary: '申请的完整事件时间线 Full event timeline of an application (actors, causation links)',
  })
  timeline(
    @Param() params: ApplicationParams,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<{ applicationId: string; count: number; events: TimelineItem[] }> {
    return this.reads.timeline(params.id, readerOf(principal, req));
  }

  @Get('applications/:id/state')
  @ApiOperation({
    summary:
      '任一时点的申请及子事项状态（重放共享归约器） State at an instant, replayed with the shared reducers',
  })
  state(
    @Param() params: ApplicationParams,
    @Query() query: StateQuery,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<StateAt> {
    return this.reads.stateAt(
      params.id,
      query.at ? new Date(query.at) : new Date(),
      readerOf(principal, req),
    );
  }

  @Get('applications/:id/verify')
  @ApiOperation({
    summary: '校验一个申请的哈希链，指出首个断点 Verify one application chain; names the first broken link',
  })
  verify(
    @Param() params: ApplicationParams,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<ApplicationVerification> {
    return this.reads.verify(params.id, readerOf(principal, req));
  }

  @Get('verify')
  @ApiOperation({ summary: '校验整个档案 Verify the whole archive' })
  verifyAll(@CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<ArchiveVerification> {
    return this.reads.verifyAll(readerOf(principal, req));
  }

  @Get('applications/:id/export')
  @Header('content-type', 'application/x-ndjson; charset=utf-8')
  @ApiOperation({
    summary:
      '以 JSON Lines 导出（含哈希链） Export as JSON Lines with the chain; head in X-Chain-Head-* headers',
  })
  async export(
    @Param() params: ApplicationParams,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const exported = await this.reads.export(params.id, readerOf(principal, req));
    res.setHeader('content-disposition', `attachment; filename="audit-${params.id}.jsonl"`);
    res.setHeader('x-chain-count', String(exported.count));
    if (exported.head) {
      res.setHeader('x-chain-head-sequence', String(exported.head.sequence));
      res.setHeader('x-chain-head-hash', exported.head.hash);
    }
    return exported.jsonLines;
  }
}
