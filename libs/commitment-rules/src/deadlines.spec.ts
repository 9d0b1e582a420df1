import { CALENDAR_2025, cst } from './calendar.fixtures';
import { extendDueDate, obligationDueDate, reminderDates } from './deadlines';

describe('obligationDueDate', () => {
  it('counts working days after the grant day, the grant day itself not counted', () => {
    // Granted Mon 03-03: Tue 4, Wed 5, Thu 6, Fri 7, Mon 10 → the 5th working day is Mon 03-10.
    expect(obligationDueDate(CALENDAR_2025, cst('2025-03-03 10:00'), 5)).toBe('2025-03-10');
  });

  it('takes the grant day in China Standard Time, not UTC', () => {
    // 2025-03-02T17:00Z is Sun in UTC but Mon 03-03 01:00 in Beijing → same due date as above.
    expect(obligationDueDate(CALENDAR_2025, new Date('2025-03-02T17:00:00Z'), 5)).toBe('2025-03-10');
    // One minute earlier it is still Sun 03-02 23:59 in Beijing: Mon 3 … Fri 7 → Fri 03-07.
    expect(obligationDueDate(CALENDAR_2025, new Date('2025-03-02T15:59:00Z'), 5)).toBe('2025-03-07');
  });

  it('skips public holidays', () => {
    // Granted Wed 04-02: Thu 3 (1), Fri 4 清明 off, weekend, Mon 7 (2), Tue 8 (3).
    expect(obligationDueDate(CALENDAR_2025, cst('2025-04-02 15:00'), 3)).toBe('2025-04-08');
    // Granted Tue 09-30: 10-01…10-08 off, Thu 10-09 (1), Fri 10-10 (2).
    expect(obligationDueDate(CALENDAR_2025, cst('2025-09-30 09:00'), 2)).toBe('2025-10-10');
  });

  it('counts an adjusted working day (调休上班) on a weekend', () => {
    // Granted Sat 04-26: Sun 04-27 is a working day.
    expect(obligationDueDate(CALENDAR_2025, cst('2025-04-26 09:00'), 1)).toBe('2025-04-27');
  });

  it.each([0, -1, 1.5, NaN])('refuses a deferral period of %s working days', (days) => {
    expect(() => obligationDueDate(CALENDAR_2025, cst('2025-03-03 10:00'), days)).toThrow(
      expect.objectContaining({ code: 'OBLIGATION.INVALID_DAYS' }),
    );
  });
});

describe('reminderDates', () => {
  it('reminds offset working days before the due date, ascending, duplicates removed', () => {
    // Due Fri 03-14: 3 before → Tue 11, 1 before → Thu 13, 0 → Fri 14 (1 given twice).
    expect(reminderDates(CALENDAR_2025, '2025-03-14', [3, 1, 0, 1], cst('2025-03-10 09:00'))).toEqual([
      '2025-03-11',
      '2025-03-13',
      '2025-03-14',
    ]);
  });

  it('drops reminders on or before the grant day', () => {
    // Granted Tue 03-11: 3 before (Tue 11) is the grant day itself, 5 before (Fri 07) earlier.
    expect(reminderDates(CALENDAR_2025, '2025-03-14', [5, 3, 1], cst('2025-03-11 09:00'))).toEqual([
      '2025-03-13',
    ]);
  });

  it('skips holidays when counting back', () => {
    // Due Tue 04-08: Mon 7 (1), Fri 4 清明 off, Thu 3 (2).
    expect(reminderDates(CALENDAR_2025, '2025-04-08', [2], cst('2025-04-01 09:00'))).toEqual(['2025-04-03']);
  });

  it('gives nothing for no offsets', () => {
    expect(reminderDates(CALENDAR_2025, '2025-04-08', [], cst('2025-04-01 09:00'))).toEqual([]);
  });

  it('refuses a negative offset', () => {
    expect(() => reminderDates(CALENDAR_2025, '2025-04-08', [1, -1], cst('2025-04-01 09:00'))).toThrow(
      expect.objectContaining({ code: 'OBLIGATION.INVALID_DAYS' }),
    );
  });
});

describe('extendDueDate', () => {
  it('moves the due date by working days and adds up the extension', () => {
    // Thu 04-03 + 2: Fri 4 清明 off, Mon 7 (1), Tue 8 (2).
    expect(extendDueDate(CALENDAR_2025, '2025-04-03', 2, 0, 10)).toEqual({
      dueDate: '2025-04-08',
      extendedDays: 2,
    });
  });

  it('allows extending exactly up to the cap', () => {
    expect(extendDueDate(CALENDAR_2025, '2025-03-10', 2, 3, 5)).toEqual({
      dueDate: '2025-03-12',
      extendedDays: 5,
    });
  });

  it('refuses one day beyond the cap, saying how many days are left', () => {
    expect(() => extendDueDate(CALENDAR_2025, '2025-03-10', 3, 3, 5)).toThrow(
      expect.objectContaining({ code: 'OBLIGATION.EXTENSION_CAP', kind: 'CONFLICT' }),
    );
    expect(() => extendDueDate(CALENDAR_2025, '2025-03-10', 3, 3, 5)).toThrow(/2 left/);
  });

  it('refuses any extension when the cap is 0', () => {
    expect(() => extendDueDate(CALENDAR_2025, '2025-03-10', 1, 0, 0)).toThrow(
      expect.objectContaining({ code: 'OBLIGATION.EXTENSION_CAP' }),
    );
  });

  it('refuses a zero or negative extension', () => {
    expect(() => extendDueDate(CALENDAR_2025, '2025-03-10', 0, 0, 5)).toThrow(
      expect.objectContaining({ code: 'OBLIGATION.INVALID_DAYS' }),
    );
    expect(() => extendDueDate(CALENDAR_2025, '2025-03-10', 1, -1, 5)).toThrow(
      expect.objectContaining({ code: 'OBLIGATION.INVALID_DAYS' }),
    );
  });
});
