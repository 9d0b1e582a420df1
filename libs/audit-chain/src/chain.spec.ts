import { createHash } from 'node:crypto';
import type { EventEnvelope } from '@app/contracts';
import { appendToChain, chainHash, GENESIS_HASH, verifyChain, type ArchivedEvent } from './chain';

const APP = 'APP-1';

function envelope(n: number, applicationId = APP): EventEnvelope {
  const id = `01J0000000000000000000${String(n).padStart(4, '0')}`;
  return {
    id,
    type: 'intake.subcase.transitioned',
    version: 1,
    occurredAt: `2025-03-10T02:00:${String(n % 60).padStart(2, '0')}.000Z`,
    producer: 'intake',
    applicationId,
    caseId: 'CASE-1',
    correlationId: id,
    causationId: id,
    actor: { kind: 'system', id: 'system' },
    payload: { caseId: 'CASE-1', from: 'RECEIVED', to: 'VERIFYING', note: `第${n}步` },
  };
}

function buildChain(count: number, applicationId = APP): ArchivedEvent[] {
  const chain: ArchivedEvent[] = [];
  for (let n = 1; n <= count; n += 1)
    chain.push(appendToChain(chain[chain.length - 1], envelope(n, applicationId)));
  return chain;
}

function at(chain: ArchivedEvent[], index: number): ArchivedEvent {
  const entry = chain[index];
  if (entry === undefined) throw new Error(`no entry at ${index}`);
  return entry;
}

/** Re-hashes an entry after a change, as a forger who knows the algorithm would. */
function rehashed(entry: ArchivedEvent): ArchivedEvent {
  return { ...entry, hash: chainHash(entry.previousHash, entry.event) };
}

describe('chainHash', () => {
  it('is sha256 hex of previousHash + newline + canonical JSON of the event', () => {
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n{"a":1,"b":"变更"}`, 'utf8').digest('hex');
    expect(chainHash(GENESIS_HASH, { b: '变更', a: 1 })).toBe(expected);
  });

  it('genesis hash is 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
  });

  it('depends on the previous hash: the same event at another place hashes differently', () => {
    expect(chainHash(GENESIS_HASH, { a: 1 })).not.toBe(chainHash('f'.repeat(64), { a: 1 }));
  });
});

describe('appendToChain', () => {
  it('starts an application chain at sequence 1 from the genesis hash', () => {
    const first = appendToChain(undefined, envelope(1));
    expect(first).toMatchObject({ applicationId: APP, sequence: 1, previousHash: GENESIS_HASH });
    expect(first.hash).toBe(chainHash(GENESIS_HASH, envelope(1)));
  });

  it('links each next entry to the hash of the previous one and counts sequence up by one', () => {
    const first = appendToChain(undefined, envelope(1));
    const second = appendToChain(first, envelope(2));
    expect(second.sequence).toBe(2);
    expect(second.previousHash).toBe(first.hash);
  });

  it('refuses to put an event of another application on the chain', () => {
    const first = appendToChain(undefined, envelope(1));
    expect(() => appendToChain(first, envelope(2, 'APP-2'))).toThrow(
      expect.objectContaining({ code: 'AUDIT.WRONG_APPLICATION' }),
    );
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain and counts its entries', () => {
    expect(verifyChain(buildChain(5))).toEqual({ ok: true, count: 5 });
  });

  it('accepts an empty archive', () => {
    expect(verifyChain([])).toEqual({ ok: true, count: 0 });
  });

  it('survives a JSON round trip (what a database or an export does to it)', () => {
    const chain = buildChain(4);
    const copy = JSON.parse(JSON.stringify(chain)) as ArchivedEvent[];
    expect(verifyChain(copy)).toEqual({ ok: true, count: 4 });
  });

  describe('EDITED: an event changed after archiving', () => {
    it('names the edited entry when a payload value is changed', () => {
      const chain = buildChain(5);
      const edited = at(chain, 2);
      chain[2] = {
        ...edited,
        event: { ...edited.event, payload: { caseId: 'CASE-1', from: 'RECEIVED', to: 'COMPLETED' } },
      };
      const result = verifyChain(chain);
      expect(result).toEqual({
        ok: false,
        brokenAt: expect.objectContaining({ sequence: 3, eventId: edited.event.id, kind: 'EDITED' }),
      });
    });

    it('catches an edit of the envelope (occurredAt back-dated)', () => {
      const chain = buildChain(3);
      const entry = at(chain, 0);
      chain[0] = { ...entry, event: { ...entry.event, occurredAt: '2020-01-01T00:00:00.000Z' } };
      expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: { sequence: 1, kind: 'EDITED' } });
    });

    it('catches a forged stored hash (not a sha256 of the content)', () => {
      const chain = buildChain(3);
      chain[1] = { ...at(chain, 1), hash: 'not-a-hash' };
      expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: { sequence: 2, kind: 'EDITED' } });
    });

    it('reports only the first break when several entries are edited', () => {
      const chain = buildChain(5);
      chain[3] = { ...at(chain, 3), event: { ...at(chain, 3).event, producer: 'x' } };
      chain[1] = { ...at(chain, 1), event: { ...at(chain, 1).event, producer: 'y' } };
      expect(verifyChain(chain)).toMatchObject({ ok: false, brokenAt: { sequence: 2, kind: 'EDITED' } });
    });
  });

  describe('HASH_MISMATCH: an edit re-hashed in place breaks the next link', () => {
    it('names the entry after the re-hashed one', () => {
      const chain = buildChain(5);
      const entry = at(chain, 1);
      chain[1] = rehashed({ ...entry, event: { ...entry.event, producer: 'forger' } });
      expect(verifyChain(chain)).toMatchObject({
        ok: false,
        brokenAt: { sequence: 3, eventId: at(chain, 2).event.id, kind: 'HASH_MISMATCH' },
      });
    });

    it('catches a deletion followed by renumbering of the later entries', () => {
      const chain = buildChain(5);
      const renumbered = [
        at(chain, 0),
        at(chain, 1),
        ...chain.slice(3).map((e) => ({ ...e, sequence: e.sequence - 1 })),
      ];
      expect(verifyChain(renumbered)).toMatchObject({
        ok: false,
        brokenAt: { sequence: 3, kind: 'HASH_MISMATCH' },
      });
    });
  });

  describe('DELETED_OR_INSERTED', () => {
    it('a deleted middle entry shows as a sequence gap at the entry after it', () => {
      const chain = buildChain(5);
      chain.splice(2, 1); // sequence 3 removed
      const result = verifyChain(chain);
      expect(result).toMatchObject({ ok: false, brokenAt: { sequence: 4, kind: 'DELETED_OR_INSERTED' } });
      if (!result.ok) expect(result.brokenAt.message.en).toContain('entry 3 is missing');
    });

    it('names the whole missing range when several entries were deleted', () => {
      const chain = buildChain(6);
      chain.splice(1, 3); // sequences 2, 3, 4 removed
      const result = verifyChain(chain);
      expect(result).toMatchObject({ ok: false, brokenAt: { sequence: 5, kind: 'DELETED_OR_INSERTED' } });
      if (!result.ok) expect(result.brokenAt.message.en).toContain('2–4');
    });

    it('a deleted first entry is caught (the second does not start from genesis)', () => {
      const chain = buildChain(3).slice(1);
      expect(verifyChain(chain)).toMatchObject({
        ok: false,
        brokenAt: { sequence: 2, kind: 'DELETED_OR_INSERTED' },
      });
    });

    it('a forged entry that copies its predecessor link and sequence is named as inserted', () => {
      const chain = buildChain(4);
      const forged = rehashed({
        applicationId: APP,
        sequence: 3,
        event: envelope(99),
        previousHash: at(chain, 1).hash,
        hash: '',
      });
      const withForgery = [at(chain, 0), at(chain, 1), forged, at(chain, 2), at(chain, 3)];
      expect(verifyChain(withForgery)).toMatchObject({
        ok: false,
        brokenAt: { sequence: 3, eventId: envelope(99).id, kind: 'DELETED_OR_INSERTED' },
      });
    });

    it('a forged entry that links to nothing is named as inserted', () => {
      const chain = buildChain(4);
      const forged = rehashed({
        applicationId: APP,
        sequence: 3,
        event: envelope(77),
        previousHash: 'a'.repeat(64),
        hash: '',
      });
      const withForgery = [at(chain, 0), at(chain, 1), forged, at(chain, 2), at(chain, 3)];
      expect(verifyChain(withForgery)).toMatchObject({
        ok: false,
        brokenAt: { sequence: 3, eventId: envelope(77).id, kind: 'DELETED_OR_INSERTED' },
      });
    });

    it('an entry archived twice (duplicate) is an insertion', () => {
      const chain = buildChain(3);
      const duplicated = [at(chain, 0), at(chain, 1), at(chain, 1), at(chain, 2)];
      expect(verifyChain(duplicated)).toMatchObject({ ok: false, brokenAt: { kind: 'DELETED_OR_INSERTED' } });
    });

    it('a dropped tail is invisible without a head hash and caught with one', () => {
      const chain = buildChain(5);
      const head = at(chain, 4).hash;
      const truncated = chain.slice(0, 3);
      expect(verifyChain(truncated)).toEqual({ ok: true, count: 3 });
      expect(verifyChain(truncated, { expectedHeadHash: head })).toMatchObject({
        ok: false,
        brokenAt: { sequence: 3, kind: 'DELETED_OR_INSERTED' },
      });
      expect(verifyChain(chain, { expectedHeadHash: head })).toEqual({ ok: true, count: 5 });
    });

    it('an archive emptied entirely is caught against a recorded head', () => {
      expect(verifyChain([], { expectedHeadHash: at(buildChain(1), 0).hash })).toMatchObject({
        ok: false,
        brokenAt: { kind: 'DELETED_OR_INSERTED' },
      });
    });
  });

  describe('REORDERED', () => {
    it('two swapped entries are named at the first moved position', () => {
      const chain = buildChain(5);
      const swapped = [at(chain, 0), at(chain, 2), at(chain, 1), at(chain, 3), at(chain, 4)];
      expect(verifyChain(swapped)).toMatchObject({
        ok: false,
        brokenAt: { sequence: 3, eventId: at(chain, 2).event.id, kind: 'REORDERED' },
      });
    });

    it('is still a reordering when the sequence numbers were rewritten to look contiguous', () => {
      const chain = buildChain(4);
      const moved = [at(chain, 0), at(chain, 2), at(chain, 1), at(chain, 3)].map((entry, index) => ({
        ...entry,
        sequence: index + 1,
      }));
      expect(verifyChain(moved)).toMatchObject({ ok: false, brokenAt: { sequence: 2, kind: 'REORDERED' } });
    });

    it('a swap of the first two entries is a reordering, not a deletion', () => {
      const chain = buildChain(3);
      expect(verifyChain([at(chain, 1), at(chain, 0), at(chain, 2)])).toMatchObject({
        ok: false,
        brokenAt: { sequence: 2, kind: 'REORDERED' },
      });
    });
  });

  describe('WRONG_APPLICATION', () => {
    it('names an entry taken from another application chain', () => {
      const chain = buildChain(4);
      const foreign = at(buildChain(3, 'APP-2'), 2);
      const mixed = [at(chain, 0), at(chain, 1), foreign, at(chain, 3)];
      expect(verifyChain(mixed)).toMatchObject({
        ok: false,
        brokenAt: { sequence: 3, eventId: foreign.event.id, kind: 'WRONG_APPLICATION' },
      });
    });

    it('names a foreign first entry rather than calling all the others foreign', () => {
      const chain = buildChain(4);
      const foreign = at(buildChain(1, 'APP-2'), 0);
      expect(verifyChain([foreign, ...chain.slice(1)])).toMatchObject({
        ok: false,
        brokenAt: { sequence: 1, kind: 'WRONG_APPLICATION' },
      });
    });

    it('catches an entry relabelled to this application while its envelope names another', () => {
      const chain = buildChain(2);
      const foreign = at(buildChain(3, 'APP-2'), 2);
      const relabelled = { ...foreign, applicationId: APP };
      expect(verifyChain([...chain, relabelled])).toMatchObject({
        ok: false,
        brokenAt: { kind: 'WRONG_APPLICATION' },
      });
    });

    it('checks against the application the caller expects', () => {
      expect(verifyChain(buildChain(2), { applicationId: 'APP-9' })).toMatchObject({
        ok: false,
        brokenAt: { sequence: 1, kind: 'WRONG_APPLICATION' },
      });
    });
  });

  it('gives zh and en messages for a break', () => {
    const chain = buildChain(3);
    chain.splice(1, 1);
    const result = verifyChain(chain);
    if (result.ok) throw new Error('expected a break');
    expect(result.brokenAt.message.zh).toMatch(/缺失/);
    expect(result.brokenAt.message.en).toMatch(/missing/);
  });
});
