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
 * CNIPA patent application / patent number (专利申请号), the 12-digit form in use since 1 Oct 2003:
 * YYYY (filing year) + T (type) + NNNNNNN (serial) + '.' + C (check).
 * Check: sum of the 12 digits × weights 2,3,4,5,6,7,8,9,2,3,4,5, mod 11; 10 is written 'X'.
 * The pre-2003 8-digit form is not accepted.
 */
export type PatentType = 1 | 2 | 3 | 8 | 9;

const PATENT_TYPES: Record<PatentType, { zh: string; en: string }> = {
  1: { zh: '发明', en: 'invention' },
  2: { zh: '实用新型', en: 'utility model' },
  3: { zh: '外观设计', en: 'design' },
  8: { zh: '进入中国国家阶段的PCT发明', en: 'PCT invention entering the Chinese national phase' },
  9: { zh: '进入中国国家阶段的PCT实用新型', en: 'PCT utility model entering the Chinese national phase' },
};
const PATENT_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] as const;
const FIRST_YEAR = 2003;
const LAST_YEAR = 2099;

const isPatentType = (digit: number): digit is PatentType => digit in PATENT_TYPES;

function checkDigitOf(twelveDigits: string): string {
  const remainder = weightedSum(digitsOf(twelveDigits), PATENT_WEIGHTS) % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** The check character ('0'–'9' or 'X') for the 12 digits YYYY T NNNNNNN. Throws on anything else. */
export function patentCheckDigit(twelveDigits: string): string {
  if (typeof twelveDigits !== 'string' || !/^\d{12}$/.test(twelveDigits)) {
    throw argumentError(
      '专利申请号校验位须由12位数字计算',
      'A patent check digit is computed from exactly 12 digits',
    );
  }
  return checkDigitOf(twelveDigits);
}

/** Upper-cases, drops spaces and the 'ZL' (专利) / 'CN' prefixes, turns a full-width '．' into '.'. */
function stripDecorations(input: string): string {
  let text = input.toUpperCase().replace(/\s+/g, '').replace(/．/g, '.');
  for (let i = 0; i < 2; i += 1) {
    if (text.startsWith('ZL') || text.startsWith('CN')) text = text.slice(2);
  }
  return text;
}

/**
 * Checks a patent number in any common spelling ('ZL 202010123456.2', 'CN202010123456.2',
 * '2020101234562') and returns the canonical 'YYYYTNNNNNNN.C'.
 */
export function validatePatentNumber(input: string): IdentifierCheck {
  const text = typeof input === 'string' ? stripDecorations(input) : '';
  const match = /^(\d{4})(\d)(\d{7})\.?([\dX])$/.exec(text);
  if (match === null) {
    return invalid(
      'IDENTIFIER.PATENT_NUMBER_FORMAT',
      '专利号格式应为 年份4位+类型1位+流水号7位+“.”+校验位,如 202010123456.2',
      'A patent number is 4-digit year + 1-digit type + 7-digit serial + "." + check, e.g. 202010123456.2',
    );
  }
  const [, year = '', type = '', serial = '', check = ''] = match;
  if (Number(year) < FIRST_YEAR || Number(year) > LAST_YEAR) {
    return invalid(
      'IDENTIFIER.PATENT_NUMBER_YEAR',
      `专利号年份 ${year} 不在 ${FIRST_YEAR}–${LAST_YEAR} 之间(2003年以前的8位旧号不受理)`,
      `Patent number year ${year} is outside ${FIRST_YEAR}–${LAST_YEAR} (pre-2003 8-digit numbers are not accepted)`,
    );
  }
  if (!isPatentType(Number(type))) {
    return invalid(
      'IDENTIFIER.PATENT_NUMBER_TYPE',
      `专利类型码 ${type} 无效(应为 1 发明、2 实用新型、3 外观设计、8 PCT发明、9 PCT实用新型)`,
      `Patent type digit ${type} is invalid (1 invention, 2 utility model, 3 design, 8 PCT invention, 9 PCT utility model)`,
    );
  }
  const twelve = year + type + serial;
  if (checkDigitOf(twelve) !== check) {
    return invalid(
      'IDENTIFIER.PATENT_NUMBER_CHECK_DIGIT',
      '专利号校验位不正确,请核对是否输错',
      'The check digit of the patent number is wrong; please check for a typo',
    );
  }
  return valid(`${twelve}.${check}`);
}

export function isValidPatentNumber(input: string): boolean {
  return validatePatentNumber(input).ok;
}

/** Canonical 'YYYYTNNNNNNN.C'; throws `IdentifierError` with the reason when invalid. */
export function normalizePatentNumber(input: string): string {
  return normalizedOrThrow(validatePatentNumber(input));
}

/** The zh/en name of a patent type digit, e.g. 1 → 发明 / invention. */
export function patentTypeLabel(type: PatentType): { zh: string; en: string } {
  return PATENT_TYPES[type];
}

/** A canonical patent number from its parts, e.g. (2020, 1, 123456) → '202010123456.2'. */
export function makePatentNumber(year: number, type: PatentType, serial: number): string {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw argumentError(
      `专利号年份须为 ${FIRST_YEAR}–${LAST_YEAR} 之间的整数`,
      `Patent year must be an integer in ${FIRST_YEAR}–${LAST_YEAR}`,
    );
  }
  if (!isPatentType(type)) {
    throw argumentError('专利类型码须为 1、2、3、8 或 9', 'Patent type must be 1, 2, 3, 8 or 9');
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > 9_999_999) {
    throw argumentError('专利流水号须为 0–9999999 的整数', 'Patent serial must be an integer in 0–9999999');
  }
  const twelve = `${year}${type}${String(serial).padStart(7, '0')}`;
  return `${twelve}.${checkDigitOf(twelve)}`;
}
