import {
  isBadRating,
  isRatingScore,
  isSatisfiedRating,
  RATING_LABELS,
  RATING_SCORES,
  ratingLabel,
} from './rating-scale';

describe('rating scale (好差评)', () => {
  it('labels the five levels in Chinese and English, 5 best', () => {
    expect(RATING_LABELS[5]).toEqual({ zh: '非常满意', en: 'Very satisfied' });
    expect(RATING_LABELS[4]).toEqual({ zh: '满意', en: 'Satisfied' });
    expect(RATING_LABELS[3]).toEqual({ zh: '基本满意', en: 'Basically satisfied' });
    expect(RATING_LABELS[2]).toEqual({ zh: '不满意', en: 'Dissatisfied' });
    expect(RATING_LABELS[1]).toEqual({ zh: '非常不满意', en: 'Very dissatisfied' });
    expect(RATING_SCORES).toEqual([5, 4, 3, 2, 1]);
    expect(ratingLabel(2).zh).toBe('不满意');
  });

  it('a bad rating is 1 or 2; 3 (基本满意) is not bad', () => {
    expect([1, 2, 3, 4, 5].map(isBadRating)).toEqual([true, true, false, false, false]);
  });

  it('satisfied means 3 and above, the complement of bad', () => {
    expect([1, 2, 3, 4, 5].map(isSatisfiedRating)).toEqual([false, false, true, true, true]);
  });

  it.each([0, 6, 2.5, NaN, -1])('rejects the score %s', (score) => {
    expect(isRatingScore(score)).toBe(false);
    expect(() => isBadRating(score)).toThrow(expect.objectContaining({ code: 'EVALUATION.INVALID_SCORE' }));
    expect(() => ratingLabel(score)).toThrow(expect.objectContaining({ code: 'EVALUATION.INVALID_SCORE' }));
  });
});
