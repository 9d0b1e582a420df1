import type { LocalizedText } from '@app/contracts';
import { EvaluationRuleError } from './evaluation-error';

/** 好差评 five-level scale: 5 is best. */
export type RatingScore = 1 | 2 | 3 | 4 | 5;

export const RATING_SCORES: readonly RatingScore[] = [5, 4, 3, 2, 1];

export const RATING_LABELS: Readonly<Record<RatingScore, LocalizedText>> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Basically satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};

export function isRatingScore(value: unknown): value is RatingScore {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}

function assertRatingScore(score: number): asserts score is RatingScore {
  if (!isRatingScore(score)) {
    throw new EvaluationRuleError('EVALUATION.INVALID_SCORE', {
      zh: `评分必须是 1 到 5 的整数：${String(score)}`,
      en: `A rating score must be an integer from 1 to 5: ${String(score)}`,
    });
  }
}

/** 差评: 不满意 (2) or 非常不满意 (1). A bad rating opens a rectification ticket. */
export function isBadRating(score: number): boolean {
  assertRatingScore(score);
  return score <= 2;
}

/** Counts as satisfied in the satisfaction rate: 基本满意 (3) and above. */
export function isSatisfiedRating(score: number): boolean {
  assertRatingScore(score);
  return score >= 3;
}

export function ratingLabel(score: number): LocalizedText {
  assertRatingScore(score);
  return RATING_LABELS[score];
}
