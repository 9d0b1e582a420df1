import { invalid, valid, type IdentifierCheck } from './identifier-check';

/** 商标注册号: 1–8 digits, no leading zero. Surrounding spaces are tolerated. */
export function validateTrademarkNumber(input: string): IdentifierCheck {
  const text = typeof input === 'string' ? input.trim() : '';
  if (!/^[1-9]\d{0,7}$/.test(text)) {
    return invalid(
      'IDENTIFIER.TRADEMARK_NUMBER_FORMAT',
      '商标注册号应为1至8位数字,且不以0开头',
      'A trademark registration number is 1 to 8 digits without a leading zero',
    );
  }
  return valid(text);
}

export function isValidTrademarkNumber(input: string): boolean {
  return validateTrademarkNumber(input).ok;
}
