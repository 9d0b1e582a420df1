import { CalendarError } from './calendar-error';
import { addDays, isLocalDate, startOfLocalDay, toLocalDate, weekdayOf } from './local-date';

describe('local dates in China Standard Time (UTC+8)', () => {
  it('toLocalDate: 15:59:59.999 UTC is still the same day in Beijing, 16:00 UTC is the next day', () => {
    expect(toLocalDate(new Date('2025-01-31T15:59:59.999Z'))).toBe('2025-01-31');
    expect(toLocalDate(new Date('2025-01-31T16:00:00.000Z'))).toBe('2025-02-01');
  });

  it('toLocalDate: New Year arrives in Beijing at 16:00 UTC on 31 December', () => {
    expect(toLocalDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(toLocalDate(new Date('2026-01-01T00:00:00+08:00'))).toBe('2026-01-01');
  });

  it('toLocalDate rejects an invalid Date with CALENDAR.INVALID_INSTANT', () => {
    expect(() => toLocalDate(new Date('not a date'))).toThrow(
      expect.objectContaining({ code: 'CALENDAR.INVALID_INSTANT' }),
    );
  });

  it('startOfLocalDay is midnight in Beijing, i.e. 16:00 UTC the day before', () => {
    expect(startOfLocalDay('2025-02-01').toISOString()).toBe('2025-01-31T16:00:00.000Z');
    expect(startOfLocalDay('2024-03-01').toISOString()).toBe('2024-02-29T16:00:00.000Z');
  });

  it('startOfLocalDay and toLocalDate round-trip', () => {
    for (const date of ['2024-02-29', '2025-01-01', '2025-12-31', '2027-06-15']) {
      expect(toLocalDate(startOfLocalDay(date))).toBe(date);
    }
  });

  it('startOfLocalDay rejects a malformed or non-existent date with CALENDAR.INVALID_DATE', () => {
    for (const bad of [
      '2025-2-01',
      '2025-02-29',
      '2025-13-01',
      '2025-00-10',
      '20250201',
      '2025-02-01T00:00',
    ]) {
      expect(() => startOfLocalDay(bad)).toThrow(CalendarError);
    }
  });

  it('isLocalDate accepts 29 February only in leap years', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2000-02-29')).toBe(true);
    expect(isLocalDate('1900-02-29')).toBe(false);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate(20250101)).toBe(false);
  });

  it('addDays crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('weekdayOf knows 2025-01-01 was a Wednesday and 2025-02-08 a Saturday', () => {
    expect(weekdayOf('2025-01-01')).toBe(3);
    expect(weekdayOf('2025-02-08')).toBe(6);
    expect(weekdayOf('2025-01-26')).toBe(0);
  });
});
