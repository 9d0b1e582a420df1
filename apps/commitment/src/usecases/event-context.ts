import { causedBy, type Actor, type EventContext } from '@app/contracts';
import type { CaseScope } from '../domain/records';

export const PRODUCER = 'commitment';
export const SYSTEM: Actor = { kind: 'system', id: 'commitment' };

/** What caused a change: an incoming event (same correlation) or nothing (an HTTP request, a timer). */
export interface Causation {
  id: string;
  correlationId: string;
  applicationId: string;
}

export function contextFor(
  scope: Pick<CaseScope, 'applicationId' | 'caseId'>,
  actor: Actor,
  cause?: Causation,
): EventContext {
  if (cause) return { ...causedBy(cause, PRODUCER, actor, scope.caseId), applicationId: scope.applicationId };
  return { producer: PRODUCER, applicationId: scope.applicationId, caseId: scope.caseId, actor };
}
