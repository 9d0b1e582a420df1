import { SYSTEM_ACTOR, type TypedEnvelope } from '@app/contracts';
import { EvaluationErrors } from '../../domain/errors';
import {
  isUnresolved,
  progressTicket,
  type RectificationTicket,
  type TicketCommand,
} from '../../domain/rectification';
import type { Rating } from '../../domain/rating';
import type { DueCalendar, DuePolicy } from '../../domain/due';
import { ticketStepEvents } from '../events';
import { openTicket } from '../submit-rating/submit-rating';
import {
  actorOf,
  type Caller,
  type Clock,
  type DueScheduler,
  type RatingRepository,
  type TicketFilter,
  type TicketRepository,
} from '../ports';

const MAX_ATTEMPTS = 3;

/** Who may see a ticket: its authority's caseworkers, the rater's enterprise, supervisors and auditors. */
export function canSeeTicket(caller: Caller, ticket: RectificationTicket): boolean {
  switch (caller.role) {
    case 'caseworker':
      return caller.authority === ticket.authority;
    case 'applicant':
      return caller.uscc === ticket.uscc;
    case 'supervisor':
    case 'auditor':
      return true;
    case 'admin':
      return false;
  }
}

/** Which role takes which step; a caller of another authority or enterprise never learns the ticket exists. */
function mayAct(caller: Caller, command: TicketCommand): boolean {
  switch (command.kind) {
    case 'contact':
    case 'rectified':
      return caller.role === 'caseworker';
    case 'confirm':
      return caller.role === 'applicant';
    case 'close':
      return caller.role === 'supervisor';
    case 'overdue':
      return false;
  }
}

export class ProgressRectification {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, ticketId: string, command: TicketCommand): Promise<RectificationTicket> {
    for (let attempt = 1; ; attempt++) {
      const ticket = await this.tickets.findById(ticketId);
      if (ticket === undefined || !canSeeTicket(caller, ticket) || !mayAct(caller, command))
        throw EvaluationErrors.ticketNotFound();
      const progress = progressTicket(ticket, command, actorOf(caller), this.clock.now());
      if (progress === null) return ticket;
      if (
        await this.tickets.save(
          progress.ticket,
          ticket.version,
          ticketStepEvents(progress.ticket, progress.steps),
        )
      )
        return progress.ticket;
      if (attempt >= MAX_ATTEMPTS) throw EvaluationErrors.concurrentUpdate();
    }
  }

  async list(caller: Caller, filter: Pick<TicketFilter, 'status'>): Promise<RectificationTicket[]> {
    switch (caller.role) {
      case 'caseworker':
        return this.tickets.list({ ...filter, authority: caller.authority ?? '' });
      case 'applicant':
        return this.tickets.list({ ...filter, uscc: caller.uscc ?? '' });
      case 'supervisor':
      case 'auditor':
        return this.tickets.list(filter);
      case 'admin':
        return [];
    }
  }

  async read(caller: Caller, ticketId: string): Promise<RectificationTicket> {
    const ticket = await this.tickets.findById(ticketId);
    if (ticket === undefined || !canSeeTicket(caller, ticket)) throw EvaluationErrors.ticketNotFound();
    return ticket;
  }
}

export type OverdueOutcome = 'escalated' | 'not-due-yet' | 'nothing-to-do';

/** The delayed check at the due date: an unresolved ticket is escalated to a supervisor by the system. */
export class EscalateOverdue {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly clock: Clock,
  ) {}

  async execute(ticketId: string, dueVersion: number): Promise<OverdueOutcome> {
    for (let attempt = 1; ; attempt++) {
      const ticket = await this.tickets.findById(ticketId);
      // A job of an older due date (the ticket was rescheduled) is stale: its successor decides.
      if (ticket === undefined || ticket.dueVersion !== dueVersion) return 'nothing-to-do';
      const now = this.clock.now();
      const progress = progressTicket(ticket, { kind: 'overdue' }, SYSTEM_ACTOR, now);
      if (progress === null) return isUnresolved(ticket) ? 'not-due-yet' : 'nothing-to-do';
      if (
        await this.tickets.save(
          progress.ticket,
          ticket.version,
          ticketStepEvents(progress.ticket, progress.steps),
        )
      )
        return 'escalated';
      if (attempt >= MAX_ATTEMPTS) throw EvaluationErrors.concurrentUpdate();
    }
  }
}

/**
 * Replaying an OPENED event (our own, from Kafka) makes sure its ticket and overdue check exist: the
 * rating and the event were written together, the ticket document just after — a crash between the
 * two leaves the event to repair it.
 */
export class EnsureTicket {
  constructor(
    private readonly ratings: RatingRepository,
    private readonly tickets: TicketRepository,
    private readonly scheduler: DueScheduler,
    private readonly calendar: DueCalendar,
    private readonly policy: DuePolicy,
  ) {}

  async execute(event: TypedEnvelope<'evaluation.rectification.progressed'>): Promise<void> {
    if (event.payload.step !== 'OPENED') return;
    const existing = await this.tickets.findById(event.payload.ticketId);
    if (existing !== undefined) {
      if (isUnresolved(existing)) {
        await this.scheduler.schedule(existing.ticketId, existing.dueVersion, new Date(existing.dueAt));
      }
      return;
    }
    const rating: Rating | undefined = await this.ratings.findById(event.payload.ratingId);
    if (rating === undefined) return;
    const ticket = openTicket(
      rating,
      event.payload.ticketId,
      new Date(event.occurredAt),
      this.policy,
      this.calendar,
    );
    await this.tickets.insertIfAbsent(ticket);
    await this.scheduler.schedule(ticket.ticketId, ticket.dueVersion, new Date(ticket.dueAt));
  }
}
