/** A bilingual human message: Chinese first, English alongside. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/**
 * A rule of the domain was broken. Carries a stable machine code (e.g. `APPLICATION.DUPLICATE_ASSET`)
 * that the HTTP edge maps to RFC 7807 problem+json and a consumer maps to a dead letter.
 * Domain code never throws HTTP exceptions: inside a Kafka handler a status code means nothing.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly text: LocalizedText,
    readonly violations: FieldViolation[] = [],
    readonly kind: DomainErrorKind = 'INVALID',
  ) {
    super(`${code}: ${text.en}`);
    this.name = 'DomainError';
  }
}

/** How the edge should classify the failure. */
export type DomainErrorKind =
  | 'INVALID'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'UNAVAILABLE'
  | 'TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE';

export interface FieldViolation {
  path: string;
  code: string;
  message: LocalizedText;
}

export class NotFoundError extends DomainError {
  constructor(code: string, text: LocalizedText) {
    super(code, text, [], 'NOT_FOUND');
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, text: LocalizedText) {
    super(code, text, [], 'CONFLICT');
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, text: LocalizedText) {
    super(code, text, [], 'FORBIDDEN');
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unreachable: ${JSON.stringify(value)}`);
}
