import { causedBy, TypedEnvelope } from '@app/contracts';
import { Cause } from '../../domain/application';
import { ApplicationCommands } from '../manage-application/application-commands';
import { CreditBlocks } from '../ports';

const SYSTEM = { kind: 'system' as const, id: 'intake' };

function causeOf(event: TypedEnvelope): Cause {
  const ctx = causedBy(event, 'intake', SYSTEM);
  return {
    actor: SYSTEM,
    ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
    ...(ctx.causationId ? { causationId: ctx.causationId } : {}),
  };
}

/** Flow steps 4 and 6: verification and commitment outcomes applied to the aggregate, once per event. */
export class CaseEventHandlers {
  constructor(
    private readonly commands: ApplicationCommands,
    private readonly credit: CreditBlocks,
  ) {}

  assessmentCompleted(e: TypedEnvelope<'verification.assessment.completed'>): Promise<void> {
    return this.commands.forEvent(e.applicationId, e.id, (app) =>
      app.recordAssessment(e.payload, causeOf(e)),
    );
  }

  deferralGranted(e: TypedEnvelope<'commitment.deferral.granted'>): Promise<void> {
    return this.commands.forEvent(e.applicationId, e.id, (app) =>
      app.recordDeferral(e.payload.caseId, e.payload.round, 'GRANTED', causeOf(e)),
    );
  }

  deferralRefused(e: TypedEnvelope<'commitment.deferral.refused'>): Promise<void> {
    return this.commands.forEvent(e.applicationId, e.id, (app) =>
      app.recordDeferral(e.payload.caseId, e.payload.round, 'REFUSED', causeOf(e)),
    );
  }

  breachDeclared(e: TypedEnvelope<'commitment.breach.declared'>): Promise<void> {
    return this.commands.forEvent(e.applicationId, e.id, (app) => {
      app.revoke(e.payload.caseId, e.payload.reason, causeOf(e));
    });
  }

  /** Remembered so a new filing cannot take the commitment path while the record is active. */
  creditRecorded(e: TypedEnvelope<'commitment.credit.recorded'>): Promise<void> {
    const p = e.payload;
    return this.credit.record({
      creditRecordId: p.creditRecordId,
      uscc: p.uscc,
      startsAt: p.startsAt,
      expiresAt: p.expiresAt,
    });
  }
}
