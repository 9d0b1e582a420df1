import { argumentError, digitsOf, invalid, valid, type IdentifierCheck } from './identifier-check';

/**
 * 集成电路布图设计登记号 — OUR canonical format (not a published CNIPA algorithm):
 * 'BS.' + YY (2-digit year) + NNNNNN (6-digit serial) + C, where C = (sum of the 8 digits) mod 10.
 * Example: BS.250123452 — digits 2+5+0+1+2+3+4+5 = 22, 22 mod 10 = 2.
 * Input may be lower-case, contain spaces, or omit the dot; the canonical form has 'BS.'.
 */
function checkDigitOf(eightDigits: string): string {
  return String(digitsOf(eightDigits).reduce((sum, digit) => sum + digit, 0) % 10);
}

export function validateLayoutDesignNumber(input: string): IdentifierCheck {
  const text = typeof input === 'string' ? input.toUpperCase().replace(/\s+/g, '') : '';
  const match = /^BS\.?(\d{8})(\d)$/.exec(text);
  if (match === null) {
    return invalid(
      'IDENTIFIER.LAYOUT_DESIGN_NUMBER_FORMAT',
      '布图设计登记号格式应为 BS.+年份2位+流水号6位+校验位1位,如 BS.250123452',
      'A layout-design registration number is BS. + 2-digit year + 6-digit serial + 1 check digit, e.g. BS.250123452',
    );
  }
  const [, body = '', check = ''] = match;
  if (checkDigitOf(body) !== check) {
    return invalid(
      'IDENTIFIER.LAYOUT_DESIGN_NUMBER_CHECK_DIGIT',
      '布图设计登记号校验位不正确,请核对是否输错',
      'The check digit of the layout-design registration number is wrong; please check for a typo',
    );
  }
  return valid(`BS.${body}${check}`);
}

export function isValidLayoutDesignNumber(input: string): boolean {
  return validateLayoutDesignNumber(input).ok;
}

/** A canonical number from a 2-digit year (0–99, e.g. 25 for 2025) and a serial 0–999999. */
export function makeLayoutDesignNumber(year2: number, serial: number): string {
  if (!Number.isInteger(year2) || year2 < 0 || year2 > 99) {
    throw argumentError(
      '布图设计登记号年份须为 0–99 的整数',
      'Layout-design year must be an integer in 0–99',
    );
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > 999_999) {
    throw argumentError(
      '布图设计流水号须为 0–999999 的整数',
      'Layout-design serial must be an integer in 0–999999',
    );
  }
  const body = String(year2).padStart(2, '0') + String(serial).padStart(6, '0');
  return `BS.${body}${checkDigitOf(body)}`;
}
