import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { causedBy, createEvent, TypedEnvelope, VerificationRequestedV1 } from '@app/contracts';
import { lockedUpdateOne, newWithEvents, OutboxRelay, withEvents } from '@app/messaging';
import { isDuplicateKey } from '@app/persistence';
import {
  assessSubCase,
  SourceAnswer,
  SourceAnswers,
  SourceCode,
  sourcesNeeded,
  VerificationInput,
} from '@app/verification-rules';
import {
  ASSESSMENT,
  AssessmentDoc,
  CREDIT_RECORD,
  CreditRecordDoc,
  EVIDENCE,
  EvidenceDoc,
} from '../../infra/schemas';
import { FetchResult, DataSharingSources } from '../../infra/sources';
import { VerificationConfig } from '../../config';

const PRODUCER = 'verification';

/**
 * Assesses one sub-case for one verification round: ask the sources the request needs, store each
 * answer as evidence, apply the pure rules, and write the assessment with its event in one document.
 * Idempotent per (caseId, round): a redelivered request finds the assessment and does nothing.
 */
@Injectable()
export class AssessSubCaseUseCase implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AssessSubCaseUseCase.name);

  constructor(
    @InjectModel(ASSESSMENT) private readonly assessments: Model<AssessmentDoc>,
    @InjectModel(EVIDENCE) private readonly evidence: Model<EvidenceDoc>,
    @InjectModel(CREDIT_RECORD) private readonly credit: Model<CreditRecordDoc>,
    private readonly sources: DataSharingSources,
    private readonly relay: OutboxRelay,
    private readonly config: VerificationConfig,
  ) {
    relay.register(assessments);
  }

  private timer?: NodeJS.Timeout;
  private rechecking?: Promise<void>;

  onApplicationBootstrap(): void {
    if (this.config.MANUAL_REVIEW_RECHECK_MS > 0) {
      this.timer = setInterval(() => {
        this.rechecking ??= this.recheckManualReviews()
          .then(() => undefined)
          .catch((e: unknown) => this.logger.warn(`manual-review re-check failed: ${String(e)}`))
          .finally(() => (this.rechecking = undefined));
      }, this.config.MANUAL_REVIEW_RECHECK_MS);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.rechecking;
  }

  /**
   * A sub-case left in MANUAL_REVIEW because a source stayed unavailable is never silently passed:
   * its sources are asked again periodically, and once they answer, a new assessment for the same
   * round replaces the manual-review one (intake takes the later assessment). After
   * MANUAL_REVIEW_MAX_RECHECKS it stays for a caseworker.
   */
  async recheckManualReviews(): Promise<number> {
    const open = await this.assessments
      .find({
        decision: 'MANUAL_REVIEW',
        resolved: { $ne: true },
        recheckAttempts: { $lt: this.config.MANUAL_REVIEW_MAX_RECHECKS },
      })
      .limit(50)
      .lean()
      .exec();
    let resolved = 0;
    for (const doc of open) {
      if (!doc.request || !doc.cause) continue;
      const p = doc.request;
      const { result, event } = await this.assess(p, doc.cause);
      if (result.decision === 'MANUAL_REVIEW') {
        await lockedUpdateOne(this.assessments, { _id: doc._id }, { $inc: { recheckAttempts: 1 } });
        continue;
      }
      const update = withEvents(
        {
          $set: {
            decision: result.decision,
            materials: result.materials,
            crossChecks: result.crossChecks,
            owedMaterials: result.materials
              .filter((m) => m.outcome === 'MISSING' && m.deferrable)
              .map((m) => m.materialCode),
            assessedAt: new Date(),
            resolved: true,
          },
        },
        [event],
      );
      const res = await lockedUpdateOne(
        this.assessments,
        { _id: doc._id, decision: 'MANUAL_REVIEW' },
        update,
      );
      if (res.modifiedCount === 1) {
        resolved++;
        this.relay.kick(this.assessments, doc._id);
        this.logger.log(`case ${p.caseId} round ${p.round}: MANUAL_REVIEW re-checked → ${result.decision}`);
      }
    }
    return resolved;
  }

  async execute(event: TypedEnvelope<'intake.subcase.verification-requested'>): Promise<void> {
    const p = event.payload;
    const id = `${p.caseId}:${p.round}`;
    if (await this.assessments.exists({ _id: id })) return;
    const cause = { id: event.id, correlationId: event.correlationId, applicationId: event.applicationId };
    const { result, event: assessment } = await this.assess(p, cause);
    try {
      await this.assessments.create(
        newWithEvents(
          {
            _id: id,
            caseId: p.caseId,
            round: p.round,
            applicationId: event.applicationId,
            authority: p.authority,
            itemCode: p.itemCode,
            uscc: p.uscc,
            decision: result.decision,
            materials: result.materials,
            crossChecks: result.crossChecks,
            owedMaterials: result.materials
              .filter((m) => m.outcome === 'MISSING' && m.deferrable)
              .map((m) => m.materialCode),
            assessedAt: new Date(),
            ...(result.decision === 'MANUAL_REVIEW'
              ? { request: p, cause, recheckAttempts: 0, resolved: false }
              : {}),
          },
          [assessment],
        ),
      );
    } catch (e) {
      if (isDuplicateKey(e)) return; // a concurrent delivery of the same request won
      throw e;
    }
    this.logger.log(`case ${p.caseId} round ${p.round}: ${result.decision}`);
    this.relay.kick(this.assessments, id);
  }

  /** Ask the sources, apply the pure rules, and build the assessment event (nothing is written). */
  private async assess(
    p: VerificationRequestedV1,
    cause: { id: string; correlationId: string; applicationId: string },
  ) {
    const input: VerificationInput = {
      itemCode: p.itemCode,
      uscc: p.uscc,
      enterpriseName: p.enterpriseName,
      ...(p.asset ? { asset: { kind: p.asset.kind, number: p.asset.number } } : {}),
      legalRepresentative: p.legalRepresentative,
      formValues: p.formValues,
      materials: p.materials,
      submitted: p.submitted,
      commitmentSigned: p.commitmentSigned,
      commitmentAllowed: p.commitmentAllowed,
    };
    const ctx = {
      caseId: p.caseId,
      round: p.round,
      applicationId: cause.applicationId,
      authority: p.authority,
    };
    const answers = await this.gather(input, ctx);
    const creditRecordId = await this.activeCreditRecord(p.uscc, new Date());
    const result = assessSubCase(input, answers, creditRecordId);
    const event = createEvent(
      'verification.assessment.completed',
      {
        caseId: p.caseId,
        round: p.round,
        itemCode: p.itemCode,
        authority: p.authority,
        uscc: p.uscc,
        materials: result.materials.map((m) => ({ ...m, facts: m.facts?.map((f) => ({ ...f })) })),
        crossChecks: result.crossChecks.map((c) => ({ check: c.check, result: c.result, reason: c.reason })),
        decision: result.decision,
        commitmentSigned: p.commitmentSigned,
        commitmentAllowed: result.commitmentAllowed,
        ...(result.blockingCreditRecordId ? { blockingCreditRecordId: result.blockingCreditRecordId } : {}),
        postHocSamplingRateBasisPoints: p.postHocSamplingRateBasisPoints,
      },
      causedBy(cause, PRODUCER, { kind: 'system', id: PRODUCER }, p.caseId),
    );
    return { result, event };
  }

  private async gather(
    input: VerificationInput,
    ctx: { caseId: string; round: number; applicationId: string; authority: string },
  ): Promise<SourceAnswers> {
    const needed = sourcesNeeded(input);
    const asked = await Promise.all(
      needed.map(async (source) => [source, await this.ask(source, input)] as const),
    );
    const answers: Record<string, SourceAnswer<unknown>> = {};
    const evidence: Array<Record<string, unknown> & { _id: string }> = [];
    for (const [source, result] of asked) {
      if (!result) continue;
      if (!result.ok) {
        answers[source] = { status: 'UNAVAILABLE', error: result.error };
        continue;
      }
      const e = result.evidence;
      const evidenceId = `${ctx.caseId}:${ctx.round}:${source}`;
      evidence.push({
        _id: evidenceId,
        ...ctx,
        source,
        query: e.query,
        found: e.found,
        ...(e.facts ? { facts: e.facts } : {}),
        responseSha256: e.responseSha256,
        issuer: e.issuer,
        issuedAt: e.issuedAt,
        evidenceNo: e.evidenceNo,
        signature: e.signature,
        fetchedAt: e.fetchedAt,
        attempts: e.attempts,
        fromCache: e.fromCache,
      });
      answers[source] =
        e.found && e.facts !== undefined
          ? { status: 'FOUND', data: e.facts, evidenceId }
          : { status: 'NOT_FOUND', evidenceId };
    }
    await this.keepEvidence(evidence);
    return answers as SourceAnswers;
  }

  /**
   * Evidence is immutable and keyed by case, round and source: one batch insert, and a copy kept by
   * an earlier delivery of the same request (duplicate key) is left as it was.
   */
  private async keepEvidence(docs: Array<Record<string, unknown> & { _id: string }>): Promise<void> {
    if (!docs.length) return;
    try {
      await this.evidence.insertMany(docs as never[], { ordered: false });
    } catch (e) {
      const errors = (e as { writeErrors?: unknown }).writeErrors;
      const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
      if (
        !list.length ||
        !list.every((w: { code?: number; err?: { code?: number } }) => (w.code ?? w.err?.code) === 11000)
      )
        throw e;
    }
  }

  private ask(source: SourceCode, input: VerificationInput): Promise<FetchResult<unknown> | undefined> {
    switch (source) {
      case 'enterprise-registry':
        return this.sources.enterprise.fetch({ uscc: input.uscc });
      case 'e-licence':
        return this.sources.eLicence.fetch({ uscc: input.uscc });
      case 'identity':
        return this.sources.identity.fetch({
          uscc: input.uscc,
          name: input.legalRepresentative.name,
          idNumberDigest: input.legalRepresentative.idNumberDigest,
        });
      case 'patent-register':
        return input.asset
          ? this.sources.patents.fetch({ number: input.asset.number })
          : Promise.resolve(undefined);
      case 'trademark-register':
        return input.asset
          ? this.sources.trademarks.fetch({ number: input.asset.number })
          : Promise.resolve(undefined);
      case 'layout-design-register':
        return input.asset
          ? this.sources.layoutDesigns.fetch({ number: input.asset.number })
          : Promise.resolve(undefined);
    }
  }

  private async activeCreditRecord(uscc: string, now: Date): Promise<string | undefined> {
    const records = await this.credit.find({ uscc }).lean().exec();
    const t = now.toISOString();
    const active = records
      .filter((r) => r.startsAt <= t && t < r.expiresAt)
      .sort((a, b) => (a.startsAt < b.startsAt ? 1 : -1));
    return active[0]?._id;
  }
}
