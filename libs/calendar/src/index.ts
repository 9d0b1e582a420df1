export { CalendarError } from './calendar-error';
export type { CalendarYear } from './calendar-year';
export { startOfLocalDay, toLocalDate, type LocalDate } from './local-date';
export type { Pause } from './pauses';
export { WorkingDayCalendar } from './working-day-calendar';
