import type { LocalizedText } from '@app/contracts';
import { ratingLabel } from '@app/evaluation-rules';
import type { Appeal } from '../../domain/appeal';
import { EvaluationErrors } from '../../domain/errors';
import type { Rating } from '../../domain/rating';
import type { RectificationTicket } from '../../domain/rectification';
import type { AppealRepository, Caller, RatingRepository, TicketRepository } from '../ports';

export interface RatingView {
  rating: Omit<Rating, 'subjectKey' | 'followUp' | 'ticketId'> & { label: LocalizedText };
  followUp: Rating['followUp'] | null;
  appeal: Appeal | null;
  rectification: Pick<RectificationTicket, 'ticketId' | 'status' | 'dueDate' | 'steps' | 'decision'> | null;
}

export function canSeeRating(caller: Caller, rating: Rating): boolean {
  switch (caller.role) {
    case 'applicant':
      return caller.uscc === rating.uscc;
    case 'caseworker':
      return caller.authority === rating.authority;
    case 'supervisor':
    case 'auditor':
      return true;
    case 'admin':
      return false;
  }
}

/** A rating with everything that happened beside it: the follow-up, the appeal and its decision, the ticket. */
export class ReadRating {
  constructor(
    private readonly ratings: RatingRepository,
    private readonly appeals: AppealRepository,
    private readonly tickets: TicketRepository,
  ) {}

  async execute(caller: Caller, ratingId: string): Promise<RatingView> {
    const rating = await this.ratings.findById(ratingId);
    if (rating === undefined || !canSeeRating(caller, rating)) throw EvaluationErrors.ratingNotFound();
    const [appeal, ticket] = await Promise.all([
      this.appeals.findByRating(ratingId),
      this.tickets.findByRating(ratingId),
    ]);
    const { subjectKey: _key, followUp, ticketId: _ticket, ...shown } = rating;
    return {
      rating: { ...shown, label: ratingLabel(rating.score) },
      followUp: followUp ?? null,
      appeal: appeal ?? null,
      rectification:
        ticket === undefined
          ? null
          : {
              ticketId: ticket.ticketId,
              status: ticket.status,
              dueDate: ticket.dueDate,
              steps: ticket.steps,
              ...(ticket.decision === undefined ? {} : { decision: ticket.decision }),
            },
    };
  }
}
