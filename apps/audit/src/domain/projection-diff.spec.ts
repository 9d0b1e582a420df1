import { describeDifference, diffProjection } from './projection-diff';

describe('diffProjection', () => {
  it('finds nothing when the two agree, whatever the key order', () => {
    expect(diffProjection({ a: 1, b: { c: [1, 2], d: 'x' } }, { b: { d: 'x', c: [1, 2] }, a: 1 })).toEqual(
      [],
    );
  });

  it('names a changed leaf by its path', () => {
    expect(
      diffProjection(
        { subCases: { C1: { state: 'ACCEPTED' } } },
        { subCases: { C1: { state: 'VERIFYING' } } },
      ),
    ).toEqual([{ path: 'subCases.C1.state', kind: 'CHANGED', rebuilt: 'ACCEPTED', live: 'VERIFYING' }]);
  });

  it('names array items by index and a length change as a change of the whole array', () => {
    expect(diffProjection({ r: [{ s: 1 }, { s: 2 }] }, { r: [{ s: 1 }, { s: 3 }] })).toEqual([
      { path: 'r[1].s', kind: 'CHANGED', rebuilt: 2, live: 3 },
    ]);
    expect(diffProjection({ r: [1, 2] }, { r: [1] })).toEqual([
      { path: 'r', kind: 'CHANGED', rebuilt: [1, 2], live: [1] },
    ]);
  });

  it('reports fields missing from the live model; extra live fields only when strict', () => {
    expect(diffProjection({ a: 1, b: 2 }, { a: 1, _id: 'x' })).toEqual([
      { path: 'b', kind: 'MISSING_IN_LIVE', rebuilt: 2 },
    ]);
    expect(diffProjection({ a: 1 }, { a: 1, _id: 'x' }, { strict: true })).toEqual([
      { path: '_id', kind: 'ONLY_IN_LIVE', live: 'x' },
    ]);
  });

  it('compares a Date in the live document with the ISO text of the rebuilt one', () => {
    expect(
      diffProjection({ at: '2025-03-10T02:00:00.000Z' }, { at: new Date('2025-03-10T02:00:00.000Z') }),
    ).toEqual([]);
  });

  it('describes a difference in both languages with both values', () => {
    const text = describeDifference({ path: 'status', kind: 'CHANGED', rebuilt: 'DONE', live: 'OPEN' });
    expect(text).toContain('status');
    expect(text).toContain('"DONE"');
    expect(text).toContain('"OPEN"');
    expect(text).toContain('不一致');
  });
});
