import { toLocalDate, type LocalDate } from '@app/calendar';
import { ConflictError, DomainError, type LocalizedText, type Reason } from '@app/contracts';
import { extendDueDate, type DeadlineCalendar } from './deadlines';

/**
 * A deferred-material obligation (容缺补交义务):
 *
 *   OPEN ──submit──▶ SUPPLEMENT_PENDING ──accept──▶ FULFILLED
 *    ▲                      │
 *    └──────refuse──────────┘   (with a reason; back to OPEN under the same due date)
 *   OPEN | SUPPLEMENT_PENDING ──waive (caseworker, reason)──▶ WAIVED
 *   OPEN | SUPPLEMENT_PENDING ──declare breach (caseworker, reason)──▶ BREACHED
 *   OPEN ──deadline passed (system, after the due date)──▶ BREACHED
 *   OPEN | SUPPLEMENT_PENDING ──extend (caseworker, reason, capped)──▶ same state, later due date
 *
 * The deadline does not breach a SUPPLEMENT_PENDING obligation: the applicant supplied in time and the
 * re-check's duration is not theirs to answer for. If the supplement is refused after the due date, the
 * obligation is OPEN and overdue; the next deadline check breaches it unless a caseworker extends it.
 */
export type ObligationState = 'OPEN' | 'SUPPLEMENT_PENDING' | 'FULFILLED' | 'WAIVED' | 'BREACHED';

export const OBLIGATION_STATE_LABELS: Readonly<Record<ObligationState, LocalizedText>> = {
  OPEN: { zh: '待补交', en: 'Open' },
  SUPPLEMENT_PENDING: { zh: '补交待核验', en: 'Supplement under check' },
  FULFILLED: { zh: '已履行', en: 'Fulfilled' },
  WAIVED: { zh: '已免除', en: 'Waived' },
  BREACHED: { zh: '已违诺', en: 'Breached' },
};

export interface SubmittedSupplement {
  documentId: string;
  sha256: string;
  submittedAt: string;
}

export interface Obligation {
  obligationId: string;
  caseId: string;
  materialCode: string;
  state: ObligationState;
  /** Last day (inclusive, UTC+8) to supply the material. */
  dueDate: LocalDate;
  /** Working days of extension granted so far (capped by policy). */
  extendedDays: number;
  /** Starts at 1; every accepted action adds 1 (optimistic concurrency). */
  version: number;
  /** The supplement under check or accepted; cleared when refused. */
  supplement?: SubmittedSupplement;
  /** Why the last decision on it was taken (refusal, extension, waiver, breach, caseworker acceptance). */
  lastReason?: Reason;
  fulfilledHow?: 'VERIFIED' | 'CASEWORKER_ACCEPTED';
  breachCause?: 'DEADLINE_MISSED' | 'DECLARED';
}

export function openObligation(input: {
  obligationId: string;
  caseId: string;
  materialCode: string;
  dueDate: LocalDate;
}): Obligation {
  return { ...input, state: 'OPEN', extendedDays: 0, version: 1 };
}

/** Who decided on a supplement: the automatic re-check, or a caseworker (who must say why). */
export type SupplementDecider = 'verification' | 'caseworker';

interface ActionBase {
  /** When given, the action is refused unless the obligation is still at this version. */
  expectedVersion?: number;
}

export type ObligationAction = ActionBase &
  (
    | { kind: 'SUBMIT_SUPPLEMENT'; documentId: string; sha256: string; submittedAt: Date }
    | { kind: 'ACCEPT_SUPPLEMENT'; by: SupplementDecider; reason?: Reason }
    | { kind: 'REFUSE_SUPPLEMENT'; by: SupplementDecider; reason: Reason; resubmissionRequested?: boolean }
    | {
        kind: 'EXTEND';
        extraDays: number;
        maxExtensionDays: number;
        calendar: DeadlineCalendar;
        reason: Reason;
      }
    | { kind: 'WAIVE'; reason: Reason }
    | { kind: 'DECLARE_BREACH'; reason: Reason }
    | { kind: 'DEADLINE_PASSED'; now: Date }
  );

export type ObligationActionKind = ObligationAction['kind'];

export const OBLIGATION_ACTION_LABELS: Readonly<Record<ObligationActionKind, LocalizedText>> = {
  SUBMIT_SUPPLEMENT: { zh: '补交材料', en: 'submit a supplement' },
  ACCEPT_SUPPLEMENT: { zh: '认可补交材料', en: 'accept the supplement' },
  REFUSE_SUPPLEMENT: { zh: '不予认可补交材料', en: 'refuse the supplement' },
  EXTEND: { zh: '延期', en: 'extend the due date' },
  WAIVE: { zh: '免除补交', en: 'waive the obligation' },
  DECLARE_BREACH: { zh: '认定违诺', en: 'declare a breach' },
  DEADLINE_PASSED: { zh: '到期未补交', en: 'deadline passed' },
};

/** What happened, in the words of the events the commitment service emits for it. */
export type ObligationEffect =
  | { kind: 'SUPPLEMENT_SUBMITTED' }
  | { kind: 'FULFILLED'; how: 'VERIFIED' | 'CASEWORKER_ACCEPTED' | 'WAIVED' }
  | { kind: 'UPDATED'; change: 'RESUBMISSION_REQUESTED' | 'EXTENDED' | 'SUPPLEMENT_REFUSED' }
  | { kind: 'BREACHED'; cause: 'DEADLINE_MISSED' | 'DECLARED' };

export interface ObligationTransition {
  obligation: Obligation;
  effect: ObligationEffect;
}

/** The states each action may start from. */
const ALLOWED_FROM: Readonly<Record<ObligationActionKind, readonly ObligationState[]>> = {
  SUBMIT_SUPPLEMENT: ['OPEN'],
  ACCEPT_SUPPLEMENT: ['SUPPLEMENT_PENDING'],
  REFUSE_SUPPLEMENT: ['SUPPLEMENT_PENDING'],
  EXTEND: ['OPEN', 'SUPPLEMENT_PENDING'],
  WAIVE: ['OPEN', 'SUPPLEMENT_PENDING'],
  DECLARE_BREACH: ['OPEN', 'SUPPLEMENT_PENDING'],
  DEADLINE_PASSED: ['OPEN'],
};

export function isTerminal(state: ObligationState): boolean {
  return state === 'FULFILLED' || state === 'WAIVED' || state === 'BREACHED';
}

/** Actions that may be applied to the obligation now, e.g. for the caseworker queue's buttons. */
export function allowedActions(obligation: Obligation): ObligationActionKind[] {
  return (Object.keys(ALLOWED_FROM) as ObligationActionKind[]).filter((kind) =>
    ALLOWED_FROM[kind].includes(obligation.state),
  );
}

/**
 * Applies one action and returns the next obligation (version + 1) with its effect; never changes the input.
 * Refuses with:
 * - ConflictError `OBLIGATION.VERSION_CONFLICT` — `expectedVersion` is stale;
 * - ConflictError `OBLIGATION.ILLEGAL_ACTION` — not allowed from the current state;
 * - DomainError `OBLIGATION.REASON_REQUIRED` — a caseworker action, or any refusal, without a reason;
 * - ConflictError `OBLIGATION.PAST_DUE` — a supplement submitted after the due date;
 * - ConflictError `OBLIGATION.NOT_YET_DUE` — a deadline event before the due date has passed;
 * - ConflictError `OBLIGATION.EXTENSION_CAP` — an extension beyond the cap.
 */
export function applyObligationAction(
  obligation: Obligation,
  action: ObligationAction,
): ObligationTransition {
  if (action.expectedVersion !== undefined && action.expectedVersion !== obligation.version) {
    throw new ConflictError('OBLIGATION.VERSION_CONFLICT', {
      zh: `补交义务 ${obligation.obligationId} 已被他人更新（当前版本 ${obligation.version}，请求版本 ${action.expectedVersion}），请刷新后重试`,
      en: `Obligation ${obligation.obligationId} was changed meanwhile (version ${obligation.version}, expected ${action.expectedVersion}); reload and retry`,
    });
  }
  if (!ALLOWED_FROM[action.kind].includes(obligation.state)) throw illegal(obligation, action.kind);
  const next = (
    changes: Partial<Obligation>,
    effect: ObligationEffect,
    base: Obligation = obligation,
  ): ObligationTransition => ({
    obligation: { ...base, ...changes, version: obligation.version + 1 },
    effect,
  });
  switch (action.kind) {
    case 'SUBMIT_SUPPLEMENT': {
      assertNotPastDue(obligation, action.submittedAt);
      const supplement = {
        documentId: action.documentId,
        sha256: action.sha256,
        submittedAt: action.submittedAt.toISOString(),
      };
      return next({ state: 'SUPPLEMENT_PENDING', supplement }, { kind: 'SUPPLEMENT_SUBMITTED' });
    }
    case 'ACCEPT_SUPPLEMENT': {
      if (action.by === 'caseworker') {
        const reason = requireReason(action.reason);
        return next(
          { state: 'FULFILLED', fulfilledHow: 'CASEWORKER_ACCEPTED', lastReason: reason },
          { kind: 'FULFILLED', how: 'CASEWORKER_ACCEPTED' },
        );
      }
      return next({ state: 'FULFILLED', fulfilledHow: 'VERIFIED' }, { kind: 'FULFILLED', how: 'VERIFIED' });
    }
    case 'REFUSE_SUPPLEMENT': {
      const reason = requireReason(action.reason);
      const change = action.resubmissionRequested === true ? 'RESUBMISSION_REQUESTED' : 'SUPPLEMENT_REFUSED';
      return next(
        { state: 'OPEN', lastReason: reason },
        { kind: 'UPDATED', change },
        withoutSupplement(obligation),
      );
    }
    case 'EXTEND': {
      const reason = requireReason(action.reason);
      const extended = extendDueDate(
        action.calendar,
        obligation.dueDate,
        action.extraDays,
        obligation.extendedDays,
        action.maxExtensionDays,
      );
      return next({ ...extended, lastReason: reason }, { kind: 'UPDATED', change: 'EXTENDED' });
    }
    case 'WAIVE':
      return next(
        { state: 'WAIVED', lastReason: requireReason(action.reason) },
        { kind: 'FULFILLED', how: 'WAIVED' },
      );
    case 'DECLARE_BREACH':
      return next(
        { state: 'BREACHED', breachCause: 'DECLARED', lastReason: requireReason(action.reason) },
        { kind: 'BREACHED', cause: 'DECLARED' },
      );
    case 'DEADLINE_PASSED':
      assertOverdue(obligation, action.now);
      return next(
        { state: 'BREACHED', breachCause: 'DEADLINE_MISSED' },
        { kind: 'BREACHED', cause: 'DEADLINE_MISSED' },
      );
  }
}

function withoutSupplement(obligation: Obligation): Obligation {
  const copy = { ...obligation };
  delete copy.supplement;
  return copy;
}

function illegal(obligation: Obligation, kind: ObligationActionKind): ConflictError {
  const state = OBLIGATION_STATE_LABELS[obligation.state];
  const action = OBLIGATION_ACTION_LABELS[kind];
  return new ConflictError('OBLIGATION.ILLEGAL_ACTION', {
    zh: `补交义务 ${obligation.obligationId} 当前状态为“${state.zh}”，不能${action.zh}`,
    en: `Obligation ${obligation.obligationId} is ${state.en.toLowerCase()}; cannot ${action.en}`,
  });
}

function isBlank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

/** A reason must say something: a code plus a text or a note. */
function requireReason(reason: Reason | undefined): Reason {
  const said =
    reason !== undefined &&
    !isBlank(reason.code) &&
    !(isBlank(reason.text?.zh) && isBlank(reason.text?.en) && isBlank(reason.note));
  if (reason === undefined || !said) {
    const message = { zh: '此操作必须填写理由', en: 'This action requires a reason' };
    throw new DomainError('OBLIGATION.REASON_REQUIRED', message, [
      { path: 'reason', code: 'OBLIGATION.REASON_REQUIRED', message },
    ]);
  }
  return reason;
}

function assertNotPastDue(obligation: Obligation, submittedAt: Date): void {
  const day = toLocalDate(submittedAt);
  if (day > obligation.dueDate) {
    throw new ConflictError('OBLIGATION.PAST_DUE', {
      zh: `补交期限已于 ${obligation.dueDate} 届满（提交日 ${day}）`,
      en: `The supplement was due by ${obligation.dueDate} (submitted ${day})`,
    });
  }
}

function assertOverdue(obligation: Obligation, now: Date): void {
  const today = toLocalDate(now);
  if (today <= obligation.dueDate) {
    throw new ConflictError('OBLIGATION.NOT_YET_DUE', {
      zh: `补交期限 ${obligation.dueDate} 尚未届满（今天 ${today}）`,
      en: `The due date ${obligation.dueDate} has not passed yet (today ${today})`,
    });
  }
}
