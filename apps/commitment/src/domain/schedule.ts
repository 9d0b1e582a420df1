import { toLocalDate, type LocalDate } from '@app/calendar';
import { isTerminal } from '@app/commitment-rules';
import { deadlineAt, type ObligationClock } from './clock';
import type { ObligationRecord } from './records';

export const DEADLINE_QUEUE = 'obligation-deadlines';

export interface ReminderJob {
  kind: 'reminder';
  jobId: string;
  runAt: Date;
  obligationId: string;
  scheduleVersion: number;
  offset: number;
  reminderDate: LocalDate;
}
export interface DeadlineJob {
  kind: 'deadline';
  jobId: string;
  runAt: Date;
  obligationId: string;
  scheduleVersion: number;
}
export type PlannedJob = ReminderJob | DeadlineJob;

export function reminderKey(scheduleVersion: number, offset: number): string {
  return `${scheduleVersion}:${offset}`;
}

/**
 * The jobs an obligation still needs, from its state in MongoDB (the source of truth): a due check at
 * the deadline while it is not settled, and for an OPEN one the reminders not yet issued. A reminder on
 * or before the grant day tells nothing new and is left out; one whose moment passed while the service
 * was down is still issued (late), unless the deadline has passed too. Several offsets landing on the
 * same day (a holiday before the due date) are issued once, with the largest offset.
 */
export function plannedJobs(
  obligation: ObligationRecord,
  clock: ObligationClock,
  offsets: readonly number[],
  now: Date,
): PlannedJob[] {
  if (isTerminal(obligation.state) || obligation.caseRevoked) return [];
  const grantedAt = new Date(obligation.grantedAt);
  const deadline = new Date(obligation.deadlineAt);
  const sv = obligation.scheduleVersion;
  const jobs: PlannedJob[] = [];
  if (obligation.state === 'OPEN' && deadline.getTime() > now.getTime()) {
    const grantDay = toLocalDate(grantedAt);
    const seenDates = new Set<LocalDate>();
    [...offsets]
      .sort((a, b) => b - a)
      .forEach((offset) => {
        const reminderDate = clock.calendar.subtractWorkingDays(obligation.dueDate, offset);
        if (reminderDate <= grantDay || seenDates.has(reminderDate)) return;
        seenDates.add(reminderDate);
        if (obligation.remindersIssued.includes(reminderKey(sv, offset))) return;
        jobs.push({
          kind: 'reminder',
          jobId: `reminder:${obligation.obligationId}:${sv}:${offset}`,
          runAt: clock.startOfDay(reminderDate, grantedAt),
          obligationId: obligation.obligationId,
          scheduleVersion: sv,
          offset,
          reminderDate,
        });
      });
  }
  jobs.push({
    kind: 'deadline',
    jobId: `deadline:${obligation.obligationId}:${sv}`,
    runAt: deadline,
    obligationId: obligation.obligationId,
    scheduleVersion: sv,
  });
  return jobs;
}

/** The due date's deadline instant for the record (after a grant or an extension). */
export function deadlineFor(clock: ObligationClock, dueDate: LocalDate, grantedAt: string): string {
  return deadlineAt(clock, dueDate, new Date(grantedAt)).toISOString();
}
