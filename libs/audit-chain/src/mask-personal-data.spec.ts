import { maskIdNumber, maskPersonalData } from './mask-personal-data';

// 11010519491231002X is the worked example of GB 11643-1999; 440524188001010014 is an 1880 birth date.
const ID = '11010519491231002X';

describe('maskPersonalData', () => {
  it('keeps the first 6 and last 4 characters of an ID number and stars the 8 between', () => {
    expect(maskIdNumber(ID)).toBe('110105********002X');
    expect(maskIdNumber(ID)).toHaveLength(18);
  });

  it('masks an ID number under any key, at any depth, in arrays too', () => {
    const event = {
      id: '01J00000000000000000000001',
      payload: {
        legalRepresentative: { name: '张三', idNumber: ID },
        agents: [{ idNo: '440524188001010014' }],
        formValues: { contactId: '110101200002290011' },
      },
    };
    expect(maskPersonalData(event)).toEqual({
      id: '01J00000000000000000000001',
      payload: {
        legalRepresentative: { name: '张三', idNumber: '110105********002X' },
        agents: [{ idNo: '440524********0014' }],
        formValues: { contactId: '110101********0011' },
      },
    });
  });

  it('masks a lowercase x check character', () => {
    expect(maskPersonalData({ v: '11010519491231002x' })).toEqual({ v: '110105********002x' });
  });

  it('masks an ID number written inside free text', () => {
    expect(maskPersonalData({ comment: `法定代表人身份证号${ID}，请核实` })).toEqual({
      comment: '法定代表人身份证号110105********002X，请核实',
    });
  });

  it('leaves an already-masked value untouched', () => {
    const masked = { idNumberMasked: '110105********002X' };
    expect(maskPersonalData(masked)).toEqual(masked);
  });

  it.each([
    ['a 17-digit number', '11010519491231002'],
    ['a 19-digit number', '110105194912310021X'],
    ['month 13', '110105194913310021'],
    ['day 32', '110105194912320021'],
    ['a year outside 18xx–20xx', '110105214912310021'],
    ['a region starting with 0', '010105194912310021'],
    ['an 18-digit run inside a sha256 hex', `ab${ID.slice(0, 17)}0cd`],
    ['a unified social credit code', '91110000600037341L'],
  ])('does not touch %s', (_what, value) => {
    expect(maskPersonalData({ v: value })).toEqual({ v: value });
  });

  it('never masks a uscc field, even one that happens to look like an ID number', () => {
    expect(maskPersonalData({ uscc: '110105194912310021', other: '110105194912310021' })).toEqual({
      uscc: '110105194912310021',
      other: '110105********0021',
    });
  });

  it('does not change its input and keeps non-string values', () => {
    const event = { payload: { idNumber: ID, score: 5, ok: true, none: null, at: new Date(0) } };
    const copy = JSON.parse(JSON.stringify(event)) as unknown;
    const masked = maskPersonalData(event);
    expect(JSON.parse(JSON.stringify(event))).toEqual(copy);
    expect(masked.payload).toEqual({
      idNumber: '110105********002X',
      score: 5,
      ok: true,
      none: null,
      at: new Date(0),
    });
  });

  it('walks class instances (envelopes built by class-transformer)', () => {
    class Payload {
      idNumber = ID;
    }
    expect(maskPersonalData({ payload: new Payload() })).toEqual({
      payload: { idNumber: '110105********002X' },
    });
  });
});
