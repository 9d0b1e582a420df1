import { startOfLocalDay, toLocalDate, WorkingDayCalendar, type LocalDate } from '@app/calendar';
import type { DeadlineCalendar } from '@app/commitment-rules';

const DAY_MS = 86_400_000;

/** Calendar arithmetic on local dates (the calendar library keeps its own helper internal). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * How an obligation's local dates relate to real time. The rules of `@app/commitment-rules` speak in
 * local dates (UTC+8); the clock says which calendar counts the days and when a local day begins.
 */
export interface ObligationClock {
  readonly calendar: DeadlineCalendar;
  /** The instant the rules should see for `now` (identity on the real calendar). */
  toRuleTime(now: Date, grantedAt: Date): Date;
  /** The real instant at which local day `date` begins for an obligation granted at `grantedAt`. */
  startOfDay(date: LocalDate, grantedAt: Date): Date;
}

/** Real calendar: holidays and adjusted working days from data; a day begins at 00:00 UTC+8. */
export class CalendarClock implements ObligationClock {
  constructor(readonly calendar: DeadlineCalendar = WorkingDayCalendar.default()) {}

  toRuleTime(now: Date): Date {
    return now;
  }

  startOfDay(date: LocalDate): Date {
    return startOfLocalDay(date);
  }
}

/** Every day is a working day (the fast clock's calendar). */
export const EVERY_DAY_CALENDAR: DeadlineCalendar = {
  addWorkingDays: (start: LocalDate, n: number) => addDays(start, n),
  subtractWorkingDays: (date: LocalDate, n: number) => addDays(date, -n),
  dueDate: (start: Date, limit: number) => addDays(toLocalDate(start), limit),
};

/**
 * Fast clock for tests (WORKING_DAY_MS): every day is a working day and lasts `dayMs`, starting at the
 * grant. Rule time runs `86 400 000 / dayMs` times faster from 00:00 of the day after the grant day, so
 * working day k of the limit ends exactly k × dayMs after the grant.
 */
export class FastClock implements ObligationClock {
  readonly calendar = EVERY_DAY_CALENDAR;

  constructor(private readonly dayMs: number) {
    if (!Number.isInteger(dayMs) || dayMs <= 0)
      throw new Error(`FastClock: dayMs must be a positive integer, got ${dayMs}`);
  }

  private origin(grantedAt: Date): number {
    return startOfLocalDay(addDays(toLocalDate(grantedAt), 1)).getTime();
  }

  toRuleTime(now: Date, grantedAt: Date): Date {
    return new Date(this.origin(grantedAt) + ((now.getTime() - grantedAt.getTime()) * DAY_MS) / this.dayMs);
  }

  startOfDay(date: LocalDate, grantedAt: Date): Date {
    const ruleMs = startOfLocalDay(date).getTime() - this.origin(grantedAt);
    return new Date(grantedAt.getTime() + Math.round((ruleMs * this.dayMs) / DAY_MS));
  }
}

export function clockFor(workingDayMs: number): ObligationClock {
  return workingDayMs > 0 ? new FastClock(workingDayMs) : new CalendarClock();
}

/** The instant the deadline check runs: when the day after the due date begins. */
export function deadlineAt(clock: ObligationClock, dueDate: LocalDate, grantedAt: Date): Date {
  return clock.startOfDay(addDays(dueDate, 1), grantedAt);
}
