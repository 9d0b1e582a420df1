import { addYearsCst, CREDIT_POLICY, creditRecordFor, isActive } from './credit';

describe('credit records (信用记录)', () => {
  it('a missed deadline is MINOR for 1 year', () => {
    expect(creditRecordFor('DEADLINE_MISSED', new Date('2025-03-10T02:00:00.000Z'))).toMatchObject({
      cause: 'DEADLINE_MISSED',
      severity: 'MINOR',
      startsAt: '2025-03-10T02:00:00.000Z',
      expiresAt: '2026-03-10T02:00:00.000Z',
    });
  });

  it.each(['DECLARED', 'POST_HOC_FAILED'] as const)('%s is SERIOUS for 3 years', (cause) => {
    expect(creditRecordFor(cause, new Date('2025-03-10T02:00:00.000Z'))).toMatchObject({
      severity: 'SERIOUS',
      expiresAt: '2028-03-10T02:00:00.000Z',
    });
  });

  it('carries a bilingual reason for the record', () => {
    expect(creditRecordFor('POST_HOC_FAILED', new Date()).reason).toEqual(
      CREDIT_POLICY.POST_HOC_FAILED.reason,
    );
    expect(CREDIT_POLICY.DEADLINE_MISSED.reason.zh).toContain('逾期');
  });

  describe('anniversaries are counted on the Beijing wall clock', () => {
    it('29 February becomes 28 February in a common year', () => {
      // 2024-02-29 10:00 Beijing = 02:00Z → 2025-02-28 10:00 Beijing.
      expect(addYearsCst(new Date('2024-02-29T02:00:00Z'), 1).toISOString()).toBe('2025-02-28T02:00:00.000Z');
      expect(addYearsCst(new Date('2024-02-29T02:00:00Z'), 4).toISOString()).toBe('2028-02-29T02:00:00.000Z');
    });

    it('just after midnight Beijing on 29 February (still 28 February in UTC) also lands on 28 February', () => {
      // 2024-02-28T16:30Z = 2024-02-29 00:30 Beijing → 2025-02-28 00:30 Beijing = 2025-02-27T16:30Z.
      expect(addYearsCst(new Date('2024-02-28T16:30:00Z'), 1).toISOString()).toBe('2025-02-27T16:30:00.000Z');
    });

    it('New Year in Beijing while still the old year in UTC', () => {
      // 2024-12-31T16:00Z = 2025-01-01 00:00 Beijing → 2026-01-01 00:00 Beijing.
      expect(addYearsCst(new Date('2024-12-31T16:00:00Z'), 1).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    });
  });

  describe('isActive: [startsAt, expiresAt)', () => {
    const record = creditRecordFor('DEADLINE_MISSED', new Date('2025-03-10T02:00:00.000Z'));

    it('is active from the start instant', () => {
      expect(isActive(record, new Date('2025-03-10T02:00:00.000Z'))).toBe(true);
    });

    it('is not active a millisecond before the start', () => {
      expect(isActive(record, new Date('2025-03-10T01:59:59.999Z'))).toBe(false);
    });

    it('is active a millisecond before expiry and not at expiry', () => {
      expect(isActive(record, new Date('2026-03-10T01:59:59.999Z'))).toBe(true);
      expect(isActive(record, new Date('2026-03-10T02:00:00.000Z'))).toBe(false);
    });

    it('accepts Date fields as well as ISO strings', () => {
      expect(
        isActive(
          { startsAt: new Date('2025-01-01T00:00:00Z'), expiresAt: new Date('2026-01-01T00:00:00Z') },
          new Date('2025-06-01T00:00:00Z'),
        ),
      ).toBe(true);
    });

    it('refuses invalid instants', () => {
      expect(() => isActive(record, new Date('nope'))).toThrow(
        expect.objectContaining({ code: 'CREDIT.INVALID_INSTANT' }),
      );
      expect(() => isActive({ startsAt: 'x', expiresAt: 'y' }, new Date())).toThrow(
        expect.objectContaining({ code: 'CREDIT.INVALID_INSTANT' }),
      );
      expect(() => creditRecordFor('DECLARED', new Date(NaN))).toThrow(
        expect.objectContaining({ code: 'CREDIT.INVALID_INSTANT' }),
      );
    });
  });

  it('refuses an unknown cause', () => {
    expect(() => creditRecordFor('TYPO' as 'DECLARED', new Date())).toThrow(
      expect.objectContaining({ code: 'CREDIT.UNKNOWN_CAUSE' }),
    );
  });
});
