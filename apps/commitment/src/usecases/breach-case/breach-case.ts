import { creditRecordFor, isTerminal } from '@app/commitment-rules';
import { createEvent, NotFoundError, type Actor, type BreachCause, type Reason } from '@app/contracts';
import { ids, type BreachRecord, type CreditRecord, type DeferralRecord } from '../../domain/records';
import { contextFor, type Causation } from '../event-context';
import { CommitmentPolicy, CreditStore, DeferralStore, ObligationStore } from '../ports';

export interface BreachInput {
  deferralId: string;
  cause: BreachCause;
  obligationId?: string;
  reason: Reason;
  actor: Actor;
  causation?: Causation;
}

/**
 * A broken commitment (违诺): once per sub-case, `commitment.breach.declared` (intake revokes the sub-case)
 * and `commitment.credit.recorded` (信用记录) in one write on the deferral; then the credit record is kept
 * for the enterprise and the sub-case's other obligations stop. Safe to repeat: a second breach of the same
 * sub-case (another obligation missing its deadline at the same moment, a failed post-hoc check later)
 * only completes what the first one left undone.
 */
export class BreachCase {
  constructor(
    private readonly deferrals: DeferralStore,
    private readonly obligations: ObligationStore,
    private readonly credits: CreditStore,
    private readonly policy: CommitmentPolicy,
  ) {}

  async breach(input: BreachInput): Promise<boolean> {
    const deferral = await this.deferrals.get(input.deferralId);
    if (!deferral)
      throw new NotFoundError('DEFERRAL.NOT_FOUND', { zh: '容缺受理记录不存在', en: 'Deferral not found' });
    let recorded = false;
    if (!deferral.breach) {
      const at = this.policy.now();
      const credit = creditRecordFor(input.cause, at);
      const breach: BreachRecord = {
        cause: input.cause,
        ...(input.obligationId ? { obligationId: input.obligationId } : {}),
        reason: input.reason,
        creditRecordId: ids.creditRecord(deferral.deferralId),
        credit,
        declaredAt: at.toISOString(),
      };
      const ctx = contextFor(deferral, input.actor, input.causation);
      const declared = createEvent(
        'commitment.breach.declared',
        {
          caseId: deferral.caseId,
          uscc: deferral.uscc,
          cause: input.cause,
          ...(input.obligationId ? { obligationId: input.obligationId } : {}),
          reason: input.reason,
        },
        ctx,
      );
      const creditEvent = createEvent(
        'commitment.credit.recorded',
        {
          creditRecordId: breach.creditRecordId,
          uscc: deferral.uscc,
          caseId: deferral.caseId,
          cause: credit.cause,
          severity: credit.severity,
          startsAt: credit.startsAt,
          expiresAt: credit.expiresAt,
          reason: credit.reason,
        },
        { ...ctx, causationId: declared.id, correlationId: declared.correlationId },
      );
      recorded = await this.deferrals.recordBreach(deferral.deferralId, breach, [declared, creditEvent]);
    }
    await this.completeBreach(deferral.deferralId);
    return recorded;
  }

  /** After the breach write: the credit record and the stop of the other obligations (idempotent). */
  async completeBreach(deferralId: string): Promise<void> {
    const deferral = await this.deferrals.get(deferralId);
    if (!deferral?.breach) return;
    await this.credits.ensure(creditRecordOf(deferral, deferral.breach));
    await this.obligations.markCaseRevoked(deferralId);
  }

  /** Ends the deferral when every obligation is fulfilled or waived (and the sub-case was not breached). */
  async endIfSettled(deferralId: string, actor: Actor, causation?: Causation): Promise<boolean> {
    const deferral = await this.deferrals.get(deferralId);
    if (!deferral || deferral.ended || deferral.breach || deferral.decision !== 'GRANTED') return false;
    const obligations = await this.obligations.listByDeferral(deferralId);
    if (obligations.length < deferral.granted.length) return false;
    const settled = obligations.every((o) => isTerminal(o.state) && o.state !== 'BREACHED');
    if (!settled) return false;
    const event = createEvent(
      'commitment.deferral.ended',
      { caseId: deferral.caseId },
      contextFor(deferral, actor, causation),
    );
    return this.deferrals.markEnded(deferralId, [event]);
  }
}

export function creditRecordOf(deferral: DeferralRecord, breach: BreachRecord): CreditRecord {
  return {
    ...breach.credit,
    creditRecordId: breach.creditRecordId,
    uscc: deferral.uscc,
    caseId: deferral.caseId,
    applicationId: deferral.applicationId,
  };
}
