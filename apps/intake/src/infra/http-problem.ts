import { DomainError, DomainErrorKind, LocalizedText } from '@app/contracts';

const KIND_OF_STATUS: Record<number, DomainErrorKind> = {
  413: 'TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'INVALID',
};

/** An upload refusal (413, 415, 422) with the field it concerns; rendered by the shared problem filter. */
export class HttpStatusProblem extends DomainError {
  constructor(status: 413 | 415 | 422, code: string, text: LocalizedText, path?: string) {
    super(code, text, path ? [{ path, code, message: text }] : [], KIND_OF_STATUS[status] ?? 'INVALID');
  }
}
