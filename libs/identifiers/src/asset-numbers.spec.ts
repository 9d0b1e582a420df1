import {
  IdentifierError,
  isValidLayoutDesignNumber,
  isValidPatentNumber,
  isValidTrademarkNumber,
  makeLayoutDesignNumber,
  makePatentNumber,
  normalizePatentNumber,
  patentCheckDigit,
  patentTypeLabel,
  validateAssetNumber,
  validatePatentNumber,
  type AssetKind,
} from '@app/identifiers';

/*
 * Hand-computed patent numbers (weights 2,3,4,5,6,7,8,9,2,3,4,5 over the 12 digits, mod 11, 10 → X):
 * 1) 2020 1 0123456: 2·2+0·3+2·4+0·5+1·6+0·7+1·8+2·9+3·2+4·3+5·4+6·5 = 4+0+8+0+6+0+8+18+6+12+20+30 = 112;
 *    112 mod 11 = 2 → 202010123456.2 (invention)
 * 2) 2021 1 0000004: 4+0+8+5+6+0+0+0+0+0+0+20 = 43; 43 mod 11 = 10 → 202110000004.X
 * 3) 2019 3 0001234: 4+0+4+45+18+0+0+0+2+6+12+20 = 111; 111 mod 11 = 1 → 201930001234.1 (design)
 * Layout design (our format, check = digit sum mod 10):
 * 4) BS.25 012345: 2+5+0+1+2+3+4+5 = 22 → 2 → BS.250123452
 */
describe('Chinese patent application numbers', () => {
  it('computes the CNIPA check digit, X for remainder 10', () => {
    expect(patentCheckDigit('202010123456')).toBe('2');
    expect(patentCheckDigit('202110000004')).toBe('X');
    expect(patentCheckDigit('201930001234')).toBe('1');
  });

  it('accepts the canonical form', () => {
    for (const number of ['202010123456.2', '202110000004.X', '201930001234.1']) {
      expect(isValidPatentNumber(number)).toBe(true);
    }
  });

  it('normalises ZL / CN prefixes, spaces, lower-case x, a missing or full-width dot', () => {
    expect(normalizePatentNumber('ZL 2020 1 0123456.2')).toBe('202010123456.2');
    expect(normalizePatentNumber('CN202010123456.2')).toBe('202010123456.2');
    expect(normalizePatentNumber('zl202110000004.x')).toBe('202110000004.X');
    expect(normalizePatentNumber('cn 2021100000 04 x')).toBe('202110000004.X');
    expect(normalizePatentNumber('2020101234562')).toBe('202010123456.2');
    expect(normalizePatentNumber('202010123456．2')).toBe('202010123456.2');
  });

  it('rejects wrong length and stray characters with IDENTIFIER.PATENT_NUMBER_FORMAT', () => {
    for (const bad of [
      '20201012345.2',
      '2020101234567.2',
      '202010123456.',
      '2020A0123456.2',
      '202010123456-2',
      '',
    ]) {
      expect(validatePatentNumber(bad)).toMatchObject({ ok: false, code: 'IDENTIFIER.PATENT_NUMBER_FORMAT' });
    }
  });

  it('rejects the pre-2003 8-digit form', () => {
    expect(isValidPatentNumber('ZL 99 1 12345.6')).toBe(false);
  });

  it('rejects a year before 2003 even with a correct check digit', () => {
    const twelve = '200210123456';
    const number = `${twelve}.${patentCheckDigit(twelve)}`;
    expect(validatePatentNumber(number)).toMatchObject({ code: 'IDENTIFIER.PATENT_NUMBER_YEAR' });
  });

  it('rejects type digits other than 1, 2, 3, 8, 9', () => {
    for (const type of ['0', '4', '5', '6', '7']) {
      const twelve = `2020${type}0123456`;
      const number = `${twelve}.${patentCheckDigit(twelve)}`;
      expect(validatePatentNumber(number)).toMatchObject({ code: 'IDENTIFIER.PATENT_NUMBER_TYPE' });
    }
  });

  it('rejects a wrong check digit with IDENTIFIER.PATENT_NUMBER_CHECK_DIGIT', () => {
    expect(validatePatentNumber('202010123456.3')).toMatchObject({
      code: 'IDENTIFIER.PATENT_NUMBER_CHECK_DIGIT',
    });
    expect(validatePatentNumber('202010123456.X')).toMatchObject({
      code: 'IDENTIFIER.PATENT_NUMBER_CHECK_DIGIT',
    });
  });

  it('normalizePatentNumber throws the reason as an IdentifierError', () => {
    expect(() => normalizePatentNumber('202010123456.3')).toThrow(IdentifierError);
  });

  it('makePatentNumber pads the serial and appends the check digit', () => {
    expect(makePatentNumber(2020, 1, 123456)).toBe('202010123456.2');
    expect(makePatentNumber(2021, 1, 4)).toBe('202110000004.X');
    expect(makePatentNumber(2019, 3, 1234)).toBe('201930001234.1');
  });

  it('makePatentNumber refuses out-of-range parts', () => {
    expect(() => makePatentNumber(2002, 1, 1)).toThrow(IdentifierError);
    expect(() => makePatentNumber(2020, 4 as 1, 1)).toThrow(IdentifierError);
    expect(() => makePatentNumber(2020, 1, 10_000_000)).toThrow(IdentifierError);
    expect(() => makePatentNumber(2020, 1, -1)).toThrow(IdentifierError);
  });

  it('labels the patent types in Chinese and English', () => {
    expect(patentTypeLabel(2)).toEqual({ zh: '实用新型', en: 'utility model' });
  });
});

describe('trademark registration numbers', () => {
  it('accept 1 to 8 digits without a leading zero', () => {
    for (const number of ['1', '9', '12345678', '30000000'])
      expect(isValidTrademarkNumber(number)).toBe(true);
  });

  it('reject a leading zero, more than 8 digits, letters and emptiness', () => {
    for (const bad of ['0', '01234567', '123456789', '12A45', '', '12 34']) {
      expect(isValidTrademarkNumber(bad)).toBe(false);
    }
  });
});

describe('IC layout-design registration numbers (our canonical BS.YYNNNNNNC)', () => {
  it('accepts the hand-computed example and normalises case, spaces and a missing dot', () => {
    expect(isValidLayoutDesignNumber('BS.250123452')).toBe(true);
    expect(validateAssetNumber('layout-design', ' bs.25 0123452')).toEqual({
      ok: true,
      normalized: 'BS.250123452',
    });
    expect(validateAssetNumber('layout-design', 'BS250123452')).toEqual({
      ok: true,
      normalized: 'BS.250123452',
    });
  });

  it('rejects a wrong prefix or length with IDENTIFIER.LAYOUT_DESIGN_NUMBER_FORMAT', () => {
    for (const bad of ['BX.250123452', '250123452', 'BS.25012345', 'BS.2501234520', 'BS.25O123452']) {
      expect(validateAssetNumber('layout-design', bad)).toMatchObject({
        code: 'IDENTIFIER.LAYOUT_DESIGN_NUMBER_FORMAT',
      });
    }
  });

  it('rejects a wrong check digit', () => {
    expect(validateAssetNumber('layout-design', 'BS.250123453')).toMatchObject({
      code: 'IDENTIFIER.LAYOUT_DESIGN_NUMBER_CHECK_DIGIT',
    });
  });

  it('makeLayoutDesignNumber pads year and serial', () => {
    expect(makeLayoutDesignNumber(25, 12345)).toBe('BS.250123452');
    expect(makeLayoutDesignNumber(3, 7)).toBe('BS.030000070'); // 0+3+0+0+0+0+0+7 = 10, 10 mod 10 = 0
  });

  it('makeLayoutDesignNumber refuses out-of-range parts', () => {
    expect(() => makeLayoutDesignNumber(100, 1)).toThrow(IdentifierError);
    expect(() => makeLayoutDesignNumber(25, 1_000_000)).toThrow(IdentifierError);
  });
});

describe('validateAssetNumber', () => {
  it('dispatches on the asset kind and returns the canonical form', () => {
    expect(validateAssetNumber('patent', 'ZL202010123456.2')).toEqual({
      ok: true,
      normalized: '202010123456.2',
    });
    expect(validateAssetNumber('trademark', ' 12345678 ')).toEqual({ ok: true, normalized: '12345678' });
  });

  it('reports a bilingual reason on failure', () => {
    const result = validateAssetNumber('trademark', '0123');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('IDENTIFIER.TRADEMARK_NUMBER_FORMAT');
      expect(result.message.zh).toContain('商标注册号');
      expect(result.message.en).toContain('trademark');
    }
  });

  it('a patent number is not a trademark number and vice versa', () => {
    expect(validateAssetNumber('trademark', '202010123456.2').ok).toBe(false);
    expect(validateAssetNumber('patent', '12345678').ok).toBe(false);
  });

  it('refuses an unknown kind arriving at run time', () => {
    expect(validateAssetNumber('copyright' as AssetKind, '1')).toMatchObject({
      ok: false,
      code: 'IDENTIFIER.UNKNOWN_ASSET_KIND',
    });
    expect(validateAssetNumber('toString' as AssetKind, '1')).toMatchObject({
      code: 'IDENTIFIER.UNKNOWN_ASSET_KIND',
    });
  });
});
