import { satisfies } from './checked-update';

/** The conditions our aggregates write under, decided in process as the MongoDB server would. */
describe('satisfies (MongoDB query semantics, decided in process on FerretDB)', () => {
  const doc = {
    _id: 'a1',
    version: 3,
    state: 'OPEN',
    caseRevoked: false,
    appliedEvents: ['e1', 'e2'],
    remindersIssued: [],
    claimedAt: new Date('2026-11-22T08:00:00Z'),
  };

  it.each([
    [{ version: 3 }, true],
    [{ version: 4 }, false],
    [{ version: '3' }, false],
    [{ state: 'OPEN', caseRevoked: false }, true],
    [{ caseRevoked: true }, false],
    // An array field equals a value when it contains it; $ne holds when no element equals it.
    [{ appliedEvents: 'e2' }, true],
    [{ appliedEvents: 'e9' }, false],
    [{ appliedEvents: { $ne: 'e9' } }, true],
    [{ appliedEvents: { $ne: 'e1' } }, false],
    [{ remindersIssued: { $ne: 'r1' } }, true],
    // A missing field: $exists false and $ne hold, an equality does not.
    [{ breach: { $exists: false } }, true],
    [{ version: { $exists: false } }, false],
    [{ ended: { $ne: true } }, true],
    [{ ended: false }, false],
    [{ claimedAt: { $lt: new Date('2026-11-22T09:00:00Z') } }, true],
    [{ claimedAt: { $lt: new Date('2026-11-22T07:00:00Z') } }, false],
    [{ $or: [{ version: 9 }, { state: 'OPEN' }] }, true],
  ])('%j → %s', (conditions, expected) => {
    expect(satisfies(doc, conditions as Record<string, unknown>)).toBe(expected);
  });
});
