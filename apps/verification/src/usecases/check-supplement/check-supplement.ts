import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { causedBy, createEvent, TypedEnvelope } from '@app/contracts';
import { newWithEvents, OutboxRelay } from '@app/messaging';
import { isDuplicateKey } from '@app/persistence';
import { checkSupplement } from '@app/verification-rules';
import {
  ASSESSMENT,
  AssessmentDoc,
  CREDIT_RECORD,
  CreditRecordDoc,
  SUPPLEMENT_CHECK,
} from '../../infra/schemas';

const PRODUCER = 'verification';

/**
 * Re-checks a deferred material supplied later (补交): it must be one the sub-case's latest
 * assessment left owed, with a valid document digest. One check per (obligation, document).
 */
@Injectable()
export class CheckSupplementUseCase {
  constructor(
    @InjectModel(ASSESSMENT) private readonly assessments: Model<AssessmentDoc>,
    @InjectModel(SUPPLEMENT_CHECK) private readonly checks: Model<{ _id: string }>,
    private readonly relay: OutboxRelay,
  ) {
    relay.register(checks);
  }

  async execute(event: TypedEnvelope<'commitment.obligation.supplement-submitted'>): Promise<void> {
    const p = event.payload;
    const id = `${p.obligationId}:${p.documentId}`;
    if (await this.checks.exists({ _id: id })) return;
    const latest = await this.assessments
      .find({ caseId: p.caseId })
      .sort({ round: -1 })
      .limit(1)
      .lean()
      .exec();
    const owed = latest[0]?.owedMaterials;
    const result = checkSupplement(
      { materialCode: p.materialCode, documentId: p.documentId, sha256: p.sha256 },
      owed,
    );
    const checked = createEvent(
      'verification.supplement.checked',
      {
        obligationId: p.obligationId,
        caseId: p.caseId,
        materialCode: p.materialCode,
        outcome: result.outcome,
        reason: result.reason,
        evidenceIds: [],
      },
      causedBy(event, PRODUCER, { kind: 'system', id: PRODUCER }, p.caseId),
    );
    try {
      await this.checks.create(
        newWithEvents(
          {
            _id: id,
            obligationId: p.obligationId,
            caseId: p.caseId,
            materialCode: p.materialCode,
            outcome: result.outcome,
            checkedAt: new Date(),
          },
          [checked],
        ),
      );
    } catch (e) {
      if (isDuplicateKey(e)) return;
      throw e;
    }
    this.relay.kick(this.checks, id);
  }
}

/** Remembers credit records per enterprise (idempotent by record id). */
@Injectable()
export class RecordCreditUseCase {
  constructor(@InjectModel(CREDIT_RECORD) private readonly credit: Model<CreditRecordDoc>) {}

  async execute(event: TypedEnvelope<'commitment.credit.recorded'>): Promise<void> {
    const p = event.payload;
    await this.credit.updateOne(
      { _id: p.creditRecordId },
      { $setOnInsert: { uscc: p.uscc, caseId: p.caseId, startsAt: p.startsAt, expiresAt: p.expiresAt } },
      { upsert: true },
    );
  }
}
