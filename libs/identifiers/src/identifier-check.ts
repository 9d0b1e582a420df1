import type { LocalizedText } from '@app/contracts';
import { IdentifierError } from './identifier-error';

/**
 * Outcome of checking an identifier without throwing: the canonical form when valid, otherwise a stable
 * code and a zh/en reason that a form can show next to the field.
 */
export type IdentifierCheck =
  { ok: true; normalized: string } | { ok: false; code: string; message: LocalizedText };

export const valid = (normalized: string): IdentifierCheck => ({ ok: true, normalized });

export const invalid = (code: string, zh: string, en: string): IdentifierCheck => ({
  ok: false,
  code,
  message: { zh, en },
});

/** The canonical form, or the check's reason thrown as an `IdentifierError`. */
export function normalizedOrThrow(check: IdentifierCheck): string {
  if (check.ok) return check.normalized;
  throw new IdentifierError(check.code, check.message);
}

export function argumentError(zh: string, en: string): IdentifierError {
  return new IdentifierError('IDENTIFIER.INVALID_ARGUMENT', { zh, en });
}

/** Sum of digit × weight, the core of every check-character scheme here. */
export function weightedSum(values: readonly number[], weights: readonly number[]): number {
  return values.reduce((sum, value, index) => sum + value * (weights[index] ?? 0), 0);
}

export function digitsOf(text: string): number[] {
  return Array.from(text, (char) => Number(char));
}
