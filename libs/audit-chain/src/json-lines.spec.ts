import type { EventEnvelope } from '@app/contracts';
import { appendToChain, verifyChain, type ArchivedEvent } from './chain';
import { parseJsonLines, toJsonLines } from './json-lines';

function envelope(n: number): EventEnvelope {
  const id = `01J00000000000000000000${String(n).padStart(3, '0')}`;
  return {
    id,
    type: 'evaluation.rating.submitted',
    version: 1,
    occurredAt: '2025-03-10T02:00:00.000Z',
    producer: 'evaluation',
    applicationId: 'APP-1',
    correlationId: id,
    causationId: id,
    actor: { kind: 'applicant', id: 'u1', uscc: '91110000600037341L' },
    payload: { ratingId: `R${n}`, score: 5, comment: '办事很快，点赞 👍' },
  };
}

function chainOf(count: number): ArchivedEvent[] {
  const chain: ArchivedEvent[] = [];
  for (let n = 1; n <= count; n += 1) chain.push(appendToChain(chain[chain.length - 1], envelope(n)));
  return chain;
}

describe('JSON Lines export', () => {
  it('writes one entry per line, each ending in a newline', () => {
    const text = toJsonLines(chainOf(3));
    expect(text.split('\n')).toHaveLength(4);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes nothing for an empty archive', () => {
    expect(toJsonLines([])).toBe('');
  });

  it('round-trips: an export re-imported verifies offline', () => {
    const chain = chainOf(4);
    const imported = parseJsonLines(toJsonLines(chain));
    expect(imported).toEqual(chain);
    expect(verifyChain(imported)).toEqual({ ok: true, count: 4 });
  });

  it('is byte-identical for the same archive whatever key order the entries had', () => {
    const chain = chainOf(2);
    const reordered = chain.map((e) => ({
      hash: e.hash,
      event: e.event,
      sequence: e.sequence,
      previousHash: e.previousHash,
      applicationId: e.applicationId,
    }));
    expect(toJsonLines(reordered)).toBe(toJsonLines(chain));
  });

  it('ignores blank lines and accepts CRLF line ends', () => {
    const text = toJsonLines(chainOf(2)).replace(/\n/g, '\r\n');
    expect(parseJsonLines(`\r\n${text}\r\n\r\n`)).toHaveLength(2);
  });

  it('an edit made in the exported file is caught when re-verified', () => {
    const text = toJsonLines(chainOf(3)).replace('"score":5', '"score":1');
    expect(verifyChain(parseJsonLines(text))).toMatchObject({
      ok: false,
      brokenAt: { kind: 'EDITED', sequence: 1 },
    });
  });

  it('reports a line that is not JSON with its 1-based line number', () => {
    const lines = toJsonLines(chainOf(3)).split('\n');
    lines[1] = '{"broken":';
    try {
      parseJsonLines(lines.join('\n'));
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toMatchObject({ code: 'AUDIT.EXPORT_INVALID' });
      expect(error).toMatchObject({
        violations: [expect.objectContaining({ path: 'line 2', code: 'AUDIT.EXPORT_NOT_JSON' })],
      });
    }
  });

  it('reports every shape problem on every line, each with its line and field', () => {
    const good = toJsonLines(chainOf(1)).trim();
    const noSequence = good.replace('"sequence":1', '"sequence":0');
    const noEvent = JSON.stringify({ applicationId: 'APP-1', sequence: 2, previousHash: 'x', hash: 'y' });
    const notObject = '[1,2]';
    let caught: unknown;
    try {
      parseJsonLines([good, noSequence, noEvent, notObject].join('\n'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'AUDIT.EXPORT_INVALID',
      violations: [
        expect.objectContaining({ path: 'line 2: sequence' }),
        expect.objectContaining({ path: 'line 3: event' }),
        expect.objectContaining({ path: 'line 4' }),
      ],
    });
    expect((caught as { text: { zh: string } }).text.zh).toContain('第 2 行');
  });

  it('names missing envelope fields', () => {
    const entry = chainOf(1)[0];
    if (entry === undefined) throw new Error('no entry');
    const { id: _dropped, ...eventWithoutId } = entry.event;
    const line = JSON.stringify({ ...entry, event: eventWithoutId });
    expect(() => parseJsonLines(line)).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ path: 'line 1: event.id' })] }),
    );
  });
});
