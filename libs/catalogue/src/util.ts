/** JSON with object keys sorted and undefined properties dropped: equal meaning ⇒ equal string. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const entries: Array<[string, unknown]> = Object.entries(value);
    const out: Record<string, unknown> = {};
    for (const [key, property] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (property !== undefined) out[key] = sortKeys(property);
    }
    return out;
  }
  return value;
}

/** Freezes a published structure all the way down, so no holder of it can change a published version. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    const properties: unknown[] = Object.values(value);
    for (const property of properties) deepFreeze(property);
  }
  return value;
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

export function isBlank(text: unknown): boolean {
  return typeof text !== 'string' || text.trim() === '';
}
