import {
  argumentError,
  digitsOf,
  invalid,
  normalizedOrThrow,
  valid,
  weightedSum,
  type IdentifierCheck,
} from './identifier-check';

/**
 * GB 11643-1999 公民身份号码: 6-digit region code, 8-digit birth date YYYYMMDD, 3-digit sequence,
 * check character (ISO 7064 MOD 11-2). Only the 18-digit form; the 15-digit form stopped being valid in 2013.
 */
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_BY_REMAINDER = '10X98765432';
/** Earliest birth year accepted; GB 11643's own example is born in 1880. */
const MIN_BIRTH_YEAR = 1800;
const MAX_BIRTH_YEAR = 2099;

function isRealBirthDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < MIN_BIRTH_YEAR || year > MAX_BIRTH_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkDigitOf(body: string): string {
  return CHECK_BY_REMAINDER.charAt(weightedSum(digitsOf(body), RESIDENT_ID_WEIGHTS) % 11);
}

/** The 18th character ('0'–'9' or 'X') for 17 digits. Throws on anything but 17 digits. */
export function residentIdCheckDigit(first17: string): string {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) {
    throw argumentError(
      '身份证号码前17位必须是17位数字',
      'The first 17 characters of a resident ID must be digits',
    );
  }
  return checkDigitOf(first17);
}

/** A valid resident ID from its parts: region '110101', birth 'YYYYMMDD', sequence '001'. */
export function makeResidentId(region6: string, birth: string, seq3: string): string {
  if (!/^\d{6}$/.test(region6)) {
    throw argumentError('地区码必须是6位数字', 'The region code must be 6 digits');
  }
  if (!isRealBirthDate(birth)) {
    throw argumentError(
      '出生日期必须是真实存在的 YYYYMMDD 日期',
      'The birth date must be a real date YYYYMMDD',
    );
  }
  if (!/^\d{3}$/.test(seq3)) {
    throw argumentError('顺序码必须是3位数字', 'The sequence code must be 3 digits');
  }
  const body = region6 + birth + seq3;
  return body + checkDigitOf(body);
}

/** Checks an ID (surrounding spaces and a lower-case 'x' tolerated) and returns it with an upper-case 'X'. */
export function validateResidentId(id: string): IdentifierCheck {
  const candidate = typeof id === 'string' ? id.trim().toUpperCase() : '';
  if (!/^\d{17}[\dX]$/.test(candidate)) {
    return invalid(
      'IDENTIFIER.RESIDENT_ID_FORMAT',
      '身份证号码应为18位:17位数字加1位数字或X',
      'A resident ID has 18 characters: 17 digits and a final digit or X',
    );
  }
  if (!isRealBirthDate(candidate.slice(6, 14))) {
    return invalid(
      'IDENTIFIER.RESIDENT_ID_BIRTH_DATE',
      '身份证号码中的出生日期不是真实日期',
      'The birth date inside the resident ID is not a real date',
    );
  }
  if (checkDigitOf(candidate.slice(0, 17)) !== candidate.charAt(17)) {
    return invalid(
      'IDENTIFIER.RESIDENT_ID_CHECK_DIGIT',
      '身份证号码校验位不正确,请核对是否输错',
      'The check digit of the resident ID is wrong; please check for a typo',
    );
  }
  return valid(candidate);
}

export function isValidResidentId(id: string): boolean {
  return validateResidentId(id).ok;
}

/** Canonical form (trimmed, 'X' upper-case); throws `IdentifierError` with the reason when invalid. */
export function normalizeResidentId(id: string): string {
  return normalizedOrThrow(validateResidentId(id));
}
