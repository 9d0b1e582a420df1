import { decideAppeal, type Appeal } from './appeal';

const appeal: Appeal = {
  appealId: 'ap1',
  ratingId: 'r1',
  authority: 'PATENT_OFFICE',
  eventApplicationId: 'a1',
  status: 'FILED',
  reason: '恶意',
  filedAt: '2025-01-01T00:00:00.000Z',
  filedBy: { kind: 'caseworker', id: 'cw' },
};
const supervisor = { kind: 'supervisor' as const, id: 's' };
const now = new Date('2025-01-02T00:00:00.000Z');

describe('decideAppeal', () => {
  it('upheld → UPHELD with the decision recorded beside the appeal', () => {
    const decided = decideAppeal(appeal, true, '属实', supervisor, now);
    expect(decided.status).toBe('UPHELD');
    expect(decided.decision).toEqual({ upheld: true, reason: '属实', at: now.toISOString(), by: supervisor });
    expect(decided.reason).toBe('恶意');
  });

  it('not upheld → DISMISSED', () => {
    expect(decideAppeal(appeal, false, '不属实', supervisor, now).status).toBe('DISMISSED');
  });

  it.each(['UPHELD', 'DISMISSED'] as const)('an appeal already %s cannot be decided again', (status) => {
    expect(() => decideAppeal({ ...appeal, status }, false, 'x', supervisor, now)).toThrow(
      expect.objectContaining({ code: 'APPEAL.ALREADY_DECIDED' }),
    );
  });
});
