import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isActive, OBLIGATION_STATE_LABELS, allowedActions } from '@app/commitment-rules';
import { ForbiddenError, type Actor } from '@app/contracts';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import type { CreditRecord, ObligationRecord, PostHocCheck } from '../domain/records';
import { CommitmentPolicy, CreditStore, ObligationStore, type Page } from '../usecases/ports';
import { ObligationActions, type DeskActionKind } from '../usecases/obligation-actions/obligation-actions';
import { PostHocChecks } from '../usecases/post-hoc/post-hoc';
import {
  ConcludeBody,
  DeskActionBody,
  DeskObligationsQuery,
  DeskPostHocQueryDto,
  ExtendBody,
  SupplementBody,
} from './http.dto';

/** What the applicant and the caseworker see of an obligation (no storage fields). */
export function obligationView(o: ObligationRecord): Record<string, unknown> {
  return {
    obligationId: o.obligationId,
    applicationId: o.applicationId,
    caseId: o.caseId,
    uscc: o.uscc,
    authority: o.authority,
    itemCode: o.itemCode,
    materialCode: o.materialCode,
    state: o.state,
    stateLabel: OBLIGATION_STATE_LABELS[o.state],
    dueDate: o.dueDate,
    deadlineAt: o.deadlineAt,
    extendedDays: o.extendedDays,
    version: o.version,
    grantedAt: o.grantedAt,
    waitingSince: o.waitingSince,
    caseRevoked: o.caseRevoked,
    supplement: o.supplement,
    lastReason: o.lastReason,
    fulfilledHow: o.fulfilledHow,
    breachCause: o.breachCause,
    notices: o.notices,
    allowedActions: o.caseRevoked ? [] : allowedActions(o),
  };
}

function applicantActor(p: Principal): Actor & { uscc: string } {
  if (!p.uscc)
    throw new ForbiddenError('AUTH.NO_ENTERPRISE', {
      zh: '令牌未绑定企业',
      en: 'The token names no enterprise',
    });
  return { kind: 'applicant', id: p.subject, uscc: p.uscc };
}

function caseworkerActor(p: Principal): Actor & { authority: string } {
  if (!p.authority)
    throw new ForbiddenError('AUTH.NO_AUTHORITY', {
      zh: '令牌未绑定所属机关',
      en: 'The token names no authority',
    });
  return { kind: 'caseworker', id: p.subject, authority: p.authority };
}

@ApiTags('applicant')
@ApiBearerAuth()
@Controller()
export class ApplicantController {
  constructor(private readonly actions: ObligationActions) {}

  @Roles('applicant')
  @Get('obligations')
  @ApiOperation({ summary: '本企业的容缺补交义务 Obligations of the own enterprise' })
  async list(@CurrentPrincipal() p: Principal): Promise<{ items: Record<string, unknown>[] }> {
    return { items: (await this.actions.listForApplicant(applicantActor(p).uscc)).map(obligationView) };
  }

  @Roles('applicant')
  @Get('obligations/:id')
  async one(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<Record<string, unknown>> {
    return obligationView(await this.actions.forApplicant(applicantActor(p).uscc, id));
  }

  @Roles('applicant')
  @Post('obligations/:id/supplements')
  @HttpCode(201)
  @ApiOperation({ summary: '补交容缺材料 Supply a deferred material' })
  async supplement(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: SupplementBody,
  ): Promise<Record<string, unknown>> {
    return obligationView(
      await this.actions.submitSupplement(applicantActor(p), id, {
        documentId: body.documentId,
        sha256: body.sha256.toLowerCase(),
      }),
    );
  }

  @Roles('applicant')
  @Get('notices')
  @ApiOperation({ summary: '催办提醒 Reminders issued to the own enterprise' })
  async notices(@CurrentPrincipal() p: Principal): Promise<{ items: Record<string, unknown>[] }> {
    const obligations = await this.actions.listForApplicant(applicantActor(p).uscc);
    const items = obligations
      .flatMap((o) =>
        o.notices.map((n) => ({
          ...n,
          obligationId: o.obligationId,
          caseId: o.caseId,
          applicationId: o.applicationId,
          materialCode: o.materialCode,
        })),
      )
      .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
    return { items };
  }
}

@ApiTags('desk')
@ApiBearerAuth()
@Roles('caseworker')
@Controller('desk')
export class DeskController {
  constructor(
    private readonly actions: ObligationActions,
    private readonly obligations: ObligationStore,
    private readonly postHoc: PostHocChecks,
    private readonly policy: CommitmentPolicy,
  ) {}

  @Get('obligations')
  @ApiOperation({ summary: '本机关的容缺补交义务队列 Obligation queue of the own authority' })
  async queue(
    @CurrentPrincipal() p: Principal,
    @Query() q: DeskObligationsQuery,
  ): Promise<Page<Record<string, unknown>>> {
    const page = await this.obligations.desk({
      authority: caseworkerActor(p).authority,
      status: q.status ?? 'open',
      sort: q.sort ?? 'dueDate',
      page: q.page ?? 1,
      pageSize: q.pageSize ?? 20,
      now: this.policy.now(),
    });
    return { ...page, items: page.items.map(obligationView) };
  }

  @Get('obligations/:id')
  async one(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<Record<string, unknown>> {
    return obligationView(await this.actions.forAuthority(caseworkerActor(p).authority, id));
  }

  private act(
    p: Principal,
    id: string,
    kind: DeskActionKind,
    body: DeskActionBody,
    days?: number,
  ): Promise<Record<string, unknown>> {
    return this.actions
      .deskAction(caseworkerActor(p), id, {
        kind,
        reason: body.reason,
        ...(days !== undefined ? { days } : {}),
        ...(body.expectedVersion !== undefined ? { expectedVersion: body.expectedVersion } : {}),
      })
      .then(obligationView);
  }

  @Post('obligations/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: '人工认可补交材料 Accept the supplement' })
  accept(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: DeskActionBody,
  ): Promise<Record<string, unknown>> {
    return this.act(p, id, 'accept', body);
  }

  @Post('obligations/:id/request-resubmission')
  @HttpCode(200)
  @ApiOperation({ summary: '要求重新补交 Ask for re-submission' })
  resubmit(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: DeskActionBody,
  ): Promise<Record<string, unknown>> {
    return this.act(p, id, 'request-resubmission', body);
  }

  @Post('obligations/:id/extend')
  @HttpCode(200)
  @ApiOperation({ summary: '延长补交期限（有上限） Extend the due date (capped)' })
  extend(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ExtendBody,
  ): Promise<Record<string, unknown>> {
    return this.act(p, id, 'extend', body, body.days);
  }

  @Post('obligations/:id/waive')
  @HttpCode(200)
  @ApiOperation({ summary: '免除补交 Waive the obligation' })
  waive(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: DeskActionBody,
  ): Promise<Record<string, unknown>> {
    return this.act(p, id, 'waive', body);
  }

  @Post('obligations/:id/declare-breach')
  @HttpCode(200)
  @ApiOperation({ summary: '认定违诺 Declare a breach' })
  declareBreach(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: DeskActionBody,
  ): Promise<Record<string, unknown>> {
    return this.act(p, id, 'declare-breach', body);
  }

  @Get('post-hoc-checks')
  @ApiOperation({ summary: '事后核查任务 Post-hoc checks of the own authority' })
  checks(@CurrentPrincipal() p: Principal, @Query() q: DeskPostHocQueryDto): Promise<Page<PostHocCheck>> {
    return this.postHoc.list({
      authority: caseworkerActor(p).authority,
      status: q.status ?? 'pending',
      page: q.page ?? 1,
      pageSize: q.pageSize ?? 20,
    });
  }

  @Post('post-hoc-checks/:id/conclude')
  @HttpCode(200)
  @ApiOperation({ summary: '事后核查结论 Conclude a post-hoc check (FAILED = breach)' })
  conclude(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ConcludeBody,
  ): Promise<PostHocCheck> {
    return this.postHoc.conclude(caseworkerActor(p), id, {
      result: body.result,
      findings: body.findings.map((f) => ({ zh: f.zh, en: f.en })),
    });
  }
}

@ApiTags('credit')
@ApiBearerAuth()
@Controller('credit-records')
export class CreditController {
  constructor(
    private readonly credits: CreditStore,
    private readonly policy: CommitmentPolicy,
  ) {}

  @Roles('caseworker', 'supervisor')
  @Get(':uscc')
  @ApiOperation({ summary: '企业的信用记录 Credit records of an enterprise' })
  async forUscc(
    @Param('uscc') uscc: string,
  ): Promise<{ uscc: string; items: Array<CreditRecord & { active: boolean }> }> {
    const now = this.policy.now();
    return {
      uscc,
      items: (await this.credits.listForUscc(uscc)).map((r) => ({ ...r, active: isActive(r, now) })),
    };
  }
}
