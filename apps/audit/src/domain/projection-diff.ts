import { canonicalJson } from '@app/audit-chain';

export interface ProjectionDifference {
  path: string;
  kind: 'CHANGED' | 'MISSING_IN_LIVE' | 'ONLY_IN_LIVE';
  rebuilt?: unknown;
  live?: unknown;
}

export interface DiffOptions {
  /** Also report fields the live document has and the rebuilt one does not (ids, outbox …); default false. */
  strict?: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A JSON-comparable form: Dates as ISO text, as they travel over HTTP and in events. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * Every difference between a rebuilt read model and the live one, by field path (`subCases.C1.state`,
 * `ratings[0].score`). Key order does not matter; array order does.
 */
export function diffProjection(
  rebuilt: unknown,
  live: unknown,
  options: DiffOptions = {},
): ProjectionDifference[] {
  const out: ProjectionDifference[] = [];
  walk(plain(rebuilt), plain(live), '', options, out);
  return out;
}

function join(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function walk(
  rebuilt: unknown,
  live: unknown,
  path: string,
  options: DiffOptions,
  out: ProjectionDifference[],
): void {
  if (isRecord(rebuilt) && isRecord(live)) {
    for (const key of Object.keys(rebuilt).sort()) {
      if (!(key in live)) out.push({ path: join(path, key), kind: 'MISSING_IN_LIVE', rebuilt: rebuilt[key] });
      else walk(rebuilt[key], live[key], join(path, key), options, out);
    }
    if (options.strict) {
      for (const key of Object.keys(live).sort())
        if (!(key in rebuilt)) out.push({ path: join(path, key), kind: 'ONLY_IN_LIVE', live: live[key] });
    }
    return;
  }
  if (Array.isArray(rebuilt) && Array.isArray(live) && rebuilt.length === live.length) {
    rebuilt.forEach((item, index) => walk(item, live[index], `${path}[${index}]`, options, out));
    return;
  }
  if (canonicalJson(rebuilt ?? null) !== canonicalJson(live ?? null))
    out.push({ path: path === '' ? '$' : path, kind: 'CHANGED', rebuilt, live });
}

export function describeDifference(d: ProjectionDifference): string {
  const show = (v: unknown): string => (v === undefined ? '—' : canonicalJson(v));
  switch (d.kind) {
    case 'MISSING_IN_LIVE':
      return `${d.path}: 重建有而实时模型缺失 missing in live (rebuilt ${show(d.rebuilt)})`;
    case 'ONLY_IN_LIVE':
      return `${d.path}: 仅实时模型有 only in live (${show(d.live)})`;
    default:
      return `${d.path}: 不一致 differs — rebuilt ${show(d.rebuilt)} ≠ live ${show(d.live)}`;
  }
}
