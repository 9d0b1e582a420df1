import { CalendarError } from './calendar-error';
import { addDays, assertInstant, toLocalDate, type LocalDate } from './local-date';

/** A suspension of the time limit (中止/暂停计时), e.g. while waiting for the applicant's rectification. */
export interface Pause {
  from: Date;
  /** Absent while the pause is still open. */
  to?: Date;
}

/**
 * Local dates that a set of pauses touches, fully or partly. A pause is the half-open interval [from, to):
 * one ending exactly at 00:00 UTC+8 does not touch the day that starts then.
 * An open pause runs until `openUntil`; `clipAt`, when given, cuts every pause there (nothing after it
 * has happened yet). Empty intervals touch nothing.
 */
export function pausedDates(pauses: readonly Pause[], openUntil: Date, clipAt?: Date): Set<LocalDate> {
  const touched = new Set<LocalDate>();
  pauses.forEach((pause, index) => {
    assertInstant(pause.from, `pauses[${index}].from`);
    if (pause.to !== undefined) {
      assertInstant(pause.to, `pauses[${index}].to`);
      if (pause.to.getTime() < pause.from.getTime()) {
        throw new CalendarError('CALENDAR.INVALID_PAUSE', {
          zh: `第 ${index + 1} 个暂停的结束时间早于开始时间`,
          en: `pause #${index + 1} ends before it starts`,
        });
      }
    }
    let end = (pause.to ?? openUntil).getTime();
    if (clipAt !== undefined) end = Math.min(end, clipAt.getTime());
    const start = pause.from.getTime();
    if (end <= start) return;
    // The last instant inside [start, end) is end - 1 ms; its local date is the last day touched.
    const last = toLocalDate(new Date(end - 1));
    for (let day = toLocalDate(pause.from); day <= last; day = addDays(day, 1)) touched.add(day);
  });
  return touched;
}
