import { toLocalDate, type LocalDate, type WorkingDayCalendar } from '@app/calendar';
import { ConflictError, DomainError } from '@app/contracts';

/** What deadline arithmetic needs of the working-day calendar (`WorkingDayCalendar` fits). */
export type DeadlineCalendar = Pick<WorkingDayCalendar, 'addWorkingDays' | 'subtractWorkingDays' | 'dueDate'>;

function assertWholeDays(value: number, what: string, minimum: number): void {
  if (!Number.isSafeInteger(value) || value < minimum) {
    const bound =
      minimum === 0
        ? { zh: '非负整数', en: 'a non-negative whole number' }
        : { zh: '正整数', en: 'a positive whole number' };
    throw new DomainError(
      'OBLIGATION.INVALID_DAYS',
      {
        zh: `${what} 必须是${bound.zh}：${String(value)}`,
        en: `${what} must be ${bound.en}: ${String(value)}`,
      },
      [
        {
          path: what,
          code: 'OBLIGATION.INVALID_DAYS',
          message: { zh: `应为${bound.zh}`, en: `must be ${bound.en}` },
        },
      ],
    );
  }
}

/**
 * Last day (inclusive, UTC+8) to supply a deferred material: the `deferralWorkingDays`-th working day after
 * the day of the grant — the grant day itself is not counted, as for every administrative time limit.
 */
export function obligationDueDate(
  calendar: DeadlineCalendar,
  grantedAt: Date,
  deferralWorkingDays: number,
): LocalDate {
  assertWholeDays(deferralWorkingDays, 'deferralWorkingDays', 1);
  return calendar.dueDate(grantedAt, deferralWorkingDays, [], grantedAt);
}

/**
 * Reminder days: `offset` working days before the due date each (0 = on the due date; a due date on a day
 * off is reminded on the working day before). Ascending, without duplicates, and only days strictly after
 * the grant day: a reminder on or before the grant would tell the applicant nothing new.
 */
export function reminderDates(
  calendar: DeadlineCalendar,
  dueDate: LocalDate,
  offsetsWorkingDays: readonly number[],
  grantedAt: Date,
): LocalDate[] {
  offsetsWorkingDays.forEach((offset, index) => assertWholeDays(offset, `offsetsWorkingDays[${index}]`, 0));
  const grantDay = toLocalDate(grantedAt);
  const dates = new Set(offsetsWorkingDays.map((offset) => calendar.subtractWorkingDays(dueDate, offset)));
  return [...dates].filter((date) => date > grantDay).sort();
}

export interface ExtendedDueDate {
  dueDate: LocalDate;
  /** Working days extended so far, this extension included. */
  extendedDays: number;
}

/**
 * Moves the due date `extraDays` working days later, unless the extensions together would exceed
 * `maxExtensionDays` (then ConflictError `OBLIGATION.EXTENSION_CAP`, saying how many days are left).
 */
export function extendDueDate(
  calendar: DeadlineCalendar,
  currentDue: LocalDate,
  extraDays: number,
  alreadyExtendedDays: number,
  maxExtensionDays: number,
): ExtendedDueDate {
  assertWholeDays(extraDays, 'extraDays', 1);
  assertWholeDays(alreadyExtendedDays, 'alreadyExtendedDays', 0);
  assertWholeDays(maxExtensionDays, 'maxExtensionDays', 0);
  const extendedDays = alreadyExtendedDays + extraDays;
  if (extendedDays > maxExtensionDays) {
    const left = Math.max(0, maxExtensionDays - alreadyExtendedDays);
    throw new ConflictError('OBLIGATION.EXTENSION_CAP', {
      zh: `延期超出上限：最多可延长 ${maxExtensionDays} 个工作日，已延长 ${alreadyExtendedDays} 个，还可延长 ${left} 个`,
      en: `Extension over the cap: at most ${maxExtensionDays} working days in total, ${alreadyExtendedDays} used, ${left} left`,
    });
  }
  return { dueDate: calendar.addWorkingDays(currentDue, extraDays), extendedDays };
}
