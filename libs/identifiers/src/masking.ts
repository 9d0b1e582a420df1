/**
 * Display masking of personal information (GB/T 35273 去标识化 practice): enough is kept for a person to
 * recognise their own record, never enough to reconstruct it. Strings too short to keep anything safely
 * are masked entirely.
 */
const MASK = '*';

/** Keeps the region code (first 6) and the last 4: '110101********123X'. A lower-case 'x' is shown as 'X'. */
export function maskResidentId(id: string): string {
  const chars = Array.from(id.trim().toUpperCase());
  if (chars.length <= 10) return MASK.repeat(chars.length);
  return chars.slice(0, 6).join('') + MASK.repeat(chars.length - 10) + chars.slice(-4).join('');
}

/** Keeps the first character: '张三' → '张*', '欧阳娜娜' → '欧***'. A one-character name is fully masked. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim()); // code points, so rare CJK characters count once
  if (chars.length <= 1) return MASK.repeat(chars.length);
  return chars[0] + MASK.repeat(chars.length - 1);
}

/**
 * Mainland mobile numbers keep the first 3 and last 4 digits ('138****5678'; an optional +86/86 prefix is
 * kept as '+86 '). Any other number keeps only its last 4 characters. Spaces and hyphens are dropped first.
 */
export function maskPhone(phone: string): string {
  const compact = phone.replace(/[\s-]/g, '');
  const mobile = /^(\+?86)?(1\d{10})$/.exec(compact);
  if (mobile !== null) {
    const digits = mobile[2] ?? '';
    const prefix = mobile[1] === undefined ? '' : '+86 ';
    return `${prefix}${digits.slice(0, 3)}${MASK.repeat(4)}${digits.slice(7)}`;
  }
  if (compact.length <= 4) return MASK.repeat(compact.length);
  return MASK.repeat(compact.length - 4) + compact.slice(-4);
}
