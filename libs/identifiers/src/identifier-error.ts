import { DomainError, type LocalizedText } from '@app/contracts';

/** An identifier could not be built or normalised: wrong format, wrong check character, bad argument. */
export class IdentifierError extends DomainError {
  constructor(code: string, text: LocalizedText) {
    super(code, text);
    this.name = 'IdentifierError';
  }
}
