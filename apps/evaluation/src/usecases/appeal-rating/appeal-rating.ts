import { newId } from '@app/contracts';
import { decideAppeal, type Appeal } from '../../domain/appeal';
import { EvaluationErrors } from '../../domain/errors';
import { appealProgressed } from '../events';
import { actorOf, type AppealRepository, type Caller, type Clock, type RatingRepository } from '../ports';

/** The rated office appeals a rating as malicious (once per rating); the rating itself is untouched. */
export class FileAppeal {
  constructor(
    private readonly ratings: RatingRepository,
    private readonly appeals: AppealRepository,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, ratingId: string, reason: string): Promise<Appeal> {
    const rating = await this.ratings.findById(ratingId);
    // Only the rated authority's caseworkers may appeal; to anyone else the rating does not exist.
    if (rating === undefined || caller.role !== 'caseworker' || rating.authority !== caller.authority)
      throw EvaluationErrors.ratingNotFound();
    const now = this.clock.now();
    const actor = actorOf(caller);
    const appeal: Appeal = {
      appealId: newId(),
      ratingId,
      authority: rating.authority,
      eventApplicationId: rating.eventApplicationId,
      status: 'FILED',
      reason,
      filedAt: now.toISOString(),
      filedBy: actor,
    };
    await this.appeals.insert(appeal, [appealProgressed(appeal, actor, now)]);
    return appeal;
  }
}

/** A supervisor decides an appeal once: upheld (the rating leaves the satisfaction figures) or dismissed. */
export class DecideAppeal {
  constructor(
    private readonly appeals: AppealRepository,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, appealId: string, upheld: boolean, reason: string): Promise<Appeal> {
    const appeal = await this.appeals.findById(appealId);
    if (appeal === undefined || caller.role !== 'supervisor') throw EvaluationErrors.appealNotFound();
    const now = this.clock.now();
    const actor = actorOf(caller);
    const decided = decideAppeal(appeal, upheld, reason, actor, now);
    if (!(await this.appeals.saveDecision(decided, [appealProgressed(decided, actor, now)])))
      throw EvaluationErrors.appealDecided();
    return decided;
  }
}
