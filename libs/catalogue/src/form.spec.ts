import { type FormFieldSpec, loadSeedCatalogue, oneTimeNotice, validateFormValues } from '@app/catalogue';
import { field } from './test-fixtures';

function codes(fields: FormFieldSpec[], values: Record<string, unknown>): Array<[string, string]> {
  return validateFormValues(fields, values).map((v) => [v.path, v.code]);
}

describe('validateFormValues', () => {
  const name = field('newName', { label: { zh: '变更后名称', en: 'New name' }, maxLength: 5 });
  const note = field('note', { required: false });

  describe('FORM.REQUIRED', () => {
    it.each([
      ['absent', {}],
      ['undefined', { newName: undefined }],
      ['null', { newName: null }],
      ['empty', { newName: '' }],
      ['whitespace only', { newName: '  \u3000' }],
    ])('reports a required field that is %s', (_what, values) => {
      expect(codes([name], values)).toEqual([['formValues.newName', 'FORM.REQUIRED']]);
    });

    it('lets an optional field be left empty or absent', () => {
      expect(codes([note], {})).toEqual([]);
      expect(codes([note], { note: '' })).toEqual([]);
    });

    it('says which question is missing, in Chinese and English', () => {
      expect(validateFormValues([name], {})[0]?.message).toEqual({
        zh: '请填写“变更后名称”',
        en: '"New name" is required',
      });
    });
  });

  describe('FORM.TYPE', () => {
    it.each([
      ['string', field('f'), 42],
      ['date written with slashes', field('f', { type: 'date' }), '2025/01/02'],
      ['date that does not exist', field('f', { type: 'date' }), '2025-02-29'],
      ['date given as a number', field('f', { type: 'date' }), 20250102],
      ['boolean given as text', field('f', { type: 'boolean' }), 'true'],
      ['integer with a fraction', field('f', { type: 'integer' }), 1.5],
      ['integer given as text', field('f', { type: 'integer' }), '15'],
      [
        'enum given as a number',
        field('f', { type: 'enum', options: [{ value: '1', label: { zh: '一', en: 'one' } }] }),
        1,
      ],
    ])('rejects a %s', (_what, f, value) => {
      expect(codes([f], { f: value })).toEqual([['formValues.f', 'FORM.TYPE']]);
    });

    it.each([
      ['leap day', '2024-02-29'],
      ['year end', '2025-12-31'],
    ])('accepts a real date (%s)', (_what, value) => {
      expect(codes([field('f', { type: 'date' })], { f: value })).toEqual([]);
    });

    it('accepts false as an answer to a required yes/no question (false is not missing)', () => {
      expect(codes([field('f', { type: 'boolean' })], { f: false })).toEqual([]);
    });

    it('accepts 0 as an answer to a required integer question', () => {
      expect(codes([field('f', { type: 'integer' })], { f: 0 })).toEqual([]);
    });
  });

  describe('FORM.OPTION', () => {
    const reason = field('changeReason', {
      type: 'enum',
      options: [
        { value: 'RELOCATION', label: { zh: '迁移经营场所', en: 'Relocation' } },
        { value: 'OTHER', label: { zh: '其他', en: 'Other' } },
      ],
    });

    it('rejects a value that is not one of the options, naming the options', () => {
      const [violation] = validateFormValues([reason], { changeReason: 'relocation' });
      expect(violation?.code).toBe('FORM.OPTION');
      expect(violation?.message.zh).toContain('迁移经营场所、其他');
    });

    it('accepts an option value', () => {
      expect(codes([reason], { changeReason: 'OTHER' })).toEqual([]);
    });
  });

  describe('FORM.MAX_LENGTH', () => {
    it('counts Chinese characters, accepting exactly the maximum', () => {
      expect(codes([name], { newName: '星河科技' + '有' })).toEqual([]);
    });

    it('rejects one character over the maximum', () => {
      expect(codes([name], { newName: '星河科技有限' })).toEqual([['formValues.newName', 'FORM.MAX_LENGTH']]);
    });

    it('counts a character outside the BMP once, not twice', () => {
      expect(codes([name], { newName: '𠀀𠀀𠀀𠀀𠀀' })).toEqual([]);
    });
  });

  describe('FORM.PATTERN', () => {
    const uscc = field('unifiedSocialCreditCode', {
      pattern: '[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}',
    });

    it('accepts a value matching the whole pattern', () => {
      expect(codes([uscc], { unifiedSocialCreditCode: '91110108MA01ABCD3X' })).toEqual([]);
    });

    it('rejects a value that only contains a match (the pattern is anchored)', () => {
      expect(codes([uscc], { unifiedSocialCreditCode: '91110108MA01ABCD3X-extra' })).toEqual([
        ['formValues.unifiedSocialCreditCode', 'FORM.PATTERN'],
      ]);
    });

    it('anchors alternatives as a whole (a|b must not match "a-junk")', () => {
      const phone = field('contactPhone', { pattern: '1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}' });
      expect(codes([phone], { contactPhone: '13800138000' })).toEqual([]);
      expect(codes([phone], { contactPhone: '13800138000 call me' })).toEqual([
        ['formValues.contactPhone', 'FORM.PATTERN'],
      ]);
    });
  });

  describe('FORM.RANGE', () => {
    const amount = field('pledgeAmount', { type: 'integer', min: 1, max: 1000 });

    it.each([1, 1000])('accepts the bound %p', (value) => {
      expect(codes([amount], { pledgeAmount: value })).toEqual([]);
    });

    it.each([0, 1001, -5])('rejects %p', (value) => {
      expect(codes([amount], { pledgeAmount: value })).toEqual([['formValues.pledgeAmount', 'FORM.RANGE']]);
    });

    it('states a one-sided range', () => {
      const [violation] = validateFormValues([field('n', { type: 'integer', min: 1 })], { n: 0 });
      expect(violation?.message.zh).toContain('不小于1');
    });
  });

  describe('FORM.UNKNOWN_FIELD', () => {
    it('reports an answer to a question the form does not ask', () => {
      expect(codes([name], { newName: '星河', shoeSize: 42 })).toEqual([
        ['formValues.shoeSize', 'FORM.UNKNOWN_FIELD'],
      ]);
    });
  });

  it('reports every field at once, one violation per field, form order first, unknown answers last', () => {
    const fields = [name, field('n', { type: 'integer', min: 1 }), note];
    expect(codes(fields, { extra: 1, n: 'x', newName: '' })).toEqual([
      ['formValues.newName', 'FORM.REQUIRED'],
      ['formValues.n', 'FORM.TYPE'],
      ['formValues.extra', 'FORM.UNKNOWN_FIELD'],
    ]);
  });

  it('accepts a complete answer to the merged form of the seed name-change bundle', () => {
    const { fields } = oneTimeNotice(
      loadSeedCatalogue(),
      'ENTERPRISE_NAME_CHANGE',
      { patents: ['2020101234567'] },
      { agentAppointed: false },
    );
    const values = {
      unifiedSocialCreditCode: '91110108MA01ABCD3X',
      oldName: '北京星河数据科技有限公司',
      newName: '北京星河智能科技有限公司',
      changeReason: 'BUSINESS_DEVELOPMENT',
      effectiveDate: '2025-03-03',
      contactName: '李明',
      contactPhone: '010-62345678',
    };
    expect(validateFormValues(fields, values)).toEqual([]);
    expect(codes([...fields], { ...values, changeReason: 'BORED' })).toEqual([
      ['formValues.changeReason', 'FORM.OPTION'],
    ]);
  });
});
