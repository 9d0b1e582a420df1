import { WorkingDayCalendar } from '@app/calendar';

/**
 * The State Council's 2025 arrangement (国办发明电〔2024〕12号). Days used by the specs:
 * Fri 04-04 清明 off; Sun 04-27 a working day; 05-01, 05-02, 05-05 off; 10-01…10-08 off on weekdays,
 * Sun 09-28 and Sat 10-11 working days.
 */
export const CALENDAR_2025 = new WorkingDayCalendar([
  {
    year: 2025,
    holidays: [
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-03',
      '2025-02-04',
      '2025-04-04',
      '2025-05-01',
      '2025-05-02',
      '2025-05-05',
      '2025-06-02',
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ],
    adjustedWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
]);

/** An instant given as China Standard Time wall clock, e.g. cst('2025-03-03 10:00'). */
export function cst(localTime: string): Date {
  return new Date(`${localTime.replace(' ', 'T')}:00+08:00`);
}
