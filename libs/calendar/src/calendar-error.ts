import { DomainError, type DomainErrorKind, type LocalizedText } from '@app/contracts';

/**
 * A calendar rule was broken: bad date, uncovered year, inconsistent holiday data.
 * `code` is stable (e.g. `CALENDAR.YEAR_NOT_COVERED`); `text` carries the zh/en message.
 */
export class CalendarError extends DomainError {
  constructor(code: string, text: LocalizedText, kind: DomainErrorKind = 'INVALID') {
    super(code, text, [], kind);
    this.name = 'CalendarError';
  }
}
