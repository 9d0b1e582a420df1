import { createHash } from 'node:crypto';
import { DomainError } from '@app/contracts';

/** Basis points: 10,000 = 100 %. */
export const BASIS_POINTS = 10_000;

export interface SamplingInput {
  /** Published per sampling round (e.g. per month and authority), so anyone can re-run the draw. */
  seed: string;
  caseId: string;
  /** The item's post-hoc sampling rate from the catalogue, 0–10,000. */
  baseRateBasisPoints: number;
  /** The enterprise's earlier credit records (active or expired): the risk factor. */
  priorCreditRecords: number;
}

export interface SamplingResult {
  sampled: boolean;
  /** The effective, risk-weighted rate applied to this case. */
  weightBasisPoints: number;
}

function invalid(field: string, zh: string, en: string): DomainError {
  const message = { zh: `${field} ${zh}`, en: `${field} ${en}` };
  return new DomainError('SAMPLING.INVALID_INPUT', message, [
    { path: field, code: 'SAMPLING.INVALID_INPUT', message },
  ]);
}

/**
 * The case's draw in [0, 10000): the first 48 bits of sha256(seed + '\n' + caseId) scaled down. Depends
 * on nothing but its inputs, so an auditor holding the seed reproduces every decision, and a caseworker
 * cannot pick cases (the seed is fixed before the cases exist).
 */
export function samplingDraw(seed: string, caseId: string): number {
  const digest = createHash('sha256').update(`${seed}\n${caseId}`, 'utf8').digest('hex');
  const bits48 = parseInt(digest.slice(0, 12), 16);
  // bits48 / 2^48 is exact (a power of two) and below 1, so the result stays below 10000.
  return Math.floor((bits48 / 2 ** 48) * BASIS_POINTS);
}

/**
 * Risk-weighted rate: weight = min(10000, base × (1 + priorCreditRecords)). An enterprise with one
 * earlier credit record is checked twice as often, with two three times, and so on, until every case is.
 */
export function samplingWeight(baseRateBasisPoints: number, priorCreditRecords: number): number {
  return Math.min(BASIS_POINTS, baseRateBasisPoints * (1 + priorCreditRecords));
}

/** 事后核查 sampling: sampled when the case's draw falls below its risk-weighted rate. */
export function isSampled(input: SamplingInput): SamplingResult {
  if (typeof input.seed !== 'string' || input.seed === '')
    throw invalid('seed', '不能为空', 'must not be empty');
  if (typeof input.caseId !== 'string' || input.caseId === '')
    throw invalid('caseId', '不能为空', 'must not be empty');
  const base = input.baseRateBasisPoints;
  if (!Number.isInteger(base) || base < 0 || base > BASIS_POINTS) {
    throw invalid(
      'baseRateBasisPoints',
      `必须是 0 到 ${BASIS_POINTS} 的整数：${String(base)}`,
      `must be an integer from 0 to ${BASIS_POINTS}: ${String(base)}`,
    );
  }
  const prior = input.priorCreditRecords;
  if (!Number.isInteger(prior) || prior < 0) {
    throw invalid(
      'priorCreditRecords',
      `必须是非负整数：${String(prior)}`,
      `must be a non-negative integer: ${String(prior)}`,
    );
  }
  const weightBasisPoints = samplingWeight(base, prior);
  return { sampled: samplingDraw(input.seed, input.caseId) < weightBasisPoints, weightBasisPoints };
}
