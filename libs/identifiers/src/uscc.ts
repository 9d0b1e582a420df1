import {
  argumentError,
  invalid,
  normalizedOrThrow,
  valid,
  weightedSum,
  type IdentifierCheck,
} from './identifier-check';

/**
 * GB 32100-2015 统一社会信用代码: 18 characters from a 31-character alphabet (digits and capitals
 * without I, O, S, V, Z, which are easily confused), the 18th a check character over the first 17.
 */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_BODY = /^[0-9A-HJ-NP-RTUW-Y]{17}$/;
const USCC_FULL = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

function checkCharacterOf(body: string): string {
  const values = Array.from(body, (char) => USCC_ALPHABET.indexOf(char));
  const remainder = 31 - (weightedSum(values, USCC_WEIGHTS) % 31);
  // 31 - 0 = 31 is outside the alphabet; the standard maps it to '0'.
  return USCC_ALPHABET.charAt(remainder === 31 ? 0 : remainder);
}

/** The 18th character for the given first 17 (case-insensitive). Throws on a malformed body. */
export function usccCheckCharacter(first17: string): string {
  const body = typeof first17 === 'string' ? first17.toUpperCase() : '';
  if (!USCC_BODY.test(body)) {
    throw argumentError(
      '统一社会信用代码前17位格式不正确(应为17位数字或除 I、O、S、V、Z 外的大写字母)',
      'The first 17 characters of a unified social credit code must be digits or capitals other than I, O, S, V, Z',
    );
  }
  return checkCharacterOf(body);
}

/** A valid code built from its first 17 characters. */
export function makeUscc(first17: string): string {
  const check = usccCheckCharacter(first17);
  return first17.toUpperCase() + check;
}

/** Checks a code (surrounding spaces and lower case tolerated) and returns it upper-cased. */
export function validateUscc(code: string): IdentifierCheck {
  const candidate = typeof code === 'string' ? code.trim().toUpperCase() : '';
  if (candidate.length !== 18) {
    return invalid(
      'IDENTIFIER.USCC_FORMAT',
      '统一社会信用代码应为18位',
      'A unified social credit code has 18 characters',
    );
  }
  if (!USCC_FULL.test(candidate)) {
    return invalid(
      'IDENTIFIER.USCC_FORMAT',
      '统一社会信用代码含有不允许的字符(I、O、S、V、Z 及符号不可用)',
      'The unified social credit code contains a character outside its alphabet (no I, O, S, V, Z or symbols)',
    );
  }
  if (checkCharacterOf(candidate.slice(0, 17)) !== candidate.charAt(17)) {
    return invalid(
      'IDENTIFIER.USCC_CHECK_CHARACTER',
      '统一社会信用代码校验位不正确,请核对是否输错',
      'The check character of the unified social credit code is wrong; please check for a typo',
    );
  }
  return valid(candidate);
}

export function isValidUscc(code: string): boolean {
  return validateUscc(code).ok;
}

/** Canonical (trimmed, upper-case) form; throws `IdentifierError` with the reason when invalid. */
export function normalizeUscc(code: string): string {
  return normalizedOrThrow(validateUscc(code));
}
