import { createHmac } from 'node:crypto';
import { IdentifierError } from './identifier-error';

/**
 * Keyed digest (HMAC-SHA256, lower-case hex) of a personal identifier, so events can say "same person"
 * without carrying the ID number. A plain hash would not do: the ID space is small enough to enumerate.
 * Normalise first (e.g. `normalizeResidentId`) so that '…123x' and '…123X' digest alike.
 */
export function piiDigest(value: string, key: string): string {
  if (key.length === 0) {
    throw new IdentifierError('IDENTIFIER.DIGEST_KEY_MISSING', {
      zh: '个人信息摘要密钥不能为空',
      en: 'The PII digest key must not be empty',
    });
  }
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}
