import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { ratingLabel, type KpiGroupBy } from '@app/evaluation-rules';
import type { Appeal } from '../domain/appeal';
import type { RectificationTicket } from '../domain/rectification';
import { AddFollowUp } from '../usecases/add-follow-up/add-follow-up';
import { DecideAppeal, FileAppeal } from '../usecases/appeal-rating/appeal-rating';
import { ComputeKpis, type KpiReport } from '../usecases/compute-kpis/compute-kpis';
import { ProgressRectification } from '../usecases/progress-rectification/progress-rectification';
import { ReadRating, type RatingView } from '../usecases/read-rating/read-rating';
import { SubmitRating } from '../usecases/submit-rating/submit-rating';
import {
  AppealBody,
  CloseBody,
  ConfirmBody,
  DecideAppealBody,
  FollowUpBody,
  KpiQuery,
  NoteBody,
  SubmitRatingBody,
  TicketQuery,
} from './dto';

const DAY_MS = 24 * 60 * 60 * 1000;

type TicketView = Omit<RectificationTicket, 'eventApplicationId'>;

/** The event key is an internal detail; the rest (incl. the rater's USCC, which the office must contact) is shown. */
function ticketView(ticket: RectificationTicket): TicketView {
  const { eventApplicationId: _key, ...view } = ticket;
  return view;
}

@ApiTags('ratings 好差评')
@ApiBearerAuth()
@Controller('ratings')
export class RatingsController {
  constructor(
    private readonly submit: SubmitRating,
    private readonly readRating: ReadRating,
    private readonly followUp: AddFollowUp,
    private readonly fileAppeal: FileAppeal,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('applicant')
  @ApiOperation({
    summary: '提交评价 Rate a concluded case, application or interaction (only the applicant itself)',
  })
  async rate(@CurrentPrincipal() principal: Principal, @Body() body: SubmitRatingBody) {
    const { rating, ticket } = await this.submit.execute(principal, body);
    return {
      ratingId: rating.ratingId,
      subject: rating.subject,
      score: rating.score,
      label: ratingLabel(rating.score),
      authority: rating.authority,
      rectification:
        ticket === undefined
          ? null
          : { ticketId: ticket.ticketId, status: ticket.status, dueDate: ticket.dueDate },
    };
  }

  @Get(':id')
  @Roles('applicant', 'caseworker', 'supervisor', 'auditor')
  @ApiOperation({ summary: '查看评价 A rating with its follow-up, appeal and rectification' })
  read(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RatingView> {
    return this.readRating.execute(principal, id);
  }

  @Post(':id/follow-up')
  @HttpCode(201)
  @Roles('applicant')
  @ApiOperation({ summary: '追评（一次） The one follow-up to the enterprise’s own rating' })
  async addFollowUp(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: FollowUpBody,
  ) {
    const rating = await this.followUp.execute(principal, id, body.comment);
    return { ratingId: rating.ratingId, followUp: rating.followUp };
  }

  @Post(':id/appeals')
  @HttpCode(201)
  @Roles('caseworker')
  @ApiOperation({ summary: '申诉恶意差评 The rated office appeals the rating as malicious' })
  appeal(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: AppealBody,
  ): Promise<Appeal> {
    return this.fileAppeal.execute(principal, id, body.reason);
  }
}

@ApiTags('appeals 申诉')
@ApiBearerAuth()
@Controller('appeals')
export class AppealsController {
  constructor(private readonly decide: DecideAppeal) {}

  @Post(':id/decide')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: '裁决申诉 A supervisor decides an appeal once' })
  decideAppeal(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: DecideAppealBody,
  ): Promise<Appeal> {
    return this.decide.execute(principal, id, body.upheld, body.reason);
  }
}

@ApiTags('rectifications 差评整改')
@ApiBearerAuth()
@Controller('rectifications')
export class RectificationsController {
  constructor(private readonly rectification: ProgressRectification) {}

  @Get()
  @Roles('applicant', 'caseworker', 'supervisor', 'auditor')
  @ApiOperation({ summary: '整改工单列表 Tickets the caller may see (own authority / own enterprise / all)' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: TicketQuery): Promise<TicketView[]> {
    return (
      await this.rectification.list(principal, query.status === undefined ? {} : { status: query.status })
    ).map(ticketView);
  }

  @Get(':id')
  @Roles('applicant', 'caseworker', 'supervisor', 'auditor')
  async read(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TicketView> {
    return ticketView(await this.rectification.read(principal, id));
  }

  @Post(':id/contact')
  @HttpCode(200)
  @Roles('caseworker')
  @ApiOperation({ summary: '记录联系申请人 Record contact with the applicant' })
  async contact(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: NoteBody,
  ): Promise<TicketView> {
    return ticketView(await this.rectification.execute(principal, id, { kind: 'contact', note: body.note }));
  }

  @Post(':id/rectified')
  @HttpCode(200)
  @Roles('caseworker')
  @ApiOperation({ summary: '登记整改完成 Record the rectification done' })
  async rectified(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: NoteBody,
  ): Promise<TicketView> {
    return ticketView(
      await this.rectification.execute(principal, id, { kind: 'rectified', note: body.note }),
    );
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('applicant')
  @ApiOperation({ summary: '申请人确认 Applicant confirms satisfied (closed) or not (escalated)' })
  async confirm(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ConfirmBody,
  ): Promise<TicketView> {
    const command = {
      kind: 'confirm' as const,
      satisfied: body.satisfied,
      ...(body.comment === undefined ? {} : { comment: body.comment }),
    };
    return ticketView(await this.rectification.execute(principal, id, command));
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: '督办办结 A supervisor closes an escalated ticket with a decision' })
  async close(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: CloseBody,
  ): Promise<TicketView> {
    return ticketView(
      await this.rectification.execute(principal, id, { kind: 'close', decision: body.decision }),
    );
  }
}

@ApiTags('kpis 指标')
@ApiBearerAuth()
@Controller('kpis')
export class KpisController {
  constructor(private readonly kpis: ComputeKpis) {}

  @Get()
  @Roles('supervisor')
  @ApiOperation({
    summary: '服务指标 KPIs over [from, to), by authority, item or overall, folded from events',
  })
  compute(@Query() query: KpiQuery): Promise<KpiReport> {
    const to = query.to === undefined ? new Date() : new Date(query.to);
    const from = query.from === undefined ? new Date(to.getTime() - 30 * DAY_MS) : new Date(query.from);
    const groupBy: KpiGroupBy = query.groupBy ?? 'none';
    return this.kpis.execute(from, to, groupBy);
  }
}
