import {
  IdentifierError,
  isValidResidentId,
  makeResidentId,
  normalizeResidentId,
  residentIdCheckDigit,
  validateResidentId,
} from '@app/identifiers';

/*
 * Hand-computed examples (GB 11643-1999; weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; remainder → 1 0 X 9 8 7 6 5 4 3 2):
 * 1) 11010519491231002 (the standard's own example)
 *    7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → 'X'
 * 2) 44052418800101001 (the standard's second example, born 1880)
 *    28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 → '4'
 * 3) 11010120000229001 (born on a leap day)
 *    7+9+0+5+0+4+4+0+0+0+0+18+20+45+0+0+2 = 114; 114 mod 11 = 4 → '8'
 * 4) 11010120010229001 (29 Feb 2001 does not exist)
 *    7+9+0+5+0+4+4+0+0+3+0+18+20+45+0+0+2 = 117; 117 mod 11 = 7 → '5' — right check digit, impossible date
 * 5) 11010119901301001 (month 13)
 *    7+9+0+5+0+4+2+9+54+0+7+27+0+5+0+0+2 = 131; 131 mod 11 = 10 → '2' — right check digit, impossible date
 */
describe('resident ID number (GB 11643-1999)', () => {
  it('computes the check digit, including X for remainder 2', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
    expect(residentIdCheckDigit('44052418800101001')).toBe('4');
    expect(residentIdCheckDigit('11010120000229001')).toBe('8');
  });

  it('accepts the hand-computed valid IDs, including a leap-day birth', () => {
    for (const id of ['11010519491231002X', '440524188001010014', '110101200002290018']) {
      expect(isValidResidentId(id)).toBe(true);
    }
  });

  it('accepts a lower-case x and normalises it to X', () => {
    expect(isValidResidentId('11010519491231002x')).toBe(true);
    expect(normalizeResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(validateResidentId('11010519491231002x')).toEqual({ ok: true, normalized: '11010519491231002X' });
  });

  it('rejects a wrong length (including the retired 15-digit form) with IDENTIFIER.RESIDENT_ID_FORMAT', () => {
    for (const id of ['11010519491231002', '11010519491231002X1', '110105491231002', '']) {
      expect(validateResidentId(id)).toMatchObject({ ok: false, code: 'IDENTIFIER.RESIDENT_ID_FORMAT' });
    }
  });

  it('rejects letters anywhere but a final X', () => {
    expect(validateResidentId('X10105194912310021')).toMatchObject({ code: 'IDENTIFIER.RESIDENT_ID_FORMAT' });
    expect(validateResidentId('11010519491231002Y')).toMatchObject({ code: 'IDENTIFIER.RESIDENT_ID_FORMAT' });
    expect(validateResidentId('1101051949123100２X')).toMatchObject({
      code: 'IDENTIFIER.RESIDENT_ID_FORMAT',
    }); // full-width 2
  });

  it('rejects an impossible birth date even when the check digit is right', () => {
    expect(validateResidentId('110101200102290015')).toMatchObject({
      code: 'IDENTIFIER.RESIDENT_ID_BIRTH_DATE',
    });
    expect(validateResidentId('110101199013010012')).toMatchObject({
      code: 'IDENTIFIER.RESIDENT_ID_BIRTH_DATE',
    });
  });

  it('rejects a birth year before 1800', () => {
    const id = `11010117991231001${residentIdCheckDigit('11010117991231001')}`;
    expect(validateResidentId(id)).toMatchObject({ code: 'IDENTIFIER.RESIDENT_ID_BIRTH_DATE' });
  });

  it('rejects a wrong check digit with IDENTIFIER.RESIDENT_ID_CHECK_DIGIT', () => {
    expect(validateResidentId('110105194912310021')).toMatchObject({
      code: 'IDENTIFIER.RESIDENT_ID_CHECK_DIGIT',
    });
    expect(validateResidentId('44052418800101001X')).toMatchObject({
      code: 'IDENTIFIER.RESIDENT_ID_CHECK_DIGIT',
    });
  });

  it('makeResidentId assembles region, birth date, sequence and check digit', () => {
    expect(makeResidentId('110105', '19491231', '002')).toBe('11010519491231002X');
    expect(makeResidentId('110101', '20000229', '001')).toBe('110101200002290018');
  });

  it('makeResidentId refuses malformed parts and impossible birth dates', () => {
    expect(() => makeResidentId('11010', '19491231', '002')).toThrow(IdentifierError);
    expect(() => makeResidentId('110105', '20010229', '002')).toThrow(/birth date/);
    expect(() => makeResidentId('110105', '19491231', '2')).toThrow(/sequence/);
  });

  it('residentIdCheckDigit refuses anything but 17 digits', () => {
    expect(() => residentIdCheckDigit('1101051949123100')).toThrow(IdentifierError);
    expect(() => residentIdCheckDigit('1101051949123100X')).toThrow(IdentifierError);
  });

  it('normalizeResidentId throws the reason', () => {
    expect(() => normalizeResidentId('110101200102290015')).toThrow(
      expect.objectContaining({ code: 'IDENTIFIER.RESIDENT_ID_BIRTH_DATE' }),
    );
  });
});
