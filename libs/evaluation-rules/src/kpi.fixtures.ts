import { WorkingDayCalendar } from '@app/calendar';
import { createEvent, type EventType, type PayloadOf, type TypedEnvelope } from '@app/contracts';

/** The State Council's 2025 arrangement (国办发明电〔2024〕12号), so fixtures count real working days. */
export const CALENDAR_2025 = new WorkingDayCalendar([
  {
    year: 2025,
    holidays: [
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-03',
      '2025-02-04',
      '2025-04-04',
      '2025-05-01',
      '2025-05-02',
      '2025-05-05',
      '2025-06-02',
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ],
    adjustedWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
]);

/** March 2025 in China Standard Time, half-open. */
export const MARCH = {
  from: new Date('2025-03-01T00:00:00+08:00'),
  to: new Date('2025-04-01T00:00:00+08:00'),
};

let counter = 0;

/** An event at a local (UTC+8) wall-clock time like '2025-03-03 10:00'. */
export function at<T extends EventType>(
  localTime: string,
  type: T,
  payload: PayloadOf<T>,
  caseId?: string,
): TypedEnvelope<T> {
  counter += 1;
  const id = `01JQ${String(counter).padStart(22, '0')}`;
  return createEvent(type, payload, {
    id,
    producer: type.split('.')[0] ?? 'test',
    applicationId: 'APP-1',
    caseId,
    actor: { kind: 'system', id: 'system' },
    occurredAt: new Date(`${localTime.replace(' ', 'T')}:00+08:00`),
  });
}

export function rating(
  localTime: string,
  ratingId: string,
  authority: string,
  score: number,
  ref: { caseId?: string; itemCode?: string } = {},
) {
  return at(localTime, 'evaluation.rating.submitted', {
    ratingId,
    subject: ref.caseId === undefined ? 'application' : 'sub-case',
    ...ref,
    authority,
    channel: 'online',
    score,
    tags: [],
    uscc: '91110000600037341L',
  });
}

export function rectification(
  localTime: string,
  ratingId: string,
  authority: string,
  step: PayloadOf<'evaluation.rectification.progressed'>['step'],
) {
  return at(localTime, 'evaluation.rectification.progressed', {
    ticketId: `T-${ratingId}`,
    ratingId,
    authority,
    step,
  });
}

export function appeal(localTime: string, ratingId: string, step: 'FILED' | 'UPHELD' | 'DISMISSED') {
  return at(localTime, 'evaluation.appeal.progressed', {
    appealId: `A-${ratingId}`,
    ratingId,
    step,
    reason: { code: 'APPEAL', text: { zh: '恶意差评申诉', en: 'Malicious rating appeal' } },
  });
}

export function concluded(
  localTime: string,
  caseId: string,
  ref: { itemCode: string; authority: string },
  to: 'COMPLETED' | 'DENIED',
  days: { elapsed?: number; paused?: number; promised?: number },
) {
  return at(
    localTime,
    'intake.subcase.transitioned',
    {
      caseId,
      ...ref,
      from: 'PROCESSING',
      to,
      ...(days.elapsed === undefined ? {} : { elapsedWorkingDays: days.elapsed }),
      ...(days.paused === undefined ? {} : { pausedWorkingDays: days.paused }),
      ...(days.promised === undefined ? {} : { promisedTimeLimitDays: days.promised }),
    },
    caseId,
  );
}

type Outcome = 'EXEMPT' | 'VERIFIED' | 'MISSING' | 'MISMATCH' | 'MANUAL_REVIEW';

export function assessment(
  localTime: string,
  caseId: string,
  ref: { itemCode: string; authority: string },
  round: number,
  outcomes: Outcome[],
  facts: {
    decision: PayloadOf<'verification.assessment.completed'>['decision'];
    commitmentAllowed?: boolean;
    blockingCreditRecordId?: string;
  },
) {
  return at(
    localTime,
    'verification.assessment.completed',
    {
      caseId,
      round,
      ...ref,
      uscc: '91110000600037341L',
      materials: outcomes.map((outcome, index) => ({
        materialCode: `M${index + 1}`,
        outcome,
        deferrable: outcome === 'MISSING',
        reason: { zh: '核验', en: 'checked' },
        evidenceIds: [],
      })),
      crossChecks: [],
      decision: facts.decision,
      commitmentSigned: true,
      commitmentAllowed: facts.commitmentAllowed ?? true,
      ...(facts.blockingCreditRecordId === undefined
        ? {}
        : { blockingCreditRecordId: facts.blockingCreditRecordId }),
      postHocSamplingRateBasisPoints: 1000,
    },
    caseId,
  );
}

export function granted(localTime: string, caseId: string, obligationIds: string[]) {
  return at(
    localTime,
    'commitment.deferral.granted',
    {
      caseId,
      round: 1,
      uscc: '91110000600037341L',
      obligations: obligationIds.map((obligationId) => ({
        obligationId,
        materialCode: 'M4',
        dueDate: '2025-04-15',
      })),
    },
    caseId,
  );
}

export function fulfilled(
  localTime: string,
  caseId: string,
  obligationId: string,
  how: 'VERIFIED' | 'CASEWORKER_ACCEPTED' | 'WAIVED',
) {
  return at(
    localTime,
    'commitment.obligation.fulfilled',
    { obligationId, caseId, materialCode: 'M4', how },
    caseId,
  );
}

export function breach(localTime: string, caseId: string) {
  return at(
    localTime,
    'commitment.breach.declared',
    {
      caseId,
      uscc: '91110000600037341L',
      cause: 'DEADLINE_MISSED',
      reason: { code: 'DEADLINE', text: { zh: '逾期未补交', en: 'Not supplied in time' } },
    },
    caseId,
  );
}

export function postHoc(localTime: string, checkId: string, caseId: string, result: 'PASSED' | 'FAILED') {
  return at(localTime, 'commitment.posthoc.concluded', { checkId, caseId, result, findings: [] }, caseId);
}
