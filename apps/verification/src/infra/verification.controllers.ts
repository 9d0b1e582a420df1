import { Controller, Get, Query } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { InjectModel } from '@nestjs/mongoose';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Model } from 'mongoose';
import { DomainError, NotFoundError, physicalTopic, TOPICS } from '@app/contracts';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { EventInbox } from '@app/messaging';
import { AssessSubCaseUseCase } from '../usecases/assess-subcase/assess-subcase';
import { CheckSupplementUseCase, RecordCreditUseCase } from '../usecases/check-supplement/check-supplement';
import { ASSESSMENT, AssessmentDoc, EVIDENCE, EvidenceDoc } from './schemas';
import { DataSharingSources } from './sources';

export const VERIFICATION_GROUP = 'verification';

/** Kafka side: verification requests from intake; supplements and credit records from commitment. */
@Controller()
export class VerificationConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly assess: AssessSubCaseUseCase,
    private readonly supplements: CheckSupplementUseCase,
    private readonly credit: RecordCreditUseCase,
  ) {}

  @EventPattern(physicalTopic(TOPICS.intake))
  async onIntake(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, VERIFICATION_GROUP, {
      'intake.subcase.verification-requested': (e) => this.assess.execute(e),
    });
  }

  @EventPattern(physicalTopic(TOPICS.commitment))
  async onCommitment(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, VERIFICATION_GROUP, {
      'commitment.obligation.supplement-submitted': (e) => this.supplements.execute(e),
      'commitment.credit.recorded': (e) => this.credit.execute(e),
    });
  }
}

/** Evidence and assessments, for caseworkers of the sub-case's authority and for auditors. */
@ApiTags('evidence')
@ApiBearerAuth()
@Controller()
export class EvidenceController {
  constructor(
    @InjectModel(EVIDENCE) private readonly evidence: Model<EvidenceDoc>,
    @InjectModel(ASSESSMENT) private readonly assessments: Model<AssessmentDoc>,
    private readonly sources: DataSharingSources,
  ) {}

  private async authorityOf(caseId: string, principal: Principal): Promise<AssessmentDoc[]> {
    if (!caseId) {
      throw new DomainError(
        'EVIDENCE.CASE_REQUIRED',
        { zh: '须指定子事项编号 caseId', en: 'caseId is required' },
        [{ path: 'caseId', code: 'EVIDENCE.CASE_REQUIRED', message: { zh: '必填', en: 'required' } }],
      );
    }
    const rounds = await this.assessments.find({ caseId }).sort({ round: 1 }).lean().exec();
    const authority = rounds[0]?.authority;
    // Another authority's sub-case answers like an unknown one: its existence is not disclosed.
    if (!authority || (principal.role === 'caseworker' && principal.authority !== authority)) {
      throw new NotFoundError('EVIDENCE.CASE_NOT_FOUND', {
        zh: '没有该子事项的核验记录',
        en: 'No verification record for this sub-case',
      });
    }
    return rounds;
  }

  @Get('evidence')
  @Roles('caseworker', 'auditor')
  @ApiOperation({
    summary: '子事项的数据共享核验证据 Evidence of a sub-case (caseworkers of its authority, auditors)',
  })
  @ApiQuery({ name: 'caseId', example: '01J00000000000000000000000' })
  async list(
    @Query('caseId') caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ caseId: string; evidence: Array<Record<string, unknown>> }> {
    await this.authorityOf(caseId, principal);
    const docs = await this.evidence.find({ caseId }).sort({ round: 1, source: 1 }).lean().exec();
    return { caseId, evidence: docs.map(({ _id, ...rest }) => ({ evidenceId: _id, ...rest })) };
  }

  @Get('assessments')
  @Roles('caseworker', 'auditor')
  @ApiOperation({ summary: '子事项的核验结论 Assessments of a sub-case, every round' })
  async assessmentsOf(
    @Query('caseId') caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ caseId: string; rounds: Array<Record<string, unknown>> }> {
    const rounds = await this.authorityOf(caseId, principal);
    return {
      caseId,
      rounds: rounds.map((r) => ({
        round: r.round,
        itemCode: r.itemCode,
        authority: r.authority,
        decision: r.decision,
        materials: r.materials,
        crossChecks: r.crossChecks,
        assessedAt: r.assessedAt,
      })),
    };
  }

  @Get('sources')
  @Roles('admin', 'auditor', 'supervisor')
  @ApiOperation({ summary: '数据共享来源状态（熔断器） Data-sharing sources and their circuit breakers' })
  status(): { sources: ReturnType<DataSharingSources['statuses']> } {
    return { sources: this.sources.statuses() };
  }
}
