import type { Actor, RectificationStep } from '@app/contracts';
import { EvaluationErrors } from './errors';

export const TICKET_STATUSES = ['OPEN', 'CONTACTED', 'RECTIFIED', 'ESCALATED', 'CLOSED'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Still in the office's hands: the due date applies. */
const UNRESOLVED: readonly TicketStatus[] = ['OPEN', 'CONTACTED', 'RECTIFIED'];

export interface TicketStepRecord {
  step: RectificationStep;
  at: string;
  actor: Actor;
  note?: string;
}

/** A bad rating's rectification ticket (差评整改工单) for the responsible authority. */
export interface RectificationTicket {
  ticketId: string;
  ratingId: string;
  authority: string;
  /** The rater's enterprise: the only applicant who confirms the result. */
  uscc: string;
  eventApplicationId: string;
  caseId?: string;
  status: TicketStatus;
  openedAt: string;
  /** Last local day (UTC+8) to settle it. */
  dueDate: string;
  /** The instant it becomes overdue. */
  dueAt: string;
  /** Generation of the due date: the delayed overdue check carries it in its job id. */
  dueVersion: number;
  /** Optimistic concurrency: every step increments it. */
  version: number;
  steps: TicketStepRecord[];
  decision?: string;
}

export type TicketCommand =
  | { kind: 'contact'; note: string }
  | { kind: 'rectified'; note: string }
  | { kind: 'confirm'; satisfied: boolean; comment?: string }
  | { kind: 'close'; decision: string }
  | { kind: 'overdue' };

const ACTION_NAMES: Record<TicketCommand['kind'], string> = {
  contact: '记录联系 record contact',
  rectified: '登记整改 record rectification',
  confirm: '申请人确认 applicant confirmation',
  close: '督办办结 supervisor closure',
  overdue: '逾期升级 overdue escalation',
};

export interface TicketProgress {
  ticket: RectificationTicket;
  /** The steps taken, in order: each becomes one `evaluation.rectification.progressed` event. */
  steps: TicketStepRecord[];
}

function advance(
  ticket: RectificationTicket,
  status: TicketStatus,
  steps: TicketStepRecord[],
  decision?: string,
): TicketProgress {
  return {
    ticket: {
      ...ticket,
      status,
      version: ticket.version + 1,
      steps: [...ticket.steps, ...steps],
      ...(decision === undefined ? {} : { decision }),
    },
    steps,
  };
}

/**
 * The rectification loop: office records contact, then the rectification; the applicant confirms
 * satisfied (closed) or not (escalated); unresolved past the due date → escalated; a supervisor
 * closes an escalated ticket with a decision. Who may act is checked by the caller; this decides
 * what the ticket's state allows. `null` for an overdue check that finds nothing to do.
 */
export function progressTicket(
  ticket: RectificationTicket,
  command: TicketCommand,
  actor: Actor,
  now: Date,
): TicketProgress | null {
  const at = now.toISOString();
  const step = (name: RectificationStep, note?: string): TicketStepRecord => ({
    step: name,
    at,
    actor,
    ...(note === undefined ? {} : { note }),
  });
  const refuse = (): never => {
    throw EvaluationErrors.invalidStep(ticket.status, ACTION_NAMES[command.kind]);
  };
  switch (command.kind) {
    case 'contact':
      if (ticket.status !== 'OPEN' && ticket.status !== 'CONTACTED') refuse();
      return advance(ticket, 'CONTACTED', [step('CONTACT_RECORDED', command.note)]);
    case 'rectified':
      if (ticket.status !== 'CONTACTED') refuse();
      return advance(ticket, 'RECTIFIED', [step('RECTIFIED', command.note)]);
    case 'confirm':
      if (ticket.status !== 'RECTIFIED') refuse();
      return command.satisfied
        ? advance(ticket, 'CLOSED', [step('APPLICANT_SATISFIED', command.comment), step('CLOSED')])
        : advance(ticket, 'ESCALATED', [step('APPLICANT_UNSATISFIED', command.comment), step('ESCALATED')]);
    case 'close':
      if (ticket.status !== 'ESCALATED') refuse();
      return advance(ticket, 'CLOSED', [step('CLOSED', command.decision)], command.decision);
    case 'overdue':
      if (!UNRESOLVED.includes(ticket.status) || now.getTime() < Date.parse(ticket.dueAt)) return null;
      return advance(ticket, 'ESCALATED', [step('ESCALATED', 'overdue')]);
  }
}

/** Still in the office's hands (the due date applies). */
export function isUnresolved(ticket: RectificationTicket): boolean {
  return UNRESOLVED.includes(ticket.status);
}
