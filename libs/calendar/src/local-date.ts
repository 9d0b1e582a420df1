import { CalendarError } from './calendar-error';

/** A calendar date 'YYYY-MM-DD' as seen on a wall clock in China Standard Time (UTC+8, no DST). */
export type LocalDate = string;

const MS_PER_DAY = 86_400_000;
/** China Standard Time has had a fixed +8 offset since 1991, so a constant is exact for our range. */
const CST_OFFSET_MS = 8 * 3_600_000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day of the week as in `Date.getUTCDay()`: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** True when `value` is a 'YYYY-MM-DD' string naming a day that exists (no 2025-02-29). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that for the round-trip check.
  probe.setUTCFullYear(year);
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

export function assertLocalDate(value: unknown, what = 'date'): asserts value is LocalDate {
  if (!isLocalDate(value)) {
    throw new CalendarError('CALENDAR.INVALID_DATE', {
      zh: `${what} 不是有效的日期(应为 YYYY-MM-DD):${String(value)}`,
      en: `${what} is not a valid date (expected YYYY-MM-DD): ${String(value)}`,
    });
  }
}

export function assertInstant(instant: Date, what: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new CalendarError('CALENDAR.INVALID_INSTANT', {
      zh: `${what} 不是有效的时间点`,
      en: `${what} is not a valid point in time`,
    });
  }
}

/** Epoch day number (days since 1970-01-01) of a local date; the arithmetic backbone of the calendar. */
export function toEpochDay(date: LocalDate): number {
  assertLocalDate(date);
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

export function fromEpochDay(epochDay: number): LocalDate {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function weekdayOf(date: LocalDate): Weekday {
  return new Date(toEpochDay(date) * MS_PER_DAY).getUTCDay() as Weekday;
}

export function isWeekend(date: LocalDate): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** The local date in UTC+8 on which `instant` falls. */
export function toLocalDate(instant: Date): LocalDate {
  assertInstant(instant, 'instant');
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at which `date` begins in UTC+8 (i.e. 16:00 UTC of the previous day). */
export function startOfLocalDay(date: LocalDate): Date {
  return new Date(toEpochDay(date) * MS_PER_DAY - CST_OFFSET_MS);
}
