import { DomainError, type FieldViolation, type LocalizedText } from '@app/contracts';

/** A rule of the audit archive was broken (unhashable value, malformed export, foreign entry). */
export class AuditChainError extends DomainError {
  constructor(code: string, text: LocalizedText, violations: FieldViolation[] = []) {
    super(code, text, violations, 'INVALID');
    this.name = 'AuditChainError';
  }
}
