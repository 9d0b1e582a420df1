import { CalendarError } from './calendar-error';
import { isLocalDate, isWeekend, yearOf, type LocalDate } from './local-date';

/**
 * One year of the State Council's holiday arrangement (国务院办公厅关于部分节假日安排的通知).
 * - `holidays`: Monday–Friday dates that are days off (法定节假日 and 调休放假).
 * - `adjustedWorkingDays`: Saturdays/Sundays that are working days (调休上班).
 * Every other date follows the plain rule: Monday–Friday work, weekend off.
 */
export interface CalendarYear {
  year: number;
  holidays: LocalDate[];
  adjustedWorkingDays: LocalDate[];
  source?: { zh: string; en: string };
  /** True while the official arrangement is not yet published and the data is a placeholder. */
  provisional?: boolean;
}

function invalid(where: string, zh: string, en: string): CalendarError {
  return new CalendarError('CALENDAR.INVALID_DATA', {
    zh: `日历数据无效(${where}):${zh}`,
    en: `Invalid calendar data (${where}): ${en}`,
  });
}

function checkDates(
  dates: unknown,
  field: 'holidays' | 'adjustedWorkingDays',
  year: number,
  where: string,
): LocalDate[] {
  if (!Array.isArray(dates)) {
    throw invalid(where, `${field} 必须是日期数组`, `${field} must be an array of dates`);
  }
  const seen = new Set<LocalDate>();
  for (const date of dates) {
    if (!isLocalDate(date)) {
      throw invalid(
        where,
        `${field} 含无效日期 ${String(date)}`,
        `${field} has an invalid date ${String(date)}`,
      );
    }
    if (yearOf(date) !== year) {
      throw invalid(
        where,
        `${field} 中的 ${date} 不属于 ${year} 年`,
        `${field} date ${date} is not in year ${year}`,
      );
    }
    if (seen.has(date)) {
      throw invalid(where, `${field} 中的 ${date} 重复`, `${field} lists ${date} twice`);
    }
    seen.add(date);
  }
  return [...seen];
}

/** A weekend "holiday" or a weekday "adjusted working day" changes nothing and signals a data-entry mix-up. */
function checkWeekdayRules(holidays: LocalDate[], adjustedWorkingDays: LocalDate[], where: string): void {
  for (const date of holidays) {
    if (isWeekend(date)) {
      throw invalid(
        where,
        `${date} 是周末,本就不上班,不应列入 holidays`,
        `${date} is a weekend day and already off; do not list it in holidays`,
      );
    }
  }
  for (const date of adjustedWorkingDays) {
    if (!isWeekend(date)) {
      throw invalid(
        where,
        `${date} 不是周末,不应列入 adjustedWorkingDays(调休上班日必须是周六或周日)`,
        `${date} is not a Saturday or Sunday; adjustedWorkingDays must be weekend days`,
      );
    }
  }
}

function checkSource(source: unknown, where: string): { zh: string; en: string } | undefined {
  if (source === undefined) return undefined;
  if (
    typeof source !== 'object' ||
    source === null ||
    typeof (source as { zh?: unknown }).zh !== 'string' ||
    typeof (source as { en?: unknown }).en !== 'string'
  ) {
    throw invalid(where, 'source 必须是 {zh, en} 文本', 'source must be a {zh, en} text');
  }
  const { zh, en } = source as { zh: string; en: string };
  return { zh, en };
}

/**
 * Checks one year's data and returns a clean copy. `where` names the origin (file name or index)
 * so the error points at the data to fix.
 */
export function validateCalendarYear(raw: unknown, where: string): CalendarYear {
  if (typeof raw !== 'object' || raw === null) {
    throw invalid(where, '应为对象', 'expected an object');
  }
  const candidate = raw as Record<string, unknown>;
  const year = candidate['year'];
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
    throw invalid(
      where,
      `year 必须是四位整数年份:${String(year)}`,
      `year must be a 4-digit integer: ${String(year)}`,
    );
  }
  const holidays = checkDates(candidate['holidays'], 'holidays', year, where);
  const adjustedWorkingDays = checkDates(
    candidate['adjustedWorkingDays'],
    'adjustedWorkingDays',
    year,
    where,
  );
  const source = checkSource(candidate['source'], where);
  // Checked before the weekday rules so the message names the real mistake (the same date in both lists).
  const clash = holidays.find((date) => adjustedWorkingDays.includes(date));
  if (clash !== undefined) {
    throw invalid(
      where,
      `${clash} 同时出现在 holidays 和 adjustedWorkingDays 中`,
      `${clash} is listed both as a holiday and as an adjusted working day`,
    );
  }
  checkWeekdayRules(holidays, adjustedWorkingDays, where);
  const provisional = candidate['provisional'];
  if (provisional !== undefined && typeof provisional !== 'boolean') {
    throw invalid(where, 'provisional 必须是布尔值', 'provisional must be a boolean');
  }
  return {
    year,
    holidays,
    adjustedWorkingDays,
    ...(source === undefined ? {} : { source }),
    ...(provisional === undefined ? {} : { provisional }),
  };
}
