import { isActive, openObligation } from '@app/commitment-rules';
import { createEvent, type TypedEnvelope } from '@app/contracts';
import { decideDeferral } from '../../domain/deferral-decision';
import { ids, type DeferralRecord, type ObligationRecord } from '../../domain/records';
import { deadlineFor, plannedJobs } from '../../domain/schedule';
import { contextFor, SYSTEM } from '../event-context';
import {
  CommitmentPolicy,
  CreditStore,
  DeferralStore,
  JobScheduler,
  ObligationStore,
  PostHocStore,
} from '../ports';

export type DeferralOutcome = 'GRANTED' | 'REFUSED' | 'NOT_APPLICABLE' | 'ALREADY_DECIDED';

/**
 * Answers a `verification.assessment.completed`: for DEFERRABLE_GAPS_ONLY with a signed commitment exactly
 * one of `commitment.deferral.granted` / `commitment.deferral.refused` per (case, round), nothing otherwise.
 * The decision and its events are one insert under a deterministic id, so a redelivery decides nothing
 * twice; the obligations, the post-hoc check and the jobs are derived from the stored decision
 * (`materialize`), which the start-up reconciliation repeats.
 */
export class DecideDeferral {
  constructor(
    private readonly deferrals: DeferralStore,
    private readonly obligations: ObligationStore,
    private readonly credits: CreditStore,
    private readonly postHoc: PostHocStore,
    private readonly scheduler: JobScheduler,
    private readonly policy: CommitmentPolicy,
  ) {}

  async execute(event: TypedEnvelope<'verification.assessment.completed'>): Promise<DeferralOutcome> {
    const a = event.payload;
    const deferralId = ids.deferral(a.caseId, a.round);
    const existing = await this.deferrals.get(deferralId);
    if (existing) {
      await this.materialize(existing);
      return 'ALREADY_DECIDED';
    }
    const now = this.policy.now();
    const records = await this.credits.listForUscc(a.uscc);
    const active = records
      .filter((r) => isActive(r, now))
      .sort((x, y) => y.startsAt.localeCompare(x.startsAt))[0];
    const decision = decideDeferral(a, {
      clock: this.policy.clock,
      now,
      activeCreditRecordId: active?.creditRecordId,
      priorCreditRecords: records.length,
      posthocSeed: this.policy.posthocSeed,
    });
    if (decision.kind === 'NOT_APPLICABLE') return 'NOT_APPLICABLE';
    const scope = {
      applicationId: event.applicationId,
      caseId: a.caseId,
      uscc: a.uscc,
      authority: a.authority,
      itemCode: a.itemCode,
    };
    const ctx = contextFor(scope, SYSTEM, event);
    const base = { ...scope, deferralId, round: a.round, decidedAt: now.toISOString(), ended: false };
    let record: DeferralRecord;
    let events: TypedEnvelope[];
    if (decision.kind === 'REFUSED') {
      record = {
        ...base,
        decision: 'REFUSED',
        granted: [],
        refusal: {
          reason: decision.reason,
          ...(decision.creditRecordId ? { creditRecordId: decision.creditRecordId } : {}),
        },
      };
      events = [
        createEvent(
          'commitment.deferral.refused',
          {
            caseId: a.caseId,
            round: a.round,
            reason: decision.reason,
            ...(decision.creditRecordId ? { creditRecordId: decision.creditRecordId } : {}),
          },
          ctx,
        ),
      ];
    } else {
      record = {
        ...base,
        decision: 'GRANTED',
        granted: decision.obligations,
        ...(decision.postHoc ? { postHoc: decision.postHoc } : {}),
      };
      const granted = createEvent(
        'commitment.deferral.granted',
        { caseId: a.caseId, round: a.round, uscc: a.uscc, obligations: decision.obligations },
        ctx,
      );
      events = [granted];
      if (decision.postHoc) {
        events.push(
          createEvent(
            'commitment.posthoc.sampled',
            {
              checkId: decision.postHoc.checkId,
              caseId: a.caseId,
              itemCode: a.itemCode,
              authority: a.authority,
              weightBasisPoints: decision.postHoc.weightBasisPoints,
            },
            { ...ctx, causationId: granted.id },
          ),
        );
      }
    }
    const inserted = await this.deferrals.insert(record, events);
    const stored = inserted ? record : await this.deferrals.get(deferralId);
    if (stored) await this.materialize(stored);
    return inserted ? record.decision : 'ALREADY_DECIDED';
  }

  /** Creates what a granted decision implies (idempotent) and schedules the obligations' jobs. */
  async materialize(deferral: DeferralRecord): Promise<void> {
    if (deferral.decision !== 'GRANTED') return;
    const grantedAt = deferral.decidedAt;
    const decided = new Date(grantedAt);
    for (const plan of deferral.granted) {
      if ((await this.obligations.get(plan.obligationId)) === null) {
        const obligationId = plan.obligationId;
        const record: ObligationRecord = {
          ...openObligation({
            obligationId,
            caseId: deferral.caseId,
            materialCode: plan.materialCode,
            dueDate: plan.dueDate,
          }),
          applicationId: deferral.applicationId,
          uscc: deferral.uscc,
          authority: deferral.authority,
          itemCode: deferral.itemCode,
          deferralId: deferral.deferralId,
          round: deferral.round,
          grantedAt,
          deadlineAt: deadlineFor(this.policy.clock, plan.dueDate, grantedAt),
          scheduleVersion: 1,
          remindersIssued: [],
          notices: [],
          caseRevoked: false,
          waitingSince: decided.toISOString(),
        };
        await this.obligations.ensure(record);
      }
    }
    if (deferral.postHoc) {
      await this.postHoc.ensure({
        checkId: deferral.postHoc.checkId,
        deferralId: deferral.deferralId,
        applicationId: deferral.applicationId,
        caseId: deferral.caseId,
        uscc: deferral.uscc,
        authority: deferral.authority,
        itemCode: deferral.itemCode,
        weightBasisPoints: deferral.postHoc.weightBasisPoints,
        status: 'PENDING',
        sampledAt: grantedAt,
        findings: [],
        version: 1,
      });
    }
    const now = this.policy.now();
    for (const obligation of await this.obligations.listByDeferral(deferral.deferralId)) {
      await this.scheduler.schedule(
        plannedJobs(obligation, this.policy.clock, this.policy.reminderOffsets, now),
      );
    }
  }
}
