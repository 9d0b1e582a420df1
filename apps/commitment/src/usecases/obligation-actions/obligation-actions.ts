import {
  applyObligationAction,
  type Obligation,
  type ObligationAction,
  type ObligationEffect,
} from '@app/commitment-rules';
import {
  ConflictError,
  createEvent,
  DomainError,
  NotFoundError,
  type Actor,
  type Reason,
  type TypedEnvelope,
} from '@app/contracts';
import type { ObligationRecord } from '../../domain/records';
import { deadlineFor, plannedJobs } from '../../domain/schedule';
import { BreachCase } from '../breach-case/breach-case';
import { contextFor, type Causation } from '../event-context';
import { CommitmentPolicy, JobScheduler, ObligationStore } from '../ports';

export const DESK_ACTIONS = ['accept', 'request-resubmission', 'extend', 'waive', 'declare-breach'] as const;
export type DeskActionKind = (typeof DESK_ACTIONS)[number];
export interface DeskAction {
  kind: DeskActionKind;
  reason: string;
  /** Working days to add (extend only). */
  days?: number;
  /** When given, refused with OBLIGATION.CONCURRENT_UPDATE unless the obligation is still at this version. */
  expectedVersion?: number;
}

export interface ApplyOptions {
  causation?: Causation;
  /** The incoming event applied (recorded on the obligation so a redelivery changes nothing). */
  causeEventId?: string;
}

const DESK_LABELS: Record<DeskActionKind, { zh: string; en: string }> = {
  accept: { zh: '人工认可补交材料', en: 'Supplement accepted by the caseworker' },
  'request-resubmission': { zh: '要求重新补交', en: 'Resubmission requested' },
  extend: { zh: '延长补交期限', en: 'Due date extended' },
  waive: { zh: '免除补交', en: 'Obligation waived' },
  'declare-breach': { zh: '认定违反承诺', en: 'Breach declared' },
};

export function notFound(): NotFoundError {
  return new NotFoundError('OBLIGATION.NOT_FOUND', { zh: '补交义务不存在', en: 'Obligation not found' });
}

export function concurrentUpdate(obligationId: string): ConflictError {
  return new ConflictError('OBLIGATION.CONCURRENT_UPDATE', {
    zh: `补交义务 ${obligationId} 已被他人同时更新，请刷新后重试`,
    en: `Obligation ${obligationId} was updated concurrently; reload and retry`,
  });
}

/** The record's own facts (scope, schedule) that the rule's obligation does not know. */
function recordFacts(o: ObligationRecord): Omit<ObligationRecord, keyof Obligation> {
  return {
    applicationId: o.applicationId,
    uscc: o.uscc,
    authority: o.authority,
    itemCode: o.itemCode,
    deferralId: o.deferralId,
    round: o.round,
    grantedAt: o.grantedAt,
    deadlineAt: o.deadlineAt,
    scheduleVersion: o.scheduleVersion,
    remindersIssued: o.remindersIssued,
    notices: o.notices,
    caseRevoked: o.caseRevoked,
    waitingSince: o.waitingSince,
  };
}

/**
 * Every change of an obligation goes through here: the rule (`applyObligationAction`) decides, the
 * change and its events are one optimistic (version-checked) write, then the jobs follow the new
 * schedule, a settled sub-case ends its deferral and a breach is declared for the sub-case.
 */
export class ObligationActions {
  constructor(
    private readonly obligations: ObligationStore,
    private readonly breaches: BreachCase,
    private readonly scheduler: JobScheduler,
    private readonly policy: CommitmentPolicy,
  ) {}

  async listForApplicant(uscc: string): Promise<ObligationRecord[]> {
    return this.obligations.listForUscc(uscc);
  }

  /** An obligation of the applicant's own enterprise; another's is "not found" (no existence leak). */
  async forApplicant(uscc: string, obligationId: string): Promise<ObligationRecord> {
    const o = await this.obligations.get(obligationId);
    if (!o || o.uscc !== uscc) throw notFound();
    return o;
  }

  async forAuthority(authority: string, obligationId: string): Promise<ObligationRecord> {
    const o = await this.obligations.get(obligationId);
    if (!o || o.authority !== authority) throw notFound();
    return o;
  }

  async submitSupplement(
    actor: Actor & { uscc: string },
    obligationId: string,
    doc: { documentId: string; sha256: string },
  ): Promise<ObligationRecord> {
    const o = await this.forApplicant(actor.uscc, obligationId);
    assertNotRevoked(o);
    const submittedAt = this.policy.clock.toRuleTime(this.policy.now(), new Date(o.grantedAt));
    return this.apply(
      o,
      { kind: 'SUBMIT_SUPPLEMENT', documentId: doc.documentId, sha256: doc.sha256, submittedAt },
      actor,
    );
  }

  /** verification.supplement.checked: VERIFIED fulfils, MISMATCH reopens with the reason, MANUAL_REVIEW waits for a caseworker. */
  async onSupplementChecked(
    event: TypedEnvelope<'verification.supplement.checked'>,
    actor: Actor,
  ): Promise<'APPLIED' | 'IGNORED'> {
    const p = event.payload;
    if (p.outcome === 'MANUAL_REVIEW') return 'IGNORED';
    for (let attempt = 0; attempt < 5; attempt++) {
      const o = await this.obligations.get(p.obligationId);
      if (!o) throw notFound();
      if (o.state !== 'SUPPLEMENT_PENDING' || o.caseRevoked) return 'IGNORED';
      const action: ObligationAction =
        p.outcome === 'VERIFIED'
          ? { kind: 'ACCEPT_SUPPLEMENT', by: 'verification' }
          : {
              kind: 'REFUSE_SUPPLEMENT',
              by: 'verification',
              reason: { code: 'SUPPLEMENT.MISMATCH', text: p.reason },
            };
      try {
        await this.apply(o, action, actor, { causation: event, causeEventId: event.id });
        return 'APPLIED';
      } catch (e) {
        // Raced with another change (or this event was applied by a parallel delivery): re-read and decide again.
        if (e instanceof ConflictError && e.code === 'OBLIGATION.CONCURRENT_UPDATE') continue;
        throw e;
      }
    }
    throw concurrentUpdate(p.obligationId);
  }

  async deskAction(
    actor: Actor & { authority: string },
    obligationId: string,
    action: DeskAction,
  ): Promise<ObligationRecord> {
    const o = await this.forAuthority(actor.authority, obligationId);
    const text = action.reason.trim();
    if (text.length < this.policy.reasonMinLength) {
      const message = {
        zh: `理由至少 ${this.policy.reasonMinLength} 个字`,
        en: `The reason needs at least ${this.policy.reasonMinLength} characters`,
      };
      throw new DomainError('OBLIGATION.REASON_REQUIRED', message, [
        { path: 'reason', code: 'OBLIGATION.REASON_REQUIRED', message },
      ]);
    }
    assertNotRevoked(o);
    const reason: Reason = {
      code: `DESK.${action.kind.toUpperCase().replace(/-/g, '_')}`,
      text: { zh: text, en: text },
      note: DESK_LABELS[action.kind].en,
    };
    const expectedVersion = action.expectedVersion;
    const base = expectedVersion === undefined ? {} : { expectedVersion };
    const ruleAction: ObligationAction = (() => {
      switch (action.kind) {
        case 'accept':
          return { ...base, kind: 'ACCEPT_SUPPLEMENT', by: 'caseworker', reason };
        case 'request-resubmission':
          return {
            ...base,
            kind: 'REFUSE_SUPPLEMENT',
            by: 'caseworker',
            reason,
            resubmissionRequested: true,
          };
        case 'extend':
          return {
            ...base,
            kind: 'EXTEND',
            extraDays: action.days ?? 0,
            maxExtensionDays: this.policy.maxExtensionDays,
            calendar: this.policy.clock.calendar,
            reason,
          };
        case 'waive':
          return { ...base, kind: 'WAIVE', reason };
        case 'declare-breach':
          return { ...base, kind: 'DECLARE_BREACH', reason };
      }
    })();
    return this.apply(o, ruleAction, actor);
  }

  /** The due check: an OPEN obligation past its due date is breached (DEADLINE_MISSED). */
  async deadlinePassed(o: ObligationRecord, actor: Actor): Promise<ObligationRecord> {
    const now = this.policy.clock.toRuleTime(this.policy.now(), new Date(o.grantedAt));
    return this.apply(o, { kind: 'DEADLINE_PASSED', now }, actor);
  }

  async apply(
    o: ObligationRecord,
    action: ObligationAction,
    actor: Actor,
    options: ApplyOptions = {},
  ): Promise<ObligationRecord> {
    let transition;
    try {
      transition = applyObligationAction(o, action);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'OBLIGATION.VERSION_CONFLICT')
        throw concurrentUpdate(o.obligationId);
      throw e;
    }
    const now = this.policy.now();
    const next: ObligationRecord = { ...recordFacts(o), ...transition.obligation };
    if (next.state !== o.state) next.waitingSince = now.toISOString();
    const effect = transition.effect;
    if (effect.kind === 'UPDATED' && effect.change === 'EXTENDED') {
      next.scheduleVersion = o.scheduleVersion + 1;
      next.deadlineAt = deadlineFor(this.policy.clock, next.dueDate, o.grantedAt);
    }
    const events = this.eventsFor(next, effect, actor, options.causation);
    if (!(await this.obligations.replace(next, o.version, events, options.causeEventId)))
      throw concurrentUpdate(o.obligationId);
    await this.scheduler.schedule(plannedJobs(next, this.policy.clock, this.policy.reminderOffsets, now));
    if (effect.kind === 'FULFILLED')
      await this.breaches.endIfSettled(next.deferralId, actor, options.causation);
    if (effect.kind === 'BREACHED') {
      await this.breaches.breach({
        deferralId: next.deferralId,
        cause: effect.cause,
        obligationId: next.obligationId,
        reason: next.lastReason ?? deadlineMissedReason(next),
        actor,
        causation: options.causation,
      });
    }
    return next;
  }

  private eventsFor(
    o: ObligationRecord,
    effect: ObligationEffect,
    actor: Actor,
    causation?: Causation,
  ): TypedEnvelope[] {
    const ctx = contextFor(o, actor, causation);
    const ref = { obligationId: o.obligationId, caseId: o.caseId, materialCode: o.materialCode };
    switch (effect.kind) {
      case 'SUPPLEMENT_SUBMITTED':
        return [
          createEvent(
            'commitment.obligation.supplement-submitted',
            {
              ...ref,
              documentId: o.supplement?.documentId ?? '',
              sha256: o.supplement?.sha256 ?? '',
              uscc: o.uscc,
            },
            ctx,
          ),
        ];
      case 'FULFILLED':
        return [
          createEvent(
            'commitment.obligation.fulfilled',
            {
              ...ref,
              how: effect.how,
              ...(o.lastReason && effect.how !== 'VERIFIED' ? { reason: o.lastReason } : {}),
            },
            ctx,
          ),
        ];
      case 'UPDATED':
        return [
          createEvent(
            'commitment.obligation.updated',
            {
              ...ref,
              change: effect.change,
              dueDate: o.dueDate,
              reason: o.lastReason ?? deadlineMissedReason(o),
            },
            ctx,
          ),
        ];
      case 'BREACHED':
        // The breach is declared once per sub-case, on the deferral (see BreachCase).
        return [];
    }
  }
}

function assertNotRevoked(o: ObligationRecord): void {
  if (o.caseRevoked) {
    throw new ConflictError('OBLIGATION.CASE_REVOKED', {
      zh: `子事项 ${o.caseId} 已因违诺被撤销，补交义务不再办理`,
      en: `Sub-case ${o.caseId} was revoked after a breach; the obligation is closed`,
    });
  }
}

export function deadlineMissedReason(o: Pick<ObligationRecord, 'materialCode' | 'dueDate'>): Reason {
  return {
    code: 'OBLIGATION.DEADLINE_MISSED',
    text: {
      zh: `容缺材料 ${o.materialCode} 逾期未补交（期限 ${o.dueDate}）`,
      en: `Deferred material ${o.materialCode} not supplied by ${o.dueDate}`,
    },
  };
}
