import { DomainError, type Reason, type SubCaseStateName } from '@app/contracts';
import { SUB_CASE_STATE_LABELS, isFailure, isTerminal } from './sub-case-state-machine';

/** What the saga needs of a sub-case: its key in the bundle, its state, the keys it depends on. */
export interface SagaSubCase {
  key: string;
  state: SubCaseStateName;
  prerequisites: readonly string[];
}

export type SagaDecision =
  | { kind: 'PROCEED'; caseKey: string; to: 'PROCESSING' }
  | { kind: 'WAIT'; caseKey: string; to: 'WAITING_PREREQUISITE' }
  | { kind: 'CANCEL'; caseKey: string; to: 'CANCELLED'; failedPrerequisite: string; reason: Reason };

/** States in which a sub-case is accepted and only its prerequisites stand between it and dispatch. */
const READY: ReadonlySet<SubCaseStateName> = new Set([
  'ACCEPTED',
  'ACCEPTED_WITH_DEFERRAL',
  'WAITING_PREREQUISITE',
]);

/**
 * The fan-out saga's next commands, in the order of `subCases`. A failed prerequisite anywhere
 * upstream cancels first; otherwise an accepted sub-case proceeds once all its prerequisites are
 * COMPLETED, or waits. Only changes are returned, so applying them and asking again yields nothing
 * new until another sub-case moves.
 */
export function sagaDecisions(subCases: readonly SagaSubCase[]): SagaDecision[] {
  const byKey = new Map(subCases.map((s) => [s.key, s]));
  assertPrerequisitesKnown(subCases, byKey);
  const decisions: SagaDecision[] = [];
  for (const subCase of subCases) {
    if (isTerminal(subCase.state)) continue;
    const failed = nearestFailedPrerequisite(subCase, byKey);
    if (failed) {
      decisions.push({
        kind: 'CANCEL',
        caseKey: subCase.key,
        to: 'CANCELLED',
        failedPrerequisite: failed.key,
        reason: prerequisiteFailed(failed),
      });
      continue;
    }
    if (!READY.has(subCase.state)) continue;
    const allCompleted = subCase.prerequisites.every((k) => byKey.get(k)?.state === 'COMPLETED');
    if (allCompleted) decisions.push({ kind: 'PROCEED', caseKey: subCase.key, to: 'PROCESSING' });
    else if (subCase.state !== 'WAITING_PREREQUISITE') {
      decisions.push({ kind: 'WAIT', caseKey: subCase.key, to: 'WAITING_PREREQUISITE' });
    }
  }
  return decisions;
}

/**
 * Breadth-first over the prerequisite graph, so the reason names the closest failure; `seen` keeps a
 * (malformed) cyclic graph from looping.
 */
function nearestFailedPrerequisite(
  subCase: SagaSubCase,
  byKey: ReadonlyMap<string, SagaSubCase>,
): SagaSubCase | undefined {
  const seen = new Set<string>([subCase.key]);
  const queue = [...subCase.prerequisites];
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i];
    if (seen.has(key)) continue;
    seen.add(key);
    const prerequisite = byKey.get(key);
    if (!prerequisite) continue;
    if (isFailure(prerequisite.state)) return prerequisite;
    queue.push(...prerequisite.prerequisites);
  }
  return undefined;
}

function prerequisiteFailed(failed: SagaSubCase): Reason {
  const label = SUB_CASE_STATE_LABELS[failed.state];
  return {
    code: 'SAGA.PREREQUISITE_FAILED',
    text: {
      zh: `前置事项 ${failed.key} ${label.zh}，本事项无法继续办理，已取消`,
      en: `Prerequisite ${failed.key} ended ${label.en}; this sub-case cannot go on and is cancelled`,
    },
  };
}

/** A prerequisite outside the application means the bundle expansion is broken: fail loudly. */
function assertPrerequisitesKnown(
  subCases: readonly SagaSubCase[],
  byKey: ReadonlyMap<string, SagaSubCase>,
): void {
  for (const subCase of subCases) {
    const unknown = subCase.prerequisites.find((k) => !byKey.has(k));
    if (unknown !== undefined) {
      throw new DomainError('SAGA.UNKNOWN_PREREQUISITE', {
        zh: `子事项 ${subCase.key} 的前置事项 ${unknown} 不在本申请中`,
        en: `Prerequisite ${unknown} of sub-case ${subCase.key} is not part of this application`,
      });
    }
  }
}
