import { CalendarError, WorkingDayCalendar, type CalendarYear } from '@app/calendar';

/** An instant given as Beijing wall-clock time, e.g. at('2025-03-03T10:00'). */
const at = (localDateTime: string): Date => new Date(`${localDateTime}:00+08:00`);

const expectCalendarError = (run: () => unknown, code: string, message?: RegExp): void => {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CalendarError);
  const error = caught as CalendarError;
  expect(error.code).toBe(code);
  expect(error.text.zh.length).toBeGreaterThan(0);
  if (message !== undefined) expect(error.text.en).toMatch(message);
};

describe('WorkingDayCalendar with the real 2024–2027 data', () => {
  const calendar = WorkingDayCalendar.default();

  describe('isWorkingDay', () => {
    it('an ordinary weekend is off and an ordinary weekday is on (March 2025 has no holidays)', () => {
      expect(calendar.isWorkingDay('2025-03-08')).toBe(false); // Saturday
      expect(calendar.isWorkingDay('2025-03-09')).toBe(false); // Sunday
      expect(calendar.isWorkingDay('2025-03-10')).toBe(true); // Monday
      expect(calendar.isWorkingDay('2025-03-14')).toBe(true); // Friday
    });

    it('New Year’s Day is off in every covered year (it falls on a weekday in 2024–2027)', () => {
      for (const date of ['2024-01-01', '2025-01-01', '2026-01-01', '2027-01-01']) {
        expect(calendar.isWorkingDay(date)).toBe(false);
      }
    });

    it('2025 Spring Festival: 28 Jan – 4 Feb off, Sunday 26 Jan and Saturday 8 Feb are 调休 working days', () => {
      const off = ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02'];
      for (const date of [...off, '2025-02-03', '2025-02-04'])
        expect(calendar.isWorkingDay(date)).toBe(false);
      expect(calendar.isWorkingDay('2025-01-26')).toBe(true);
      expect(calendar.isWorkingDay('2025-02-08')).toBe(true);
      expect(calendar.isWorkingDay('2025-01-27')).toBe(true); // Monday before the break
      expect(calendar.isWorkingDay('2025-02-05')).toBe(true); // Wednesday after it
      expect(calendar.isWorkingDay('2025-02-09')).toBe(false); // plain Sunday
    });

    it('2025 National Day + Mid-Autumn: 1–8 Oct off, Sunday 28 Sep and Saturday 11 Oct are working days', () => {
      for (let day = 1; day <= 8; day += 1) {
        expect(calendar.isWorkingDay(`2025-10-0${day}`)).toBe(false);
      }
      expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
      expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
      expect(calendar.isWorkingDay('2025-09-27')).toBe(false); // plain Saturday
      expect(calendar.isWorkingDay('2025-10-12')).toBe(false); // plain Sunday
    });

    it('2025 Labour Day: 1, 2, 5 May off and Sunday 27 Apr worked; 2025 Dragon Boat: Monday 2 Jun off', () => {
      expect(['2025-05-01', '2025-05-02', '2025-05-05'].map((d) => calendar.isWorkingDay(d))).toEqual([
        false,
        false,
        false,
      ]);
      expect(calendar.isWorkingDay('2025-04-27')).toBe(true);
      expect(calendar.isWorkingDay('2025-06-02')).toBe(false);
      expect(calendar.isWorkingDay('2025-04-04')).toBe(false); // Qingming Friday
    });

    it('2026 New Year: Friday 2 Jan off and Sunday 4 Jan worked', () => {
      expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
      expect(calendar.isWorkingDay('2026-01-04')).toBe(true);
    });

    it('a year without data is refused with CALENDAR.YEAR_NOT_COVERED, not guessed', () => {
      expectCalendarError(() => calendar.isWorkingDay('2023-12-29'), 'CALENDAR.YEAR_NOT_COVERED', /2023/);
      expectCalendarError(() => calendar.isWorkingDay('2028-01-03'), 'CALENDAR.YEAR_NOT_COVERED', /2028/);
    });

    it('a malformed date is refused with CALENDAR.INVALID_DATE', () => {
      expectCalendarError(() => calendar.isWorkingDay('2025-02-29'), 'CALENDAR.INVALID_DATE');
      expectCalendarError(() => calendar.isWorkingDay('2025/03/10'), 'CALENDAR.INVALID_DATE');
    });
  });

  describe('addWorkingDays (n-th working day strictly after start)', () => {
    it('skips the weekend: Friday + 1 is Monday', () => {
      expect(calendar.addWorkingDays('2025-03-07', 1)).toBe('2025-03-10');
      expect(calendar.addWorkingDays('2025-03-07', 5)).toBe('2025-03-14');
    });

    it('starting on a weekend, day 1 is the Monday', () => {
      expect(calendar.addWorkingDays('2025-03-08', 1)).toBe('2025-03-10');
    });

    it('2025 Spring Festival: Monday 27 Jan + 1 jumps the whole break to Wednesday 5 Feb', () => {
      expect(calendar.addWorkingDays('2025-01-27', 1)).toBe('2025-02-05');
      // 5, 6, 7 Feb and the adjusted Saturday 8 Feb
      expect(calendar.addWorkingDays('2025-01-27', 4)).toBe('2025-02-08');
    });

    it('an adjusted working Sunday counts: Friday 24 Jan 2025 + 1 is Sunday 26 Jan', () => {
      expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    });

    it('2025 National Day: Tuesday 30 Sep + 1 is Thursday 9 Oct', () => {
      expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
      expect(calendar.addWorkingDays('2025-09-30', 3)).toBe('2025-10-11'); // adjusted Saturday
    });

    it('crosses year boundaries using both years’ data', () => {
      expect(calendar.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02'); // 1 Jan 2025 off
      // 1–2 Jan 2026 off, 3 Jan Saturday, 4 Jan Sunday worked
      expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    });

    it('n = 0 returns the start itself when it is a working day', () => {
      expect(calendar.addWorkingDays('2025-03-10', 0)).toBe('2025-03-10');
      expect(calendar.addWorkingDays('2025-02-08', 0)).toBe('2025-02-08'); // adjusted Saturday
    });

    it('n = 0 on a day off returns the next working day', () => {
      expect(calendar.addWorkingDays('2025-03-08', 0)).toBe('2025-03-10');
      expect(calendar.addWorkingDays('2025-01-28', 0)).toBe('2025-02-05');
    });

    it('rejects a negative or fractional n with CALENDAR.INVALID_COUNT', () => {
      expectCalendarError(() => calendar.addWorkingDays('2025-03-10', -1), 'CALENDAR.INVALID_COUNT');
      expectCalendarError(() => calendar.addWorkingDays('2025-03-10', 1.5), 'CALENDAR.INVALID_COUNT');
      expectCalendarError(() => calendar.addWorkingDays('2025-03-10', Number.NaN), 'CALENDAR.INVALID_COUNT');
    });

    it('running past the last covered year throws CALENDAR.YEAR_NOT_COVERED', () => {
      expect(calendar.addWorkingDays('2027-12-30', 1)).toBe('2027-12-31');
      expectCalendarError(() => calendar.addWorkingDays('2027-12-30', 2), 'CALENDAR.YEAR_NOT_COVERED');
    });
  });

  describe('subtractWorkingDays (reminders n working days before due)', () => {
    it('Monday − 1 is the previous Friday', () => {
      expect(calendar.subtractWorkingDays('2025-03-10', 1)).toBe('2025-03-07');
    });

    it('Wednesday 5 Feb 2025 − 1 is Monday 27 Jan (back over the Spring Festival)', () => {
      expect(calendar.subtractWorkingDays('2025-02-05', 1)).toBe('2025-01-27');
      expect(calendar.subtractWorkingDays('2025-02-05', 2)).toBe('2025-01-26'); // adjusted Sunday
    });

    it('crosses back into the previous year', () => {
      expect(calendar.subtractWorkingDays('2025-01-02', 1)).toBe('2024-12-31');
    });

    it('n = 0 returns the date if working, else the previous working day', () => {
      expect(calendar.subtractWorkingDays('2025-03-10', 0)).toBe('2025-03-10');
      expect(calendar.subtractWorkingDays('2025-02-04', 0)).toBe('2025-01-27');
    });

    it('undoes addWorkingDays: due − n then + n lands back on a working due date', () => {
      for (const due of ['2025-02-05', '2025-10-09', '2026-01-05', '2025-02-08']) {
        for (const n of [1, 3, 10]) {
          const reminder = calendar.subtractWorkingDays(due, n);
          expect(calendar.workingDaysBetween(reminder, due)).toBe(n);
          expect(calendar.addWorkingDays(reminder, n)).toBe(due);
        }
      }
    });

    it('running before the first covered year throws CALENDAR.YEAR_NOT_COVERED', () => {
      // 1 Jan 2024 is off, so the search steps into 2023
      expectCalendarError(() => calendar.subtractWorkingDays('2024-01-02', 1), 'CALENDAR.YEAR_NOT_COVERED');
    });
  });

  describe('workingDaysBetween (from, to]', () => {
    it('counts the working days after from up to and including to', () => {
      expect(calendar.workingDaysBetween('2025-03-07', '2025-03-14')).toBe(5); // Mon–Fri of next week
      expect(calendar.workingDaysBetween('2025-03-10', '2025-03-11')).toBe(1);
    });

    it('is 0 when to is on or before from', () => {
      expect(calendar.workingDaysBetween('2025-03-10', '2025-03-10')).toBe(0);
      expect(calendar.workingDaysBetween('2025-03-11', '2025-03-10')).toBe(0);
    });

    it('2025 Spring Festival fortnight 24 Jan → 9 Feb has only six working days', () => {
      // 26 Jan (Sun, adjusted), 27 Jan, 5, 6, 7 Feb and 8 Feb (Sat, adjusted)
      expect(calendar.workingDaysBetween('2025-01-24', '2025-02-09')).toBe(6);
    });

    it('2025 National Day: 26 Sep → 12 Oct has six working days', () => {
      // 28 Sep (Sun, adjusted), 29, 30 Sep, 9, 10 Oct and 11 Oct (Sat, adjusted)
      expect(calendar.workingDaysBetween('2025-09-26', '2025-10-12')).toBe(6);
    });

    it('across the 2025/2026 boundary', () => {
      // 31 Dec, 4 Jan (Sun, adjusted), 5 Jan
      expect(calendar.workingDaysBetween('2025-12-30', '2026-01-05')).toBe(3);
    });
  });

  describe('workingDaysElapsed (start day not counted, today counted, paused days excluded)', () => {
    const start = at('2025-03-03T10:00'); // Monday

    it('without pauses counts the working days after the start day up to today', () => {
      expect(calendar.workingDaysElapsed(start, at('2025-03-07T15:00'), [])).toBe(4); // Tue–Fri
      expect(calendar.workingDaysElapsed(start, at('2025-03-10T08:00'), [])).toBe(5); // + Monday
    });

    it('is 0 on the start day itself and when now is before start', () => {
      expect(calendar.workingDaysElapsed(start, at('2025-03-03T23:59'), [])).toBe(0);
      expect(calendar.workingDaysElapsed(start, at('2025-03-01T10:00'), [])).toBe(0);
    });

    it('a closed pause excludes every working day it touches, even partly', () => {
      const pause = { from: at('2025-03-04T09:00'), to: at('2025-03-05T11:00') };
      expect(calendar.workingDaysElapsed(start, at('2025-03-07T15:00'), [pause])).toBe(2); // 6 and 7 Mar
      const oneHour = { from: at('2025-03-04T16:00'), to: at('2025-03-04T17:00') };
      expect(calendar.workingDaysElapsed(start, at('2025-03-07T15:00'), [oneHour])).toBe(3);
    });

    it('a pause ending exactly at midnight does not touch the day that begins then', () => {
      const pause = { from: at('2025-03-04T10:00'), to: at('2025-03-05T00:00') };
      expect(calendar.workingDaysElapsed(start, at('2025-03-07T15:00'), [pause])).toBe(3);
    });

    it('an open pause runs until now', () => {
      const open = { from: at('2025-03-06T10:00') };
      expect(calendar.workingDaysElapsed(start, at('2025-03-07T15:00'), [open])).toBe(2); // 4 and 5 Mar
      expect(calendar.workingDaysElapsed(start, at('2025-03-12T15:00'), [open])).toBe(2);
    });

    it('overlapping and duplicated pauses exclude each day once', () => {
      const a = { from: at('2025-03-04T10:00'), to: at('2025-03-05T10:00') };
      const b = { from: at('2025-03-05T09:00'), to: at('2025-03-06T09:00') };
      expect(calendar.workingDaysElapsed(start, at('2025-03-07T15:00'), [a, b, a])).toBe(1); // only 7 Mar
    });

    it('a pause over a weekend only costs nothing', () => {
      const friday = at('2025-03-07T10:00');
      const weekend = { from: at('2025-03-08T10:00'), to: at('2025-03-09T20:00') };
      expect(calendar.workingDaysElapsed(friday, at('2025-03-11T12:00'), [weekend])).toBe(2);
    });

    it('a pause that has not begun yet (after now) changes nothing', () => {
      const later = { from: at('2025-03-07T10:00'), to: at('2025-03-07T11:00') };
      expect(calendar.workingDaysElapsed(start, at('2025-03-07T09:00'), [later])).toBe(4);
    });

    it('rejects a pause that ends before it starts with CALENDAR.INVALID_PAUSE', () => {
      const backwards = { from: at('2025-03-05T10:00'), to: at('2025-03-04T10:00') };
      expectCalendarError(
        () => calendar.workingDaysElapsed(start, at('2025-03-07T15:00'), [backwards]),
        'CALENDAR.INVALID_PAUSE',
      );
    });

    it('rejects an invalid instant with CALENDAR.INVALID_INSTANT', () => {
      expectCalendarError(
        () => calendar.workingDaysElapsed(new Date(Number.NaN), at('2025-03-07T15:00'), []),
        'CALENDAR.INVALID_INSTANT',
      );
      expectCalendarError(
        () => calendar.workingDaysElapsed(start, at('2025-03-07T15:00'), [{ from: new Date('x') }]),
        'CALENDAR.INVALID_INSTANT',
        /pauses\[0\]\.from/,
      );
    });

    it('2025 Spring Festival: no days elapse during the break', () => {
      const beforeBreak = at('2025-01-27T10:00');
      expect(calendar.workingDaysElapsed(beforeBreak, at('2025-02-04T18:00'), [])).toBe(0);
      expect(calendar.workingDaysElapsed(beforeBreak, at('2025-02-05T09:00'), [])).toBe(1);
    });
  });

  describe('dueDate', () => {
    const start = at('2025-03-03T10:00'); // Monday

    it('without pauses is the limit-th working day after the start day', () => {
      expect(calendar.dueDate(start, 5, [])).toBe('2025-03-10'); // 4, 5, 6, 7, 10 Mar
    });

    it('is extended by each paused working day before it', () => {
      const pause = { from: at('2025-03-04T09:00'), to: at('2025-03-05T11:00') }; // touches 4 and 5 Mar
      expect(calendar.dueDate(start, 5, [pause])).toBe('2025-03-12'); // 6, 7, 10, 11, 12 Mar
    });

    it('a pause on a weekend or after the due date does not move it', () => {
      const weekend = { from: at('2025-03-08T08:00'), to: at('2025-03-09T20:00') };
      const afterDue = { from: at('2025-03-20T08:00'), to: at('2025-03-21T20:00') };
      expect(calendar.dueDate(start, 5, [weekend, afterDue])).toBe('2025-03-10');
    });

    it('an open pause counts until now: the due date if the case resumed now', () => {
      const open = { from: at('2025-03-05T10:00') };
      // 5 and 6 Mar paused so far: 4, 7, 10, 11, 12 Mar
      expect(calendar.dueDate(start, 5, [open], at('2025-03-06T12:00'))).toBe('2025-03-12');
      // one more paused working day (7 Mar) moves it one more working day
      expect(calendar.dueDate(start, 5, [open], at('2025-03-07T12:00'))).toBe('2025-03-13');
    });

    it('limit 0 (当场办结) is due on the start day, or the next working day if that is off', () => {
      expect(calendar.dueDate(start, 0, [])).toBe('2025-03-03');
      expect(calendar.dueDate(at('2025-03-08T10:00'), 0, [])).toBe('2025-03-10');
    });

    it('uses the start’s Beijing date, not its UTC date', () => {
      // 2025-03-02T17:00Z is Monday 3 Mar 01:00 in Beijing (Sunday in UTC)
      expect(calendar.dueDate(new Date('2025-03-02T17:00:00Z'), 5, [])).toBe('2025-03-10');
    });

    it('real case: 20 working days from Monday 15 Sep 2025 runs over National Day to Friday 17 Oct', () => {
      // 16–19, 22–26 Sep (9), 28 Sep Sun (10), 29, 30 Sep (12), 9, 10, 11 Oct (15), 13–17 Oct (20)
      expect(calendar.dueDate(at('2025-09-15T09:00'), 20, [])).toBe('2025-10-17');
    });

    it('real case: 10 working days from Monday 20 Jan 2025 end on the adjusted Saturday 8 Feb', () => {
      // 21–24 Jan (4), 26 Jan Sun (5), 27 Jan (6), 5, 6, 7 Feb (9), 8 Feb Sat (10)
      expect(calendar.dueDate(at('2025-01-20T10:00'), 10, [])).toBe('2025-02-08');
    });

    it('real case: a pause across the Spring Festival extends only by the working days it covers', () => {
      // Pause 27 Jan 09:00 → 6 Feb 09:00 touches working days 27 Jan, 5 Feb and 6 Feb (the holidays are off anyway).
      const pause = { from: at('2025-01-27T09:00'), to: at('2025-02-06T09:00') };
      // 21–24 Jan (4), 26 Jan (5), 7 Feb (6), 8 Feb (7), 10, 11, 12 Feb (10)
      expect(calendar.dueDate(at('2025-01-20T10:00'), 10, [pause])).toBe('2025-02-12');
    });

    it('agrees with workingDaysElapsed: on the due date elapsed = limit, the day before limit − 1', () => {
      const pauses = [
        { from: at('2025-03-04T09:00'), to: at('2025-03-05T11:00') },
        { from: at('2025-03-12T15:00'), to: at('2025-03-14T10:00') },
      ];
      const due = calendar.dueDate(start, 8, pauses);
      // paused: 4, 5, 12, 13, 14 Mar → counted: 6, 7, 10, 11, 17, 18, 19, 20 Mar
      expect(due).toBe('2025-03-20');
      expect(calendar.workingDaysElapsed(start, at(`${due}T12:00`), pauses)).toBe(8);
      const dayBefore = calendar.subtractWorkingDays(due, 1);
      expect(calendar.workingDaysElapsed(start, at(`${dayBefore}T12:00`), pauses)).toBe(7);
    });

    it('rejects a negative limit with CALENDAR.INVALID_COUNT', () => {
      expectCalendarError(() => calendar.dueDate(start, -3, []), 'CALENDAR.INVALID_COUNT');
    });
  });

  it('knows which years it covers and which are provisional', () => {
    expect(calendar.coveredYears).toEqual([2024, 2025, 2026, 2027]);
    expect(calendar.isProvisional(2025)).toBe(false);
    expect(calendar.isProvisional(2027)).toBe(true);
    expectCalendarError(() => calendar.isProvisional(2030), 'CALENDAR.YEAR_NOT_COVERED');
  });

  it('default() is read once and reused', () => {
    expect(WorkingDayCalendar.default()).toBe(calendar);
  });
});

describe('WorkingDayCalendar data validation on construction', () => {
  const year = (overrides: Partial<CalendarYear>): CalendarYear => ({
    year: 2025,
    holidays: ['2025-01-01'],
    adjustedWorkingDays: ['2025-01-26'],
    ...overrides,
  });

  it('accepts well-formed data', () => {
    expect(new WorkingDayCalendar([year({})]).isWorkingDay('2025-01-26')).toBe(true);
  });

  it('refuses a date that is both a holiday and an adjusted working day', () => {
    expectCalendarError(
      () => new WorkingDayCalendar([year({ holidays: ['2025-01-01', '2025-01-26'] })]),
      'CALENDAR.INVALID_DATA',
      /2025-01-26 is listed both/,
    );
  });

  it('refuses a holiday that falls on a weekend (it is off anyway: likely a data mix-up)', () => {
    expectCalendarError(
      () => new WorkingDayCalendar([year({ holidays: ['2025-02-01'] })]),
      'CALENDAR.INVALID_DATA',
      /2025-02-01 is a weekend day/,
    );
  });

  it('refuses an adjusted working day that is not a Saturday or Sunday', () => {
    expectCalendarError(
      () => new WorkingDayCalendar([year({ adjustedWorkingDays: ['2025-01-27'] })]),
      'CALENDAR.INVALID_DATA',
      /2025-01-27 is not a Saturday or Sunday/,
    );
  });

  it('refuses a date from another year', () => {
    expectCalendarError(
      () => new WorkingDayCalendar([year({ holidays: ['2024-12-31'] })]),
      'CALENDAR.INVALID_DATA',
      /not in year 2025/,
    );
  });

  it('refuses a date that does not exist or is malformed', () => {
    expectCalendarError(
      () => new WorkingDayCalendar([year({ holidays: ['2025-02-29'] })]),
      'CALENDAR.INVALID_DATA',
      /invalid date 2025-02-29/,
    );
    expectCalendarError(
      () => new WorkingDayCalendar([year({ adjustedWorkingDays: ['2025-1-26'] })]),
      'CALENDAR.INVALID_DATA',
      /invalid date/,
    );
  });

  it('refuses the same date twice and the same year twice', () => {
    expectCalendarError(
      () => new WorkingDayCalendar([year({ holidays: ['2025-01-01', '2025-01-01'] })]),
      'CALENDAR.INVALID_DATA',
      /twice/,
    );
    expectCalendarError(
      () => new WorkingDayCalendar([year({}), year({})]),
      'CALENDAR.INVALID_DATA',
      /year 2025 twice/,
    );
  });

  it('refuses a non-integer year and missing date lists', () => {
    expectCalendarError(
      () => new WorkingDayCalendar([year({ year: 2025.5 })]),
      'CALENDAR.INVALID_DATA',
      /year/,
    );
    const missing = { year: 2025, holidays: [] } as unknown as CalendarYear;
    expectCalendarError(
      () => new WorkingDayCalendar([missing]),
      'CALENDAR.INVALID_DATA',
      /adjustedWorkingDays/,
    );
  });

  it('a synthetic calendar follows only its own data', () => {
    const calendar = new WorkingDayCalendar([
      { year: 2030, holidays: ['2030-01-01'], adjustedWorkingDays: ['2030-01-05'] },
    ]);
    expect(calendar.isWorkingDay('2030-01-01')).toBe(false); // Tuesday holiday
    expect(calendar.isWorkingDay('2030-01-05')).toBe(true); // Saturday worked
    expect(calendar.addWorkingDays('2029-12-31', 1)).toBe('2030-01-02');
  });
});
