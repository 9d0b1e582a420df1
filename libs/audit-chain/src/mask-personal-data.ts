/**
 * Resident identity numbers (GB 11643-1999, 18 characters): 6-digit region, birth date YYYYMMDD
 * (years 18xx–20xx), 3-digit sequence, check character (digit or X). The check character is *not*
 * verified on purpose: a mistyped number is still someone's personal data.
 * Matched as a whole token: not inside a longer run of letters or digits (a hash, a ULID).
 */
const ID_NUMBER =
  /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;

/**
 * Keys whose values are never personal data even when they match the pattern by accident: a unified
 * social credit code (统一社会信用代码) is a public enterprise identifier that auditors need in clear.
 */
const NOT_PERSONAL_KEYS = new Set(['uscc']);

/** `110101199003071234` → `110101********1234`: first 6 and last 4 kept. */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
}

/**
 * A copy of `event` (any JSON-like value) in which every string that is, or contains, an 18-character
 * ID number has it masked, wherever it sits (payload, nested objects, arrays, free-text comments).
 * Already-masked values (`110101********1234`) no longer match and stay as they are. The input is not
 * changed. Apply it *before* archiving (before `appendToChain`) so the stored chain verifies as stored.
 */
export function maskPersonalData<T>(event: T): T {
  return maskValue(event, undefined) as T;
}

function maskValue(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') {
    return key !== undefined && NOT_PERSONAL_KEYS.has(key) ? value : value.replace(ID_NUMBER, maskIdNumber);
  }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key));
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    // Class instances (e.g. an envelope from class-transformer) are walked too and come back as plain objects.
    const copy: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) copy[childKey] = maskValue(child, childKey);
    return copy;
  }
  return value;
}
