import { WorkingDayCalendar } from '@app/calendar';
import { rectificationDue } from './due';

const calendar = WorkingDayCalendar.default();
const fiveWorkingDays = { workingDays: 5, overrideMs: 0 };

describe('rectificationDue', () => {
  it('counts working days after the opening day (the opening day itself not counted)', () => {
    // Fri 2025-01-03 10:00 (UTC+8) + 5 working days: Mon 6 … Fri 10.
    const due = rectificationDue(new Date('2025-01-03T10:00:00+08:00'), fiveWorkingDays, calendar);
    expect(due.dueDate).toBe('2025-01-10');
  });

  it('becomes overdue at the start of the local day after the due date (UTC+8 midnight)', () => {
    const due = rectificationDue(new Date('2025-01-03T10:00:00+08:00'), fiveWorkingDays, calendar);
    expect(due.dueAt.toISOString()).toBe('2025-01-10T16:00:00.000Z');
  });

  it('skips the Spring Festival holidays and counts the adjusted working Saturday', () => {
    // Mon 2025-01-27: 28 Jan – 4 Feb off; Wed 5, Thu 6, Fri 7, Sat 8 (adjusted working day), Mon 10.
    const due = rectificationDue(new Date('2025-01-27T09:00:00+08:00'), fiveWorkingDays, calendar);
    expect(due.dueDate).toBe('2025-02-10');
  });

  it('an opening late in the evening UTC is already the next local day', () => {
    // 2025-01-02T17:00Z is Fri 2025-01-03 01:00 in UTC+8: same result as opening on Friday.
    expect(rectificationDue(new Date('2025-01-02T17:00:00Z'), fiveWorkingDays, calendar).dueDate).toBe(
      '2025-01-10',
    );
  });

  it('with an override in milliseconds (tests, demos) the ticket is due that long after opening', () => {
    const openedAt = new Date('2025-01-03T10:00:00+08:00');
    const due = rectificationDue(openedAt, { workingDays: 5, overrideMs: 7000 }, calendar);
    expect(due.dueAt.getTime() - openedAt.getTime()).toBe(7000);
    expect(due.dueDate).toBe('2025-01-03');
  });
});
