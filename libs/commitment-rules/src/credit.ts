import { DomainError, type BreachCause, type LocalizedText } from '@app/contracts';

export type CreditSeverity = 'MINOR' | 'SERIOUS';

export interface CreditPolicyEntry {
  severity: CreditSeverity;
  validityYears: number;
  reason: LocalizedText;
}

/**
 * Consequence of a breach of a commitment (信用记录):
 * - DEADLINE_MISSED → MINOR, 1 year: the material was not supplied in time; nothing shows the promise
 *   was untrue, it may be negligence.
 * - DECLARED → SERIOUS, 3 years: a caseworker found the commitment untrue (e.g. the supplied material
 *   contradicts it).
 * - POST_HOC_FAILED → SERIOUS, 3 years: the post-hoc check found the promised conditions were not met.
 * An active record of either severity closes the commitment path (see `deferralEligibility`).
 */
export const CREDIT_POLICY: Readonly<Record<BreachCause, CreditPolicyEntry>> = {
  DEADLINE_MISSED: {
    severity: 'MINOR',
    validityYears: 1,
    reason: { zh: '容缺材料逾期未补交', en: 'Deferred material not supplied by the due date' },
  },
  DECLARED: {
    severity: 'SERIOUS',
    validityYears: 3,
    reason: { zh: '经认定违反告知承诺', en: 'Commitment found to be breached' },
  },
  POST_HOC_FAILED: {
    severity: 'SERIOUS',
    validityYears: 3,
    reason: { zh: '事后核查发现承诺内容不实', en: 'Post-hoc check found the commitment untrue' },
  },
};

export interface CreditRecordTerms {
  cause: BreachCause;
  severity: CreditSeverity;
  /** ISO 8601 instant, as carried by `commitment.credit.recorded`. */
  startsAt: string;
  /** Exclusive: the record is no longer active from this instant on. */
  expiresAt: string;
  reason: LocalizedText;
}

const CST_OFFSET_MS = 8 * 3_600_000;

/**
 * The same wall-clock time (UTC+8) `years` later. 29 February becomes 28 February in a common year:
 * the record must not outlive its term by a day.
 */
export function addYearsCst(instant: Date, years: number): Date {
  const local = new Date(instant.getTime() + CST_OFFSET_MS);
  const year = local.getUTCFullYear() + years;
  const month = local.getUTCMonth();
  const lastDayOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDayOfMonth);
  const shifted = Date.UTC(
    year,
    month,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - CST_OFFSET_MS);
}

function assertInstant(value: Date, what: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DomainError('CREDIT.INVALID_INSTANT', {
      zh: `${what} 不是有效的时间`,
      en: `${what} is not a valid instant`,
    });
  }
}

/** The credit record a breach leads to, starting at `at`. */
export function creditRecordFor(cause: BreachCause, at: Date): CreditRecordTerms {
  assertInstant(at, 'at');
  const policy = CREDIT_POLICY[cause];
  if (policy === undefined) {
    throw new DomainError('CREDIT.UNKNOWN_CAUSE', {
      zh: `未知的违诺原因：${String(cause)}`,
      en: `Unknown breach cause: ${String(cause)}`,
    });
  }
  return {
    cause,
    severity: policy.severity,
    startsAt: at.toISOString(),
    expiresAt: addYearsCst(at, policy.validityYears).toISOString(),
    reason: policy.reason,
  };
}

/** Active from `startsAt` (inclusive) until `expiresAt` (exclusive). */
export function isActive(record: { startsAt: string | Date; expiresAt: string | Date }, now: Date): boolean {
  assertInstant(now, 'now');
  const starts = new Date(record.startsAt).getTime();
  const expires = new Date(record.expiresAt).getTime();
  if (Number.isNaN(starts) || Number.isNaN(expires)) {
    throw new DomainError('CREDIT.INVALID_INSTANT', {
      zh: '信用记录的起止时间无效',
      en: 'The credit record has an invalid start or expiry',
    });
  }
  return now.getTime() >= starts && now.getTime() < expires;
}
