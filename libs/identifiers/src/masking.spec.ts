import { IdentifierError, maskName, maskPhone, maskResidentId, piiDigest } from '@app/identifiers';

describe('masking personal information for display', () => {
  describe('maskResidentId keeps the first 6 and last 4', () => {
    it('masks the 8 birth-date characters of an 18-character ID', () => {
      expect(maskResidentId('11010119900307123X')).toBe('110101********123X');
      expect(maskResidentId('440524188001010014')).toBe('440524********0014');
    });

    it('shows a lower-case x as X and ignores surrounding spaces', () => {
      expect(maskResidentId(' 11010519491231002x ')).toBe('110105********002X');
    });

    it('masks the middle of the old 15-digit form too', () => {
      expect(maskResidentId('110105491231002')).toBe('110105*****1002');
    });

    it('an 11-character value still hides one character; 10 or fewer are fully masked', () => {
      expect(maskResidentId('12345678901')).toBe('123456*8901');
      expect(maskResidentId('1234567890')).toBe('**********');
      expect(maskResidentId('123')).toBe('***');
      expect(maskResidentId('')).toBe('');
    });
  });

  describe('maskName keeps the first character', () => {
    it('masks every following character', () => {
      expect(maskName('张三')).toBe('张*');
      expect(maskName('李小明')).toBe('李**');
      expect(maskName('欧阳娜娜')).toBe('欧***');
    });

    it('fully masks a one-character name rather than show it', () => {
      expect(maskName('王')).toBe('*');
      expect(maskName('')).toBe('');
      expect(maskName('   ')).toBe('');
    });

    it('counts a rare CJK character outside the BMP as one character', () => {
      expect(maskName('𠀀明')).toBe('𠀀*');
      expect(maskName('张𠀀')).toBe('张*');
    });

    it('masks the rest of a name with a middle dot or Latin letters', () => {
      expect(maskName('买买提·艾力')).toBe('买*****');
      expect(maskName(' John Smith ')).toBe('J*********');
    });
  });

  describe('maskPhone', () => {
    it('keeps the first 3 and last 4 digits of a mainland mobile number', () => {
      expect(maskPhone('13812345678')).toBe('138****5678');
      expect(maskPhone('138 1234 5678')).toBe('138****5678');
      expect(maskPhone('138-1234-5678')).toBe('138****5678');
    });

    it('keeps a +86 / 86 prefix as +86', () => {
      expect(maskPhone('+8613812345678')).toBe('+86 138****5678');
      expect(maskPhone('86 13812345678')).toBe('+86 138****5678');
    });

    it('other numbers keep only the last 4 characters', () => {
      expect(maskPhone('010-12345678')).toBe('*******5678');
      expect(maskPhone('23456789')).toBe('****6789');
    });

    it('4 characters or fewer are fully masked', () => {
      expect(maskPhone('1234')).toBe('****');
      expect(maskPhone('')).toBe('');
    });
  });
});

describe('piiDigest (HMAC-SHA256)', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(piiDigest('what do ya want for nothing?', 'Jefe')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('is stable for equal values and differs by value and by key', () => {
    const a = piiDigest('11010519491231002X', 'k1');
    expect(piiDigest('11010519491231002X', 'k1')).toBe(a);
    expect(piiDigest('11010519491231002X', 'k2')).not.toBe(a);
    expect(piiDigest('440524188001010014', 'k1')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an empty key, which would make it an unkeyed, enumerable hash', () => {
    expect(() => piiDigest('11010519491231002X', '')).toThrow(IdentifierError);
  });
});
