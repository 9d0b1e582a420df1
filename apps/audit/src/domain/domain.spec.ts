import { appendToChain, GENESIS_HASH, toJsonLines, type ArchivedEvent } from '@app/audit-chain';
import {
  anApplicationFiled,
  anEvent,
  aSubCaseOpened,
  aTransition,
  replay,
  resetEventSequence,
  TEST_APPLICATION_ID,
} from '@app/case-lifecycle';
import type { TypedEnvelope } from '@app/contracts';
import { verifyExport } from '../cli/verify-export';
import { stateAt } from './state-at';
import { buildTimeline } from './timeline';
import { summariseArchive, verifyApplication } from './verify-application';

const APP = TEST_APPLICATION_ID;

/** filed (minute 1), RECEIVED→VERIFYING (2), VERIFYING→ACCEPTED (3), a read record (4), ACCEPTED→PROCESSING (5). */
function events(): TypedEnvelope[] {
  resetEventSequence();
  const filed = anEvent(
    'intake.application.filed',
    anApplicationFiled({ subCases: [aSubCaseOpened({ caseId: 'C1' })] }),
    {
      actor: { kind: 'applicant', id: 'u1', uscc: '91310000MA1FL0000X' },
    },
  );
  const cause = { correlationId: filed.id, causationId: filed.id };
  return [
    filed,
    anEvent('intake.subcase.transitioned', aTransition('C1', 'RECEIVED', 'VERIFYING'), {
      ...cause,
      caseId: 'C1',
    }),
    anEvent('intake.subcase.transitioned', aTransition('C1', 'VERIFYING', 'ACCEPTED'), {
      ...cause,
      caseId: 'C1',
    }),
    anEvent(
      'audit.archive.read',
      { what: 'TIMELINE', requestId: 'r1' },
      { actor: { kind: 'auditor', id: 'a1' }, producer: 'audit' },
    ),
    anEvent('intake.subcase.transitioned', aTransition('C1', 'ACCEPTED', 'PROCESSING'), {
      ...cause,
      caseId: 'C1',
    }),
  ];
}

function chain(list: TypedEnvelope[]): ArchivedEvent[] {
  const out: ArchivedEvent[] = [];
  for (const e of list) out.push(appendToChain(out.at(-1), e));
  return out;
}

describe('stateAt (replay with the shared reducers)', () => {
  it('before the filing there is no application', () => {
    expect(stateAt(APP, chain(events()), new Date('2025-03-03T01:00:30.000Z'))).toMatchObject({
      application: null,
      subCases: [],
      eventsConsidered: 0,
    });
  });

  it('between two events it equals replay of the events up to that instant, and lists each sub-case state', () => {
    const list = events();
    const at = new Date(Date.parse(list[2]?.occurredAt ?? '') + 30_000);
    const result = stateAt(APP, chain(list), at);
    expect(result.application).toEqual(replay(list.slice(0, 3)));
    expect(result.subCases).toEqual([expect.objectContaining({ caseId: 'C1', state: 'ACCEPTED' })]);
    expect(result.eventsConsidered).toBe(3);
  });

  it('an instant exactly at an event includes it (up to and including)', () => {
    const list = events();
    const result = stateAt(APP, chain(list), new Date(list[4]?.occurredAt ?? ''));
    expect(result.subCases[0]?.state).toBe('PROCESSING');
    expect(result.eventsConsidered).toBe(5);
  });
});

describe('buildTimeline', () => {
  it('keeps archive order, actors and bilingual summaries, and links causes both ways', () => {
    const list = events();
    const items = buildTimeline(chain(list));
    expect(items.map((i) => i.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(items[0]).toMatchObject({
      actor: { kind: 'applicant', id: 'u1' },
      caused: [list[1]?.id, list[2]?.id, list[4]?.id],
    });
    expect(items[1]?.causedBy).toEqual({
      eventId: list[0]?.id,
      sequence: 1,
      type: 'intake.application.filed',
    });
    expect(items[3]).toMatchObject({
      type: 'audit.archive.read',
      actor: { kind: 'auditor' },
      summary: { en: 'Auditor read the archive' },
    });
    expect(items[3]?.causedBy).toBeUndefined();
    expect(items[0]?.previousHash).toBe(GENESIS_HASH);
  });
});

describe('verifyApplication (chain + recorded head)', () => {
  it('an intact chain matching its head is ok', () => {
    const c = chain(events());
    const last = c[4];
    expect(
      verifyApplication(APP, c, last && { applicationId: APP, sequence: 5, hash: last.hash }),
    ).toMatchObject({ ok: true, count: 5 });
  });

  it('entries missing at the end are caught only thanks to the head', () => {
    const c = chain(events());
    const last = c[4];
    const head = last && { applicationId: APP, sequence: 5, hash: last.hash };
    expect(verifyApplication(APP, c.slice(0, 3), undefined)).toMatchObject({ ok: true });
    const result = verifyApplication(APP, c.slice(0, 3), head);
    expect(result).toMatchObject({ ok: false, brokenAt: { sequence: 4, kind: 'DELETED_OR_INSERTED' } });
    if (!result.ok) expect(result.brokenAt.message.en).toContain('4–5');
  });

  it('a head behind the entries (crash between the two writes) is not a break', () => {
    const c = chain(events());
    const third = c[2];
    expect(
      verifyApplication(APP, c, third && { applicationId: APP, sequence: 3, hash: third.hash }),
    ).toMatchObject({ ok: true });
  });

  it('a chain rewritten with recomputed hashes no longer matches the recorded head', () => {
    const c = chain(events());
    const rewritten = chain(events().map((e, i) => (i === 1 ? { ...e, producer: 'forger' } : e)));
    const last = c[4];
    expect(
      verifyApplication(APP, rewritten, last && { applicationId: APP, sequence: 5, hash: last.hash }),
    ).toMatchObject({ ok: false, brokenAt: { sequence: 5, kind: 'HASH_MISMATCH' } });
  });

  it('the chain breaks are reported before the head check', () => {
    const c = chain(events());
    c.splice(1, 1);
    expect(verifyApplication(APP, c, undefined)).toMatchObject({
      ok: false,
      brokenAt: { sequence: 3, kind: 'DELETED_OR_INSERTED' },
    });
  });
});

describe('summariseArchive', () => {
  it('lists broken applications in id order with the first one named, and counts entries', () => {
    const c = chain(events());
    const edited = c.map((e, i) => (i === 2 ? { ...e, event: { ...e.event, producer: 'x' } } : e));
    const summary = summariseArchive([
      verifyApplication(
        'B',
        edited.map((e) => ({ ...e, applicationId: 'B', event: { ...e.event, applicationId: 'B' } })),
        undefined,
      ),
      verifyApplication(APP, c, undefined),
    ]);
    expect(summary).toMatchObject({
      ok: false,
      applications: 2,
      entries: 10,
      firstBroken: { applicationId: 'B' },
    });
    expect(summary.broken.map((b) => b.applicationId)).toEqual(['B']);
  });

  it('an empty archive is intact', () => {
    expect(summariseArchive([])).toEqual({ ok: true, applications: 0, entries: 0, broken: [] });
  });
});

describe('verifyExport (offline)', () => {
  it('round trip: an export verifies, with and without the head hash', () => {
    const c = chain(events());
    const text = toJsonLines(c);
    expect(verifyExport(text)).toMatchObject({
      ok: true,
      results: [{ applicationId: APP, ok: true, count: 5 }],
    });
    expect(verifyExport(text, c[4]?.hash)).toMatchObject({ ok: true });
  });

  it('an edited line is EDITED at its sequence; a cut-off tail only fails against the head', () => {
    const c = chain(events());
    const lines = toJsonLines(c).trimEnd().split('\n');
    const edited = [...lines];
    edited[2] = (edited[2] ?? '').replace('"to":"ACCEPTED"', '"to":"REJECTED"');
    expect(verifyExport(edited.join('\n'))).toMatchObject({
      ok: false,
      results: [{ brokenAt: { sequence: 3, kind: 'EDITED' } }],
    });
    const cut = lines.slice(0, 4).join('\n');
    expect(verifyExport(cut).ok).toBe(true);
    expect(verifyExport(cut, c[4]?.hash)).toMatchObject({
      ok: false,
      results: [{ brokenAt: { kind: 'DELETED_OR_INSERTED' } }],
    });
  });

  it('a line that is not an archive entry is refused naming the line', () => {
    expect(() => verifyExport(`${toJsonLines(chain(events()).slice(0, 1))}{"hello":1}\n`)).toThrow(
      expect.objectContaining({ code: 'AUDIT.EXPORT_INVALID' }),
    );
  });
});
