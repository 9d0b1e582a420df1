import type { LocalizedText, SubCaseStateName } from '@app/contracts';
import { isTerminal } from './sub-case-state-machine';

export const APPLICATION_STATUSES = [
  'IN_VERIFICATION',
  'CORRECTION_REQUIRED',
  'IN_PROGRESS',
  'COMPLETED',
  'PARTIALLY_COMPLETED',
  'REJECTED',
  'CANCELLED',
  'WITHDRAWN',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, LocalizedText> = {
  IN_VERIFICATION: { zh: '材料核验中', en: 'In verification' },
  CORRECTION_REQUIRED: { zh: '待补正', en: 'Correction required' },
  IN_PROGRESS: { zh: '办理中', en: 'In progress' },
  COMPLETED: { zh: '已全部办结', en: 'Completed' },
  PARTIALLY_COMPLETED: { zh: '部分办结', en: 'Partially completed' },
  REJECTED: { zh: '未能办理', en: 'Rejected' },
  CANCELLED: { zh: '已取消', en: 'Cancelled' },
  WITHDRAWN: { zh: '已撤回', en: 'Withdrawn' },
};

const UNDER_VERIFICATION: ReadonlySet<SubCaseStateName> = new Set(['RECEIVED', 'VERIFYING']);

/**
 * The application's status, derived from its sub-cases' states (first rule that applies wins):
 *  1. withdrawn by the applicant ⇒ WITHDRAWN, or PARTIALLY_COMPLETED if some sub-case had already
 *     completed (those results stand and the applicant must see them);
 *  2. any sub-case CORRECTION_REQUIRED ⇒ CORRECTION_REQUIRED (the applicant owes the next step);
 *  3. any sub-case RECEIVED or VERIFYING ⇒ IN_VERIFICATION (acceptance of the whole is not settled);
 *     also for an application with no sub-cases yet;
 *  4. any other non-terminal sub-case ⇒ IN_PROGRESS;
 *  — every sub-case is terminal from here on —
 *  5. all COMPLETED ⇒ COMPLETED;
 *  6. some COMPLETED ⇒ PARTIALLY_COMPLETED;
 *  7. none completed, all CANCELLED ⇒ CANCELLED;
 *  8. none completed, some REJECTED / DENIED / REVOKED ⇒ REJECTED.
 */
export function deriveApplicationStatus(
  states: readonly SubCaseStateName[],
  withdrawn = false,
): ApplicationStatus {
  const someCompleted = states.includes('COMPLETED');
  if (withdrawn) return someCompleted ? 'PARTIALLY_COMPLETED' : 'WITHDRAWN';
  if (states.includes('CORRECTION_REQUIRED')) return 'CORRECTION_REQUIRED';
  if (states.length === 0 || states.some((s) => UNDER_VERIFICATION.has(s))) return 'IN_VERIFICATION';
  if (states.some((s) => !isTerminal(s))) return 'IN_PROGRESS';
  if (states.every((s) => s === 'COMPLETED')) return 'COMPLETED';
  if (someCompleted) return 'PARTIALLY_COMPLETED';
  if (states.every((s) => s === 'CANCELLED')) return 'CANCELLED';
  // Remaining: all terminal, none completed, at least one refused, denied or revoked.
  return 'REJECTED';
}
