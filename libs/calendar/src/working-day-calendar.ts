import { CalendarError } from './calendar-error';
import { validateCalendarYear, type CalendarYear } from './calendar-year';
import { loadCalendarYears } from './load-calendar-data';
import {
  addDays,
  assertInstant,
  assertLocalDate,
  isWeekend,
  toLocalDate,
  yearOf,
  type LocalDate,
} from './local-date';
import { pausedDates, type Pause } from './pauses';

interface YearRules {
  provisional: boolean;
  holidays: ReadonlySet<LocalDate>;
  adjustedWorkingDays: ReadonlySet<LocalDate>;
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new CalendarError('CALENDAR.INVALID_COUNT', {
      zh: `${what} 必须是非负整数:${String(n)}`,
      en: `${what} must be a non-negative integer: ${String(n)}`,
    });
  }
}

let defaultCalendar: WorkingDayCalendar | undefined;

/**
 * Counts working days (工作日) the way Chinese administrative time limits (限时办结) are counted.
 *
 * Conventions, following 行政许可法 第八十二条 (limits in working days, statutory holidays excluded)
 * and 民法典 第二百零一条 (the day on which a period starts is not counted):
 * - Day 1 of a limit is the first working day strictly after the start date.
 * - The due date is the last day on which finishing is still on time (inclusive).
 * - A day the clock was paused for, even partly, does not count and extends the due date by one working day.
 * - The current day counts as elapsed as soon as it begins: on the due date, elapsed = limit.
 *
 * Only the years present in the data are known. Any question that reaches another year throws
 * `CALENDAR.YEAR_NOT_COVERED` instead of guessing, because a wrong due date is worse than none.
 */
export class WorkingDayCalendar {
  private readonly rulesByYear: ReadonlyMap<number, YearRules>;

  constructor(years: CalendarYear[]) {
    const rules = new Map<number, YearRules>();
    years.forEach((raw, index) => {
      const year = validateCalendarYear(raw, `years[${index}]`);
      if (rules.has(year.year)) {
        throw new CalendarError('CALENDAR.INVALID_DATA', {
          zh: `日历数据中 ${year.year} 年出现了两次`,
          en: `Calendar data lists year ${year.year} twice`,
        });
      }
      rules.set(year.year, {
        provisional: year.provisional === true,
        holidays: new Set(year.holidays),
        adjustedWorkingDays: new Set(year.adjustedWorkingDays),
      });
    });
    this.rulesByYear = rules;
  }

  /** Reads `data/calendar/<year>.json`; see `loadCalendarYears` for how the default directory is found. */
  static fromDataDir(dir?: string): WorkingDayCalendar {
    return new WorkingDayCalendar(loadCalendarYears(dir));
  }

  /** The repo's calendar, read once per process. */
  static default(): WorkingDayCalendar {
    defaultCalendar ??= WorkingDayCalendar.fromDataDir();
    return defaultCalendar;
  }

  /** Years with data, ascending. */
  get coveredYears(): number[] {
    return [...this.rulesByYear.keys()].sort((a, b) => a - b);
  }

  /**
   * True when the year's data is a placeholder (official arrangement not yet published): results that
   * reach into it may move once the real data is entered, so callers can flag them.
   */
  isProvisional(year: number): boolean {
    return this.rulesFor(year, String(year)).provisional;
  }

  isWorkingDay(date: LocalDate): boolean {
    assertLocalDate(date);
    const rules = this.rulesFor(yearOf(date), date);
    if (rules.adjustedWorkingDays.has(date)) return true;
    if (rules.holidays.has(date)) return false;
    return !isWeekend(date);
  }

  /**
   * The n-th working day strictly after `start`. n = 0 means "no days to add": `start` itself when it is a
   * working day, otherwise the next working day (a deadline never lands on a day off).
   */
  addWorkingDays(start: LocalDate, n: number): LocalDate {
    assertLocalDate(start, 'start');
    assertCount(n, 'n');
    if (n === 0) return this.nextWorkingDayFrom(start, 1);
    return this.nthCountedDay(start, n, 1, (day) => this.isWorkingDay(day));
  }

  /**
   * Mirror of `addWorkingDays`: the n-th working day strictly before `date`; n = 0 gives `date` itself when
   * it is a working day, otherwise the previous working day. For reminders "n working days before due":
   * when `due` is a working day, `workingDaysBetween(subtractWorkingDays(due, n), due) === n`.
   */
  subtractWorkingDays(date: LocalDate, n: number): LocalDate {
    assertLocalDate(date);
    assertCount(n, 'n');
    if (n === 0) return this.nextWorkingDayFrom(date, -1);
    return this.nthCountedDay(date, n, -1, (day) => this.isWorkingDay(day));
  }

  /** Working days d with from < d <= to; 0 when to <= from. */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    assertLocalDate(from, 'from');
    assertLocalDate(to, 'to');
    let count = 0;
    for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
      if (this.isWorkingDay(date)) count += 1;
    }
    return count;
  }

  /**
   * Working days elapsed since `start` up to and including the local day of `now`, leaving out every day
   * a pause touches even partly. An open pause runs until `now`; nothing after `now` is considered.
   * 0 when `now` is not after `start`.
   */
  workingDaysElapsed(start: Date, now: Date, pauses: Pause[]): number {
    assertInstant(start, 'start');
    assertInstant(now, 'now');
    const paused = pausedDates(pauses, now, now);
    if (now.getTime() <= start.getTime()) return 0;
    const last = toLocalDate(now);
    let count = 0;
    for (let date = addDays(toLocalDate(start), 1); date <= last; date = addDays(date, 1)) {
      if (this.isWorkingDay(date) && !paused.has(date)) count += 1;
    }
    return count;
  }

  /**
   * The last day to finish on time: the `limitWorkingDays`-th unpaused working day after the start date.
   * Each working day a pause touches (before the due date is reached) pushes the due date one working day on.
   * An open pause is taken to run until `now` (default: the current time), so while a case is paused the
   * result is the due date *if it resumed now*; it moves later each day the pause stays open.
   * A limit of 0 (当场办结) is due on the start date, or the next working day if that is a day off.
   */
  dueDate(start: Date, limitWorkingDays: number, pauses: Pause[], now: Date = new Date()): LocalDate {
    assertInstant(start, 'start');
    assertInstant(now, 'now');
    assertCount(limitWorkingDays, 'limitWorkingDays');
    const paused = pausedDates(pauses, now);
    const startDate = toLocalDate(start);
    if (limitWorkingDays === 0) return this.addWorkingDays(startDate, 0);
    return this.nthCountedDay(
      startDate,
      limitWorkingDays,
      1,
      (day) => this.isWorkingDay(day) && !paused.has(day),
    );
  }

  /**
   * Steps one day at a time from `from` (exclusive) in direction `step` and returns the n-th day that
   * `counts`. Terminates: leaving the covered years throws CALENDAR.YEAR_NOT_COVERED.
   */
  private nthCountedDay(
    from: LocalDate,
    n: number,
    step: 1 | -1,
    counts: (day: LocalDate) => boolean,
  ): LocalDate {
    let day = from;
    let counted = 0;
    while (counted < n) {
      day = addDays(day, step);
      if (counts(day)) counted += 1;
    }
    return day;
  }

  /** `date` if it is a working day, else the nearest working day in direction `step` (+1 forward, -1 back). */
  private nextWorkingDayFrom(date: LocalDate, step: 1 | -1): LocalDate {
    let cursor = date;
    while (!this.isWorkingDay(cursor)) cursor = addDays(cursor, step);
    return cursor;
  }

  private rulesFor(year: number, asked: string): YearRules {
    const rules = this.rulesByYear.get(year);
    if (rules === undefined) {
      throw new CalendarError(
        'CALENDAR.YEAR_NOT_COVERED',
        {
          zh: `工作日历未收录 ${year} 年的节假日安排(${asked})`,
          en: `The working-day calendar has no holiday arrangement for ${year} (${asked})`,
        },
        'UNAVAILABLE',
      );
    }
    return rules;
  }
}
