import { ConflictError, type LocalizedText, type Reason, type SubCaseStateName } from '@app/contracts';

export const SUB_CASE_STATE_LABELS: Record<SubCaseStateName, LocalizedText> = {
  RECEIVED: { zh: '已接收', en: 'Received' },
  VERIFYING: { zh: '材料核验中', en: 'Verifying' },
  ACCEPTED: { zh: '已受理', en: 'Accepted' },
  ACCEPTED_WITH_DEFERRAL: { zh: '容缺受理', en: 'Accepted with deferral' },
  CORRECTION_REQUIRED: { zh: '待补正', en: 'Correction required' },
  REJECTED: { zh: '不予受理', en: 'Rejected' },
  WAITING_PREREQUISITE: { zh: '等待前置事项', en: 'Waiting for prerequisites' },
  PROCESSING: { zh: '办理中', en: 'Processing' },
  COMPLETED: { zh: '已办结', en: 'Completed' },
  DENIED: { zh: '不予办理', en: 'Denied' },
  CANCELLED: { zh: '已取消', en: 'Cancelled' },
  REVOKED: { zh: '已撤销', en: 'Revoked' },
};

const TERMINAL: ReadonlySet<SubCaseStateName> = new Set([
  'REJECTED',
  'COMPLETED',
  'DENIED',
  'CANCELLED',
  'REVOKED',
]);
const FAILURE: ReadonlySet<SubCaseStateName> = new Set(['REJECTED', 'DENIED', 'CANCELLED', 'REVOKED']);

/** The forward path. CANCELLED and REVOKED are cross-cutting and decided in `canTransition`. */
const FORWARD: Record<SubCaseStateName, readonly SubCaseStateName[]> = {
  RECEIVED: ['VERIFYING'],
  VERIFYING: ['ACCEPTED', 'ACCEPTED_WITH_DEFERRAL', 'CORRECTION_REQUIRED', 'REJECTED'],
  CORRECTION_REQUIRED: ['VERIFYING'],
  ACCEPTED: ['WAITING_PREREQUISITE', 'PROCESSING'],
  ACCEPTED_WITH_DEFERRAL: ['WAITING_PREREQUISITE', 'PROCESSING'],
  WAITING_PREREQUISITE: ['PROCESSING'],
  PROCESSING: ['COMPLETED', 'DENIED'],
  REJECTED: [],
  COMPLETED: [],
  DENIED: [],
  CANCELLED: [],
  REVOKED: [],
};

/** States a breach or a failed post-hoc check can revoke — COMPLETED included: 告知承诺 is checked after the fact. */
const REVOCABLE: ReadonlySet<SubCaseStateName> = new Set([
  'ACCEPTED_WITH_DEFERRAL',
  'WAITING_PREREQUISITE',
  'PROCESSING',
  'COMPLETED',
]);

/** Terminal: nothing follows, except REVOKED after COMPLETED for a commitment-path sub-case. */
export function isTerminal(state: SubCaseStateName): boolean {
  return TERMINAL.has(state);
}

export function isFailure(state: SubCaseStateName): boolean {
  return FAILURE.has(state);
}

export function isSuccess(state: SubCaseStateName): boolean {
  return state === 'COMPLETED';
}

/**
 * `viaCommitment`: the sub-case went through the notice-and-commitment path (告知承诺). Only such a
 * sub-case can be REVOKED, because only a commitment can be breached or fail a post-hoc check.
 */
export function canTransition(from: SubCaseStateName, to: SubCaseStateName, viaCommitment: boolean): boolean {
  if (FORWARD[from].includes(to)) return true;
  if (to === 'CANCELLED') return !isTerminal(from);
  if (to === 'REVOKED') return viaCommitment && REVOCABLE.has(from);
  return false;
}

/** The minimum the state machine needs; callers pass their own richer sub-case and get it back. */
export interface TransitionableSubCase {
  caseId: string;
  state: SubCaseStateName;
  viaCommitment: boolean;
}

/** One state change, as `intake.subcase.transitioned` records it. */
export interface SubCaseTransition {
  caseId: string;
  from: SubCaseStateName;
  to: SubCaseStateName;
  /** ISO-8601 instant. */
  at: string;
  reason?: Reason;
}

/**
 * Moves a sub-case to `to` or throws `SUBCASE.ILLEGAL_TRANSITION`. Pure: returns a new sub-case.
 * Entering ACCEPTED_WITH_DEFERRAL marks the sub-case as commitment-path: deferral exists only under
 * a signed commitment, so from then on it can be revoked.
 */
export function transition<S extends TransitionableSubCase>(
  subCase: S,
  to: SubCaseStateName,
  reason: Reason | undefined,
  at: Date,
): { subCase: S; transition: SubCaseTransition } {
  const from = subCase.state;
  if (!canTransition(from, to, subCase.viaCommitment)) {
    throw illegalTransition(subCase.caseId, from, to, subCase.viaCommitment);
  }
  const next: S = {
    ...subCase,
    state: to,
    viaCommitment: subCase.viaCommitment || to === 'ACCEPTED_WITH_DEFERRAL',
  };
  return {
    subCase: next,
    transition: { caseId: subCase.caseId, from, to, at: at.toISOString(), ...(reason ? { reason } : {}) },
  };
}

function illegalTransition(
  caseId: string,
  from: SubCaseStateName,
  to: SubCaseStateName,
  viaCommitment: boolean,
): ConflictError {
  const f = SUB_CASE_STATE_LABELS[from];
  const t = SUB_CASE_STATE_LABELS[to];
  // Say why when the only obstacle is the missing commitment: that is the one a caseworker can misread.
  const onlyCommitmentMissing = to === 'REVOKED' && !viaCommitment && REVOCABLE.has(from);
  const why: LocalizedText = onlyCommitmentMissing
    ? {
        zh: '：仅经告知承诺办理的子事项可以撤销',
        en: ': only a sub-case handled under a commitment can be revoked',
      }
    : { zh: '', en: '' };
  return new ConflictError('SUBCASE.ILLEGAL_TRANSITION', {
    zh: `子事项 ${caseId} 不能从「${f.zh}」(${from}) 变更为「${t.zh}」(${to})${why.zh}`,
    en: `Sub-case ${caseId} cannot go from ${from} (${f.en}) to ${to} (${t.en})${why.en}`,
  });
}
