import {
  causedBy,
  createEvent,
  SYSTEM_ACTOR,
  type Actor,
  type LocalizedText,
  type RectificationStep,
  type TypedEnvelope,
} from '@app/contracts';
import type { Appeal } from '../domain/appeal';
import type { Rating } from '../domain/rating';
import type { RectificationTicket, TicketStepRecord } from '../domain/rectification';

export const PRODUCER = 'evaluation';

const STEP_TEXT: Record<RectificationStep, LocalizedText> = {
  OPENED: { zh: '差评已生成整改工单', en: 'Rectification ticket opened for a bad rating' },
  CONTACT_RECORDED: { zh: '已联系申请人', en: 'Contact with the applicant recorded' },
  RECTIFIED: { zh: '已完成整改', en: 'Rectification recorded' },
  APPLICANT_SATISFIED: { zh: '申请人对整改满意', en: 'Applicant satisfied with the rectification' },
  APPLICANT_UNSATISFIED: { zh: '申请人对整改不满意', en: 'Applicant not satisfied with the rectification' },
  ESCALATED: { zh: '已升级至督办', en: 'Escalated to a supervisor' },
  CLOSED: { zh: '整改工单已办结', en: 'Rectification ticket closed' },
};

export function ratingSubmitted(rating: Rating, actor: Actor): TypedEnvelope<'evaluation.rating.submitted'> {
  return createEvent(
    'evaluation.rating.submitted',
    {
      ratingId: rating.ratingId,
      subject: rating.subject,
      ...(rating.caseId === undefined ? {} : { caseId: rating.caseId }),
      ...(rating.itemCode === undefined ? {} : { itemCode: rating.itemCode }),
      authority: rating.authority,
      channel: rating.channel,
      score: rating.score,
      tags: rating.tags,
      ...(rating.comment === undefined ? {} : { comment: rating.comment }),
      uscc: rating.uscc,
    },
    {
      producer: PRODUCER,
      applicationId: rating.eventApplicationId,
      caseId: rating.caseId,
      actor,
      occurredAt: new Date(rating.submittedAt),
    },
  );
}

export function ratingSupplemented(
  rating: Rating,
  comment: string,
  actor: Actor,
  at: Date,
): TypedEnvelope<'evaluation.rating.supplemented'> {
  return createEvent(
    'evaluation.rating.supplemented',
    { ratingId: rating.ratingId, comment },
    {
      producer: PRODUCER,
      applicationId: rating.eventApplicationId,
      caseId: rating.caseId,
      actor,
      occurredAt: at,
    },
  );
}

/** One event per step; the opening is the system's answer to the rating event that caused it. */
export function ticketOpened(
  ticket: RectificationTicket,
  cause: TypedEnvelope,
): TypedEnvelope<'evaluation.rectification.progressed'> {
  return createEvent(
    'evaluation.rectification.progressed',
    {
      ticketId: ticket.ticketId,
      ratingId: ticket.ratingId,
      authority: ticket.authority,
      step: 'OPENED',
      dueDate: ticket.dueDate,
      note: { code: 'RECTIFICATION.OPENED', text: STEP_TEXT.OPENED },
    },
    { ...causedBy(cause, PRODUCER, SYSTEM_ACTOR, ticket.caseId), occurredAt: new Date(ticket.openedAt) },
  );
}

export function ticketStepEvents(
  ticket: RectificationTicket,
  steps: TicketStepRecord[],
): TypedEnvelope<'evaluation.rectification.progressed'>[] {
  const events: TypedEnvelope<'evaluation.rectification.progressed'>[] = [];
  for (const step of steps) {
    const previous = events[events.length - 1];
    const context = {
      producer: PRODUCER,
      applicationId: ticket.eventApplicationId,
      caseId: ticket.caseId,
      actor: step.actor,
      occurredAt: new Date(step.at),
    };
    events.push(
      createEvent(
        'evaluation.rectification.progressed',
        {
          ticketId: ticket.ticketId,
          ratingId: ticket.ratingId,
          authority: ticket.authority,
          step: step.step,
          dueDate: ticket.dueDate,
          note: {
            code: `RECTIFICATION.${step.step}`,
            text: STEP_TEXT[step.step],
            ...(step.note === undefined ? {} : { note: step.note }),
          },
        },
        previous === undefined
          ? context
          : { ...context, correlationId: previous.correlationId, causationId: previous.id },
      ),
    );
  }
  return events;
}

const APPEAL_TEXT: Record<Appeal['status'], LocalizedText> = {
  FILED: { zh: '办理机关申诉恶意差评', en: 'The office appeals the rating as malicious' },
  UPHELD: { zh: '申诉成立，该评价不计入满意度', en: 'Appeal upheld: the rating no longer counts' },
  DISMISSED: { zh: '申诉不成立，评价保留', en: 'Appeal dismissed: the rating stands' },
};

export function appealProgressed(
  appeal: Appeal,
  actor: Actor,
  at: Date,
): TypedEnvelope<'evaluation.appeal.progressed'> {
  const note = appeal.status === 'FILED' ? appeal.reason : (appeal.decision?.reason ?? '');
  return createEvent(
    'evaluation.appeal.progressed',
    {
      appealId: appeal.appealId,
      ratingId: appeal.ratingId,
      step: appeal.status,
      reason: { code: `APPEAL.${appeal.status}`, text: APPEAL_TEXT[appeal.status], note },
    },
    { producer: PRODUCER, applicationId: appeal.eventApplicationId, actor, occurredAt: at },
  );
}
