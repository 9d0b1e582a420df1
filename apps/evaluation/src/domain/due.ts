import { startOfLocalDay, toLocalDate } from '@app/calendar';
import type { WorkingDayCalendar } from '@app/calendar';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DuePolicy {
  workingDays: number;
  /** > 0: due this many ms after opening (tests, demos) instead of working days. */
  overrideMs: number;
}

export interface RectificationDue {
  dueDate: string;
  dueAt: Date;
}

export type DueCalendar = Pick<WorkingDayCalendar, 'dueDate'>;

/**
 * When a ticket opened at `openedAt` is due: the N-th working day after the opening day (the day of
 * opening not counted), and overdue from the start of the next local day (China has no DST, so a
 * local day is 24 h).
 */
export function rectificationDue(openedAt: Date, policy: DuePolicy, calendar: DueCalendar): RectificationDue {
  if (policy.overrideMs > 0) {
    const dueAt = new Date(openedAt.getTime() + policy.overrideMs);
    return { dueDate: toLocalDate(dueAt), dueAt };
  }
  const dueDate = calendar.dueDate(openedAt, policy.workingDays, [], openedAt);
  return { dueDate, dueAt: new Date(startOfLocalDay(dueDate).getTime() + DAY_MS) };
}
