import type { Actor } from '@app/contracts';
import { EvaluationErrors } from './errors';

export type AppealStatus = 'FILED' | 'UPHELD' | 'DISMISSED';

/** An office's appeal against a rating it holds malicious (恶意差评申诉); a supervisor decides once. */
export interface Appeal {
  appealId: string;
  ratingId: string;
  authority: string;
  eventApplicationId: string;
  status: AppealStatus;
  reason: string;
  filedAt: string;
  filedBy: Actor;
  decision?: { upheld: boolean; reason: string; at: string; by: Actor };
}

export function decideAppeal(appeal: Appeal, upheld: boolean, reason: string, by: Actor, now: Date): Appeal {
  if (appeal.status !== 'FILED') throw EvaluationErrors.appealDecided();
  return {
    ...appeal,
    status: upheld ? 'UPHELD' : 'DISMISSED',
    decision: { upheld, reason, at: now.toISOString(), by },
  };
}
