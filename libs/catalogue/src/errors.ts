import { DomainError, type DomainErrorKind, type FieldViolation, type LocalizedText } from '@app/contracts';

/** Stable codes of the defects `validateCatalogue` reports, one violation each. */
export type CatalogueIssueCode =
  | 'CATALOGUE.INVALID_SHAPE'
  | 'CATALOGUE.INVALID_VALUE'
  | 'CATALOGUE.INVALID_CODE'
  | 'CATALOGUE.DUPLICATE_CODE'
  | 'CATALOGUE.UNKNOWN_ITEM'
  | 'CATALOGUE.UNKNOWN_BUNDLE'
  | 'CATALOGUE.UNKNOWN_DEPENDENCY'
  | 'CATALOGUE.DEPENDENCY_CYCLE'
  | 'CATALOGUE.CARDINALITY_MISMATCH'
  | 'CATALOGUE.PROMISED_EXCEEDS_LEGAL'
  | 'CATALOGUE.CONFLICTING_FIELD'
  | 'CATALOGUE.CONFLICTING_MATERIAL'
  | 'CATALOGUE.DEFERRAL_DAYS_MISSING'
  | 'CATALOGUE.SAMPLING_RATE_OUT_OF_RANGE'
  | 'CATALOGUE.INVALID_PUBLISHED_AT';

/** Stable codes of errors thrown at the applicant's request (bundle choice, asset list, commitment). */
export type ApplicationErrorCode =
  | 'CATALOGUE.UNKNOWN_BUNDLE'
  | 'APPLICATION.DUPLICATE_ASSET'
  | 'APPLICATION.ASSET_NOT_APPLICABLE'
  | 'APPLICATION.BLANK_ASSET_NUMBER'
  | 'APPLICATION.NO_SUB_CASES'
  | 'APPLICATION.COMMITMENT_NOT_ALLOWED';

export type CatalogueErrorCode = 'CATALOGUE.INVALID' | 'CATALOGUE.EMPTY_CHANGE' | ApplicationErrorCode;

export interface CatalogueIssue extends FieldViolation {
  code: CatalogueIssueCode;
}

/**
 * A catalogue or bundle-expansion rule was broken. Every defect found is listed in `violations`
 * (一次性告知: the applicant or the catalogue editor learns all of them at once); `code` and `path`
 * are those of the error as a whole, or of its first violation.
 */
export class CatalogueError extends DomainError {
  constructor(
    override readonly code: CatalogueErrorCode,
    text: LocalizedText,
    violations: FieldViolation[] = [],
    kind: DomainErrorKind = 'INVALID',
  ) {
    super(code, text, violations, kind);
    this.name = 'CatalogueError';
  }

  /** Field path of the first violation, e.g. `assets.patents[1]`. */
  get path(): string | undefined {
    return this.violations[0]?.path;
  }
}

/** Thrown by `validateCatalogue`: the message names every defect so an editor can fix them in one pass. */
export function invalidCatalogue(issues: CatalogueIssue[]): CatalogueError {
  const list = issues.map((i) => `${i.path}: ${i.code}`);
  const head = issues.slice(0, 5);
  const more = issues.length > head.length ? issues.length - head.length : 0;
  return new CatalogueError(
    'CATALOGUE.INVALID',
    {
      zh:
        `服务事项清单校验未通过（${issues.length} 处问题）：` +
        head.map((i) => `${i.path} ${i.message.zh}`).join('；') +
        (more ? `；另有 ${more} 处` : ''),
      en:
        `Service-item catalogue is invalid (${issues.length} issue(s)): ` +
        head.map((i) => `${i.path} ${i.message.en}`).join('; ') +
        (more ? `; and ${more} more` : '') +
        ` [${list.join(', ')}]`,
    },
    issues,
  );
}

/** Throws one error carrying every violation; its code is the first violation's code. */
export function throwApplicationViolations(
  violations: Array<FieldViolation & { code: ApplicationErrorCode }>,
): void {
  const first = violations[0];
  if (!first) return;
  throw new CatalogueError(first.code, first.message, violations);
}
