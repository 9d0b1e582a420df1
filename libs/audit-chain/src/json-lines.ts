import type { EventEnvelope, FieldViolation } from '@app/contracts';
import { AuditChainError } from './audit-chain-error';
import type { ArchivedEvent } from './chain';
import { canonicalJson } from './canonical-json';

/**
 * One archive entry per line, in canonical JSON (stable key order, so two exports of the same archive are
 * byte-identical and diff cleanly). Ends with a newline when non-empty.
 */
export function toJsonLines(entries: readonly ArchivedEvent[]): string {
  return entries.map((entry) => `${canonicalJson(entry)}\n`).join('');
}

/** Stops collecting after this many problems: a wholly wrong file should not produce a million violations. */
const MAX_VIOLATIONS = 50;

/**
 * Reads an export back. Blank lines (and a trailing newline, CRLF included) are ignored. Every line is
 * checked for the shape of an `ArchivedEvent`; all problems are reported at once, each naming its 1-based
 * line number (`line 3: sequence …`), in one `AUDIT.EXPORT_INVALID` error. Does not verify the chain:
 * pass the result to `verifyChain`.
 */
export function parseJsonLines(text: string): ArchivedEvent[] {
  const entries: ArchivedEvent[] = [];
  const violations: FieldViolation[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || violations.length >= MAX_VIOLATIONS) return;
    const lineNumber = index + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (cause) {
      violations.push(
        violation(
          lineNumber,
          '',
          'AUDIT.EXPORT_NOT_JSON',
          '不是合法的 JSON',
          `not valid JSON (${(cause as Error).message})`,
        ),
      );
      return;
    }
    const problems = shapeProblems(parsed, lineNumber);
    if (problems.length > 0) violations.push(...problems);
    else entries.push(parsed as ArchivedEvent);
  });
  if (violations.length > 0) {
    const first = violations[0];
    throw new AuditChainError(
      'AUDIT.EXPORT_INVALID',
      {
        zh: `导出文件有 ${violations.length} 处错误，首处：${first?.message.zh ?? ''}`,
        en: `The export has ${violations.length} problem(s); first: ${first?.message.en ?? ''}`,
      },
      violations,
    );
  }
  return entries;
}

function violation(lineNumber: number, field: string, code: string, zh: string, en: string): FieldViolation {
  const path = field === '' ? `line ${lineNumber}` : `line ${lineNumber}: ${field}`;
  return {
    path,
    code,
    message: {
      zh: `第 ${lineNumber} 行${field === '' ? '' : ` ${field}`}：${zh}`,
      en: `line ${lineNumber}${field === '' ? '' : ` ${field}`}: ${en}`,
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ENVELOPE_STRING_FIELDS: (keyof EventEnvelope)[] = [
  'id',
  'type',
  'occurredAt',
  'applicationId',
  'producer',
  'correlationId',
  'causationId',
];

function shapeProblems(value: unknown, lineNumber: number): FieldViolation[] {
  const bad = (field: string, zh: string, en: string): FieldViolation =>
    violation(lineNumber, field, 'AUDIT.EXPORT_INVALID_FIELD', zh, en);
  if (!isRecord(value)) return [bad('', '应为 JSON 对象', 'expected a JSON object')];
  const problems: FieldViolation[] = [];
  if (typeof value['applicationId'] !== 'string')
    problems.push(bad('applicationId', '应为字符串', 'must be a string'));
  const sequence = value['sequence'];
  if (typeof sequence !== 'number' || !Number.isInteger(sequence) || sequence < 1) {
    problems.push(bad('sequence', '应为正整数', 'must be a positive integer'));
  }
  for (const field of ['previousHash', 'hash'] as const) {
    if (typeof value[field] !== 'string') problems.push(bad(field, '应为字符串', 'must be a string'));
  }
  const event = value['event'];
  if (!isRecord(event)) {
    problems.push(bad('event', '应为事件信封对象', 'must be an event envelope object'));
    return problems;
  }
  for (const field of ENVELOPE_STRING_FIELDS) {
    if (typeof event[field] !== 'string')
      problems.push(bad(`event.${field}`, '应为字符串', 'must be a string'));
  }
  if (typeof event['version'] !== 'number')
    problems.push(bad('event.version', '应为数字', 'must be a number'));
  if (!isRecord(event['payload'])) problems.push(bad('event.payload', '应为对象', 'must be an object'));
  if (!isRecord(event['actor'])) problems.push(bad('event.actor', '应为对象', 'must be an object'));
  return problems;
}
