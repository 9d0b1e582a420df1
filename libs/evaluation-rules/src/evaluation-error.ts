import { DomainError, type LocalizedText } from '@app/contracts';

/** A rule of the evaluation domain was broken (score out of range, empty KPI period). */
export class EvaluationRuleError extends DomainError {
  constructor(code: string, text: LocalizedText) {
    super(code, text, [], 'INVALID');
    this.name = 'EvaluationRuleError';
  }
}
