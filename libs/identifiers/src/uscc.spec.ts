import {
  IdentifierError,
  isValidUscc,
  makeUscc,
  normalizeUscc,
  usccCheckCharacter,
  validateUscc,
} from '@app/identifiers';

/*
 * Hand-computed examples (GB 32100-2015; letter values A=10 … H=17, J=18 … N=22, P=23, Q=24, R=25,
 * T=26, U=27, W=28, X=29, Y=30; weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28):
 *
 * 1) 91440300192203821 (a real published code, Huawei Technologies Co., Ltd.)
 *    9·1 + 1·3 + 4·9 + 4·27 + 0·19 + 3·26 + 0·16 + 0·17 + 1·20 + 9·29 + 2·25 + 2·13 + 0·8 + 3·24 + 8·10 + 2·30 + 1·28
 *    = 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831; 831 mod 31 = 25; 31 − 25 = 6 → '6'
 * 2) 91110108MA01C3K7X
 *    9+3+9+27+0+26+0+136 + M21·20=420 + A10·29=290 + 0 + 13 + C12·8=96 + 72 + K19·10=190 + 210 + X29·28=812
 *    = 2313; 2313 mod 31 = 19; 31 − 19 = 12 → 'C'
 * 3) 9111010855106011Q
 *    9+3+9+27+0+26+0+136+100+145+25+0+48+0+10+30 + Q24·28=672 = 1240 = 31·40; 31 − 0 = 31 → '0'
 */
const HUAWEI = '914403001922038216';
const LETTER_CHECK = '91110108MA01C3K7XC';
const ZERO_CHECK = '9111010855106011Q0';

describe('unified social credit code (GB 32100-2015)', () => {
  it('computes the check character by the weighted mod-31 rule', () => {
    expect(usccCheckCharacter('91440300192203821')).toBe('6');
    expect(usccCheckCharacter('91110108MA01C3K7X')).toBe('C');
  });

  it('maps a remainder of 0 (31 − 0 = 31) to the character 0', () => {
    expect(usccCheckCharacter('9111010855106011Q')).toBe('0');
  });

  it('accepts the hand-computed valid codes', () => {
    for (const code of [HUAWEI, LETTER_CHECK, ZERO_CHECK]) expect(isValidUscc(code)).toBe(true);
  });

  it('accepts lower case and surrounding spaces, normalising to upper case', () => {
    expect(isValidUscc('91110108ma01c3k7xc')).toBe(true);
    expect(normalizeUscc('  91110108ma01c3k7xc ')).toBe(LETTER_CHECK);
  });

  it('rejects a wrong length with IDENTIFIER.USCC_FORMAT', () => {
    expect(validateUscc(HUAWEI.slice(0, 17))).toMatchObject({ ok: false, code: 'IDENTIFIER.USCC_FORMAT' });
    expect(validateUscc(`${HUAWEI}0`)).toMatchObject({ ok: false, code: 'IDENTIFIER.USCC_FORMAT' });
    expect(isValidUscc('')).toBe(false);
  });

  it('rejects the excluded letters I, O, S, V, Z and symbols', () => {
    for (const letter of ['I', 'O', 'S', 'V', 'Z', '-']) {
      const code = `91110108M${letter}01C3K7XC`;
      expect(validateUscc(code)).toMatchObject({ ok: false, code: 'IDENTIFIER.USCC_FORMAT' });
    }
  });

  it('rejects a wrong check character with IDENTIFIER.USCC_CHECK_CHARACTER', () => {
    const result = validateUscc('914403001922038217');
    expect(result).toMatchObject({ ok: false, code: 'IDENTIFIER.USCC_CHECK_CHARACTER' });
    expect(result.ok ? '' : result.message.zh).toContain('校验位');
  });

  it('catches a single-character typo and a swap of neighbours', () => {
    expect(isValidUscc('914403001922138216')).toBe(false); // 13th character 0 → 1
    expect(isValidUscc('914403001922038126')).toBe(false); // …21 6 → …12 6
  });

  it('makeUscc appends the check character and round-trips', () => {
    expect(makeUscc('91440300192203821')).toBe(HUAWEI);
    expect(makeUscc('91110108ma01c3k7x')).toBe(LETTER_CHECK);
    expect(isValidUscc(makeUscc('12100000400000000'))).toBe(true);
  });

  it('refuses to compute a check character for a malformed body', () => {
    expect(() => usccCheckCharacter('9144030019220382')).toThrow(IdentifierError); // 16 characters
    expect(() => usccCheckCharacter('9144030019220382I')).toThrow(IdentifierError); // I not allowed
    expect(() => makeUscc('')).toThrow(expect.objectContaining({ code: 'IDENTIFIER.INVALID_ARGUMENT' }));
  });

  it('normalizeUscc throws the reason as an IdentifierError', () => {
    expect(() => normalizeUscc('914403001922038217')).toThrow(
      expect.objectContaining({ code: 'IDENTIFIER.USCC_CHECK_CHARACTER' }),
    );
  });
});
