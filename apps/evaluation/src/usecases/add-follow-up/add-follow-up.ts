import { EvaluationErrors } from '../../domain/errors';
import type { Rating } from '../../domain/rating';
import { ratingSupplemented } from '../events';
import { actorOf, type Caller, type Clock, type RatingRepository } from '../ports';

/** The one follow-up addition (追评) to the enterprise's own rating; the rating itself stays as it was. */
export class AddFollowUp {
  constructor(
    private readonly ratings: RatingRepository,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, ratingId: string, comment: string): Promise<Rating> {
    const rating = await this.ratings.findById(ratingId);
    if (rating === undefined || rating.uscc !== caller.uscc) throw EvaluationErrors.ratingNotFound();
    if (rating.followUp !== undefined) throw EvaluationErrors.followUpExists();
    const now = this.clock.now();
    const followUp = { comment, at: now.toISOString(), by: caller.subject };
    const result = await this.ratings.addFollowUp(ratingId, followUp, [
      ratingSupplemented(rating, comment, actorOf(caller), now),
    ]);
    if (result === 'missing') throw EvaluationErrors.ratingNotFound();
    if (result === 'exists') throw EvaluationErrors.followUpExists();
    return { ...rating, followUp };
  }
}
