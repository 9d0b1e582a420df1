import { AuditChainError } from './audit-chain-error';

/**
 * Deterministic JSON: the same value always gives the same text, whatever order its keys were
 * written in, so a hash over it survives a database round trip or a JSON Lines export.
 *
 * - object keys sorted recursively (by UTF-16 code units, i.e. `Array.prototype.sort`), no whitespace;
 * - arrays keep their order;
 * - `undefined` object members are dropped, `undefined` array items become `null` (what `JSON.stringify`
 *   does, so a value hashes the same before and after a JSON round trip);
 * - values with `toJSON` (e.g. `Date`) are replaced by its result first, as `JSON.stringify` does;
 * - NaN, ±Infinity, bigint, functions, symbols and cycles are rejected: they have no faithful JSON form,
 *   and silently turning them into `null` would let two different events hash alike.
 * Strings are written by `JSON.stringify`, so non-ASCII text stays as UTF-8 characters (not \u escapes).
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$', new Set<object>());
}

function reject(path: string, zh: string, en: string): AuditChainError {
  return new AuditChainError('AUDIT.UNHASHABLE_VALUE', {
    zh: `无法规范化 ${path}：${zh}`,
    en: `Cannot canonicalise ${path}: ${en}`,
  });
}

function write(input: unknown, path: string, ancestors: Set<object>): string {
  const value = hasToJson(input) ? input.toJSON() : input;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw reject(path, `非有限数值 ${String(value)}`, `non-finite number ${String(value)}`);
      return JSON.stringify(value);
    case 'object':
      return writeContainer(value, path, ancestors);
    default:
      throw reject(path, `不支持的类型 ${typeof value}`, `unsupported type ${typeof value}`);
  }
}

function writeContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw reject(path, '存在循环引用', 'circular reference');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item: unknown, index) =>
        item === undefined ? 'null' : write(item, `${path}[${index}]`, ancestors),
      );
      return `[${items.join(',')}]`;
    }
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`, ancestors)}`);
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

function hasToJson(value: unknown): value is { toJSON: () => unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  );
}
