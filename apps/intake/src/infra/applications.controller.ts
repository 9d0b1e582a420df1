import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Actor, DomainError } from '@app/contracts';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { FilingReceipt } from '../domain/application';
import { ApplicationDetail, ApplicationSummary, detailOf } from '../domain/views';
import { FileApplication } from '../usecases/file-application/file-application';
import { ApplicationCommands } from '../usecases/manage-application/application-commands';
import {
  CaseworkerSubCase,
  ReadApplications,
  TimelineEntry,
} from '../usecases/read-applications/read-applications';
import {
  CorrectionDto,
  DispatchResultDto,
  FileApplicationDto,
  PageQuery,
  SubCaseQuery,
  WithdrawDto,
} from './dto';
import { WorkingDayCalendar } from '@app/calendar';

function actorOf(p: Principal): Actor {
  return {
    kind: p.role === 'applicant' ? 'applicant' : p.role === 'caseworker' ? 'caseworker' : 'system',
    id: p.subject,
  };
}

function ownUscc(p: Principal): string {
  return p.uscc ?? '';
}

/** `If-Match: <version>` (as read from GET): the write is refused with 409 if the application moved on. */
function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const n = Number(ifMatch.replace(/^W\//, '').replace(/"/g, ''));
  if (!Number.isInteger(n) || n < 0) {
    const message = { zh: 'If-Match 应为申请的版本号', en: 'If-Match must be the application version' };
    throw new DomainError('REQUEST.INVALID_IF_MATCH', message, [
      { path: 'If-Match', code: 'REQUEST.INVALID_IF_MATCH', message },
    ]);
  }
  return n;
}

const IDEMPOTENCY_KEY = /^[\w.:-]{1,100}$/;

@ApiTags('applications 一件事申请')
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly filing: FileApplication,
    private readonly commands: ApplicationCommands,
    private readonly reads: ReadApplications,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  @Roles('applicant')
  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '同一键+同一请求体返回同一申请；不同请求体 409',
  })
  @ApiOperation({ summary: '一表申请 File one bundled application' })
  async file(
    @Body() body: FileApplicationDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FilingReceipt> {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      const message = {
        zh: '幂等键格式不正确（1–100 位字母、数字或 ._:-）',
        en: 'Idempotency-Key must be 1–100 characters of letters, digits or ._:-',
      };
      throw new DomainError('IDEMPOTENCY.KEY_INVALID', message, [
        { path: 'Idempotency-Key', code: 'IDEMPOTENCY.KEY_INVALID', message },
      ]);
    }
    const { receipt, replayed } = await this.filing.execute(ownUscc(p), actorOf(p), body, key);
    res.status(replayed ? 200 : 201);
    return receipt;
  }

  @Roles('applicant')
  @Get()
  list(
    @Query() q: PageQuery,
    @CurrentPrincipal() p: Principal,
  ): Promise<{ items: ApplicationSummary[]; total: number; page: number; pageSize: number }> {
    return this.reads.list(ownUscc(p), q.page ?? 1, q.pageSize ?? 20);
  }

  @Roles('applicant')
  @Get(':id')
  read(@Param('id') id: string, @CurrentPrincipal() p: Principal): Promise<ApplicationDetail> {
    return this.reads.detail(ownUscc(p), id);
  }

  @Roles('applicant')
  @Get(':id/timeline')
  timeline(@Param('id') id: string, @CurrentPrincipal() p: Principal): Promise<TimelineEntry[]> {
    return this.reads.timeline(ownUscc(p), id);
  }

  @Roles('applicant')
  @Post(':id/withdraw')
  @HttpCode(200)
  async withdraw(
    @Param('id') id: string,
    @Body() body: WithdrawDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<ApplicationDetail> {
    const app = await this.commands.withdraw(ownUscc(p), actorOf(p), id, body.note, expectedVersion(ifMatch));
    return detailOf(app.state, this.calendar, new Date());
  }

  @Roles('applicant')
  @Post(':id/corrections')
  @HttpCode(200)
  @ApiOperation({ summary: '补正 Answer the consolidated correction notice, once' })
  async correct(
    @Param('id') id: string,
    @Body() body: CorrectionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<ApplicationDetail> {
    const app = await this.commands.submitCorrection(
      ownUscc(p),
      actorOf(p),
      id,
      body.noticeId,
      body.materials,
      expectedVersion(ifMatch),
    );
    return detailOf(app.state, this.calendar, new Date());
  }
}

@ApiTags('subcases 子事项（工作人员）')
@Controller('subcases')
export class SubCasesController {
  constructor(private readonly reads: ReadApplications) {}

  @Roles('caseworker')
  @Get()
  @ApiOperation({ summary: '本机关的子事项 Sub-cases of the caseworker’s authority' })
  list(@Query() q: SubCaseQuery, @CurrentPrincipal() p: Principal): Promise<CaseworkerSubCase[]> {
    return this.reads.subCasesOfAuthority(p.authority ?? '', q.state);
  }
}

@ApiTags('internal')
@Controller('internal')
export class InternalController {
  constructor(private readonly commands: ApplicationCommands) {}

  @Roles('admin')
  @Post('dispatch-results')
  @HttpCode(200)
  @ApiOperation({ summary: '关联登记系统回调 Result of a linked registration process' })
  async result(
    @Body() body: DispatchResultDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<{ caseId: string; applied: boolean }> {
    const r = await this.commands.dispatchResult(body, { kind: 'system', id: p.subject });
    return { caseId: body.caseId, applied: r === 'APPLIED' };
  }
}
