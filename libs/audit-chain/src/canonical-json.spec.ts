import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts object keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    const one = { type: 'x', payload: { score: 5, tags: ['a', 'b'] }, id: '1' };
    const other = { id: '1', payload: { tags: ['a', 'b'], score: 5 }, type: 'x' };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it('keeps array order (order is meaning in arrays)', () => {
    expect(canonicalJson([2, 1, 3])).toBe('[2,1,3]');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('drops undefined object members but writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
  });

  it('hashes a value the same before and after a JSON round trip (Dates become ISO strings)', () => {
    const value = { at: new Date('2025-03-10T02:00:00.000Z'), skip: undefined, list: [undefined, 'x'] };
    const roundTripped: unknown = JSON.parse(JSON.stringify(value));
    expect(canonicalJson(value)).toBe(canonicalJson(roundTripped));
    expect(canonicalJson(value)).toBe('{"at":"2025-03-10T02:00:00.000Z","list":[null,"x"]}');
  });

  it('keeps Chinese text and emoji as characters, and escapes quotes and control characters', () => {
    expect(canonicalJson({ 名称: '知识产权 "一件事" 😀\n' })).toBe('{"名称":"知识产权 \\"一件事\\" 😀\\n"}');
  });

  it('orders non-ASCII keys deterministically by code unit', () => {
    // 'z' is U+007A, '变' U+53D8, '名' U+540D: ascending code units give z, 变, 名.
    expect(canonicalJson({ 名: 1, 变: 2, z: 3 })).toBe('{"z":3,"变":2,"名":1}');
  });

  it('handles deep nesting', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50; i += 1) deep = { [`k${i % 3}`]: deep, a: i };
    const text = canonicalJson(deep);
    // Outermost level was built last (i = 49 → key k1), then i = 48 → k0, i = 47 → k2; 'a' sorts first.
    expect(text.startsWith('{"a":49,"k1":{"a":48,"k0":{"a":47,"k2":')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(deep)));
  });

  it('writes scalars as JSON does (-0 as 0, exponents as JSON)', () => {
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson('')).toBe('""');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(false)).toBe('false');
  });

  it.each([
    ['NaN', { a: NaN }, '$.a'],
    ['Infinity', { a: [1, Infinity] }, '$.a[1]'],
    ['-Infinity', -Infinity, '$'],
  ])('rejects the non-finite number %s, naming where it is', (_name, value, path) => {
    expect(() => canonicalJson(value)).toThrow(expect.objectContaining({ code: 'AUDIT.UNHASHABLE_VALUE' }));
    expect(() => canonicalJson(value)).toThrow(path);
  });

  it('rejects bigint, functions and symbols instead of silently dropping them', () => {
    expect(() => canonicalJson({ a: BigInt(1) })).toThrow(
      expect.objectContaining({ code: 'AUDIT.UNHASHABLE_VALUE' }),
    );
    expect(() => canonicalJson({ a: () => 1 })).toThrow(
      expect.objectContaining({ code: 'AUDIT.UNHASHABLE_VALUE' }),
    );
    expect(() => canonicalJson({ a: Symbol('s') })).toThrow(
      expect.objectContaining({ code: 'AUDIT.UNHASHABLE_VALUE' }),
    );
  });

  it('rejects cycles but accepts the same object twice side by side', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(expect.objectContaining({ code: 'AUDIT.UNHASHABLE_VALUE' }));
  });
});
