import { WorkingDayCalendar } from '@app/calendar';
import { obligationDueDate, reminderDates } from '@app/commitment-rules';
import { CalendarClock, deadlineAt, FastClock } from './clock';

describe('obligation clocks', () => {
  const calendar = WorkingDayCalendar.default();

  it('real calendar: a 5-working-day deferral granted before the National Day holiday skips the holiday and is checked at 00:00 UTC+8 after the due date', () => {
    const clock = new CalendarClock(calendar);
    // Granted Tue 2025-09-30 10:00 (UTC+8). 1–8 Oct are days off, Sat 11 Oct is an adjusted working day.
    const grantedAt = new Date('2025-09-30T02:00:00Z');
    const due = obligationDueDate(clock.calendar, grantedAt, 5);
    expect(due).toBe('2025-10-14');
    expect(deadlineAt(clock, due, grantedAt).toISOString()).toBe('2025-10-14T16:00:00.000Z');
    // Reminder 3 working days before: 9, 10, 11 (adjusted Saturday), 13, 14 → 3 before 14 Oct is 10 Oct.
    expect(reminderDates(clock.calendar, due, [3, 1], grantedAt)).toEqual(['2025-10-10', '2025-10-13']);
  });

  it('fast clock: working day k of the limit ends k × WORKING_DAY_MS after the grant, every day counts', () => {
    const clock = new FastClock(1000);
    const grantedAt = new Date('2026-02-13T09:30:00.250Z'); // a Friday before the Spring Festival: ignored
    const due = obligationDueDate(clock.calendar, grantedAt, 3);
    expect(due).toBe('2026-02-16');
    expect(deadlineAt(clock, due, grantedAt).getTime() - grantedAt.getTime()).toBe(3000);
    // Day 2 (one day before due) begins 1 s after the grant.
    expect(clock.startOfDay('2026-02-15', grantedAt).getTime() - grantedAt.getTime()).toBe(1000);
  });

  it('fast clock: rule time maps back and forth, so "past due" is judged on the fast days', () => {
    const clock = new FastClock(500);
    const grantedAt = new Date('2026-05-06T01:00:00Z');
    const due = obligationDueDate(clock.calendar, grantedAt, 2); // 2026-05-08
    const deadline = deadlineAt(clock, due, grantedAt);
    expect(deadline.getTime() - grantedAt.getTime()).toBe(1000);
    // One ms before the deadline the rules still see the due date; at the deadline the next day has begun.
    expect(
      clock.toRuleTime(new Date(deadline.getTime() - 1), grantedAt).toISOString() <
        '2026-05-08T16:00:00.000Z',
    ).toBe(true);
    expect(clock.toRuleTime(deadline, grantedAt).toISOString()).toBe('2026-05-08T16:00:00.000Z');
  });

  it('fast clock refuses a non-positive day length', () => {
    expect(() => new FastClock(0)).toThrow();
  });
});
