import { newId } from '@app/contracts';
import { isBadRating } from '@app/evaluation-rules';
import { rectificationDue, type DueCalendar, type DuePolicy } from '../../domain/due';
import {
  checkRequestShape,
  resolveSubject,
  type Rating,
  type RatingRequest,
  type SubjectLookup,
} from '../../domain/rating';
import type { RectificationTicket } from '../../domain/rectification';
import { ratingSubmitted, ticketOpened } from '../events';
import {
  actorOf,
  type Caller,
  type CaseProjection,
  type Clock,
  type DueScheduler,
  type RatingRepository,
  type TicketRepository,
} from '../ports';

export interface SubmittedRating {
  rating: Rating;
  ticket?: RectificationTicket;
}

/**
 * An applicant rates its own concluded sub-case or application, or a service interaction. A bad
 * rating (1–2) opens a rectification ticket for the responsible authority in the same write as the
 * rating (its OPENED event travels in the rating's outbox), due in the configured working days.
 */
export class SubmitRating {
  constructor(
    private readonly ratings: RatingRepository,
    private readonly tickets: TicketRepository,
    private readonly cases: CaseProjection,
    private readonly scheduler: DueScheduler,
    private readonly calendar: DueCalendar,
    private readonly policy: DuePolicy,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, request: RatingRequest): Promise<SubmittedRating> {
    checkRequestShape(request);
    const uscc = caller.uscc ?? '';
    const now = this.clock.now();
    const ratingId = newId();
    const subject = resolveSubject(request, uscc, await this.lookup(request), ratingId, now);
    const actor = actorOf(caller);
    const bad = isBadRating(request.score);
    const ticketId = bad ? newId() : undefined;
    const rating: Rating = {
      ratingId,
      subject: request.subject,
      subjectKey: subject.subjectKey,
      uscc,
      raterId: caller.subject,
      ...(subject.applicationId === undefined ? {} : { applicationId: subject.applicationId }),
      ...(subject.caseId === undefined ? {} : { caseId: subject.caseId }),
      ...(subject.itemCode === undefined ? {} : { itemCode: subject.itemCode }),
      authority: subject.authority,
      channel: request.channel,
      score: request.score,
      tags: request.tags ?? [],
      ...(request.comment === undefined ? {} : { comment: request.comment }),
      submittedAt: now.toISOString(),
      eventApplicationId: subject.eventApplicationId,
      ...(ticketId === undefined ? {} : { ticketId }),
    };
    const submitted = ratingSubmitted(rating, actor);
    const ticket =
      ticketId === undefined ? undefined : openTicket(rating, ticketId, now, this.policy, this.calendar);
    const events = ticket === undefined ? [submitted] : [submitted, ticketOpened(ticket, submitted)];
    await this.ratings.insert(rating, events);
    if (ticket !== undefined) {
      await this.tickets.insertIfAbsent(ticket);
      await this.scheduler.schedule(ticket.ticketId, ticket.dueVersion, new Date(ticket.dueAt));
    }
    return ticket === undefined ? { rating } : { rating, ticket };
  }

  private async lookup(request: RatingRequest): Promise<SubjectLookup> {
    if (request.subject === 'sub-case' && request.caseId !== undefined) {
      const subCase = await this.cases.subCase(request.caseId);
      return subCase === undefined ? {} : { subCase };
    }
    if (request.applicationId === undefined) return {};
    const application = await this.cases.application(request.applicationId);
    if (application === undefined) return {};
    if (request.subject === 'interaction') return { application };
    return { application, subCaseStates: await this.cases.subCaseStates(request.applicationId) };
  }
}

/** The ticket a bad rating opens; also rebuilt from the rating when the OPENED event is replayed. */
export function openTicket(
  rating: Rating,
  ticketId: string,
  openedAt: Date,
  policy: DuePolicy,
  calendar: DueCalendar,
): RectificationTicket {
  const due = rectificationDue(openedAt, policy, calendar);
  return {
    ticketId,
    ratingId: rating.ratingId,
    authority: rating.authority,
    uscc: rating.uscc,
    eventApplicationId: rating.eventApplicationId,
    ...(rating.caseId === undefined ? {} : { caseId: rating.caseId }),
    status: 'OPEN',
    openedAt: openedAt.toISOString(),
    dueDate: due.dueDate,
    dueAt: due.dueAt.toISOString(),
    dueVersion: 1,
    version: 1,
    steps: [{ step: 'OPENED', at: openedAt.toISOString(), actor: { kind: 'system', id: 'system' } }],
  };
}
