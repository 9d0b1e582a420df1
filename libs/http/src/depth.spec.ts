import { jsonDepth, MAX_BODY_DEPTH } from './bootstrap';

describe('request body depth (guards the validators against stack overflow)', () => {
  it('measures nesting of objects and arrays', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth({ a: 1 })).toBe(1);
    expect(jsonDepth({ a: { b: [1, { c: 2 }] } })).toBe(4);
  });

  it('stops early and does not overflow on a hostile 100 000-level body', () => {
    const deep = JSON.parse(`${'['.repeat(100000)}${']'.repeat(100000)}`) as unknown;
    expect(jsonDepth(deep)).toBeGreaterThan(MAX_BODY_DEPTH);
  });
});
