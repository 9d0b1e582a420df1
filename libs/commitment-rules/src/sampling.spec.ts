import { createHash } from 'node:crypto';
import { BASIS_POINTS, isSampled, samplingDraw, samplingWeight } from './sampling';

const CASE_IDS = Array.from({ length: 20_000 }, (_, index) => `SC-2025-${String(index).padStart(6, '0')}`);

function empiricalRate(
  baseRateBasisPoints: number,
  priorCreditRecords = 0,
  seed = '2025-03/cnipa-patent',
): number {
  const sampled = CASE_IDS.filter(
    (caseId) => isSampled({ seed, caseId, baseRateBasisPoints, priorCreditRecords }).sampled,
  );
  return sampled.length / CASE_IDS.length;
}

describe('post-hoc sampling (事后核查抽查)', () => {
  it('is reproducible: the same seed and case always give the same decision', () => {
    const input = { seed: 'S-2025-03', caseId: 'SC-1', baseRateBasisPoints: 3000, priorCreditRecords: 0 };
    expect(isSampled(input)).toEqual(isSampled({ ...input }));
    expect(samplingDraw('S-2025-03', 'SC-1')).toBe(samplingDraw('S-2025-03', 'SC-1'));
  });

  it('the draw is sha256(seed + newline + caseId), first 48 bits, scaled to [0, 10000)', () => {
    const hex = createHash('sha256').update('seed\ncase').digest('hex').slice(0, 12);
    expect(samplingDraw('seed', 'case')).toBe(Math.floor((parseInt(hex, 16) * 10000) / 2 ** 48));
  });

  it('a different seed gives a different draw for most cases (the seed matters)', () => {
    const differing = CASE_IDS.slice(0, 1000).filter(
      (caseId) => samplingDraw('A', caseId) !== samplingDraw('B', caseId),
    );
    expect(differing.length).toBeGreaterThan(990);
  });

  it('draws integers in [0, 10000) spread evenly (mean close to 5000)', () => {
    const draws = CASE_IDS.map((caseId) => samplingDraw('S', caseId));
    expect(draws.every((draw) => Number.isInteger(draw) && draw >= 0 && draw < BASIS_POINTS)).toBe(true);
    const mean = draws.reduce((sum, draw) => sum + draw, 0) / draws.length;
    // Standard error of the mean: 2887 / √20000 ≈ 20; ±100 is five of them.
    expect(Math.abs(mean - 4999.5)).toBeLessThan(100);
  });

  it.each([
    [1000, 0.1],
    [3000, 0.3],
  ])('samples %s basis points within ±1.5 percentage points of %s over 20,000 cases', (rate, target) => {
    expect(Math.abs(empiricalRate(rate) - target)).toBeLessThanOrEqual(0.015);
  });

  it('higher risk (earlier credit records) raises the rate', () => {
    const none = empiricalRate(1000, 0);
    const one = empiricalRate(1000, 1);
    const three = empiricalRate(1000, 3);
    expect(one).toBeGreaterThan(none);
    expect(three).toBeGreaterThan(one);
    // weight 1000 × (1 + 1) = 2000 → about 20 %; × (1 + 3) = 4000 → about 40 %.
    expect(Math.abs(one - 0.2)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(three - 0.4)).toBeLessThanOrEqual(0.015);
  });

  it('a riskier enterprise is sampled whenever a clean one with the same case would be', () => {
    for (const caseId of CASE_IDS.slice(0, 2000)) {
      const clean = isSampled({ seed: 'S', caseId, baseRateBasisPoints: 1500, priorCreditRecords: 0 });
      const risky = isSampled({ seed: 'S', caseId, baseRateBasisPoints: 1500, priorCreditRecords: 2 });
      if (clean.sampled) expect(risky.sampled).toBe(true);
    }
  });

  it('weight = min(10000, base × (1 + priorCreditRecords))', () => {
    expect(samplingWeight(1000, 0)).toBe(1000);
    expect(samplingWeight(1000, 2)).toBe(3000);
    expect(samplingWeight(4000, 2)).toBe(10_000); // 12000 capped
    expect(
      isSampled({ seed: 'S', caseId: 'X', baseRateBasisPoints: 2500, priorCreditRecords: 1 })
        .weightBasisPoints,
    ).toBe(5000);
  });

  it('rate 0 never samples and 10000 always does; the cap samples every case', () => {
    expect(empiricalRate(0, 5)).toBe(0);
    expect(empiricalRate(10_000)).toBe(1);
    expect(empiricalRate(4000, 2)).toBe(1);
  });

  it.each([
    ['an empty seed', { seed: '' }, 'seed'],
    ['an empty case id', { caseId: '' }, 'caseId'],
    ['a rate above 10000', { baseRateBasisPoints: 10_001 }, 'baseRateBasisPoints'],
    ['a negative rate', { baseRateBasisPoints: -1 }, 'baseRateBasisPoints'],
    ['a fractional rate', { baseRateBasisPoints: 12.5 }, 'baseRateBasisPoints'],
    ['negative prior records', { priorCreditRecords: -1 }, 'priorCreditRecords'],
  ])('refuses %s', (_what, override, path) => {
    const input = { seed: 'S', caseId: 'X', baseRateBasisPoints: 1000, priorCreditRecords: 0, ...override };
    expect(() => isSampled(input)).toThrow(
      expect.objectContaining({
        code: 'SAMPLING.INVALID_INPUT',
        violations: [expect.objectContaining({ path })],
      }),
    );
  });
});
