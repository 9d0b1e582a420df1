import { appendToChain, type ArchivedEvent } from '@app/audit-chain';
import {
  anApplicationFiled,
  anEvent,
  aSubCaseOpened,
  aTransition,
  resetEventSequence,
  TEST_APPLICATION_ID,
} from '@app/case-lifecycle';
import type { ChainHead } from '../../domain/archive-entry';
import { AuditorReads, WHOLE_ARCHIVE, type ArchiveReader, type AuditorRead } from './auditor-reads';

const APP = TEST_APPLICATION_ID;

class FakeArchive implements ArchiveReader {
  constructor(
    readonly chains: Map<string, ArchivedEvent[]>,
    readonly heads = new Map<string, ChainHead>(),
  ) {}
  async entriesOf(applicationId: string): Promise<ArchivedEvent[]> {
    return this.chains.get(applicationId) ?? [];
  }
  async headOf(applicationId: string): Promise<ChainHead | undefined> {
    return this.heads.get(applicationId);
  }
  async applicationIds(): Promise<string[]> {
    return [...this.chains.keys()];
  }
}

function applicationChain(): ArchivedEvent[] {
  resetEventSequence();
  const first = appendToChain(
    undefined,
    anEvent('intake.application.filed', anApplicationFiled({ subCases: [aSubCaseOpened({ caseId: 'C1' })] })),
  );
  return [
    first,
    appendToChain(first, anEvent('intake.subcase.transitioned', aTransition('C1', 'RECEIVED', 'VERIFYING'))),
  ];
}

describe('AuditorReads', () => {
  const reader = { auditorId: 'auditor-1', requestId: 'req-1' };
  let log: AuditorRead[];
  let reads: AuditorReads;
  let archive: FakeArchive;

  beforeEach(() => {
    log = [];
    archive = new FakeArchive(new Map([[APP, applicationChain()]]));
    reads = new AuditorReads(archive, { record: async (r) => void log.push(r) });
  });

  it('records every kind of read with who, what, which application and the request id', async () => {
    await reads.timeline(APP, reader);
    await reads.stateAt(APP, new Date('2025-03-03T02:00:00.000Z'), reader);
    await reads.verify(APP, reader);
    await reads.export(APP, reader);
    await reads.verifyAll(reader);
    expect(log).toEqual([
      { what: 'TIMELINE', applicationId: APP, requestId: 'req-1', auditorId: 'auditor-1' },
      {
        what: 'REPLAY',
        applicationId: APP,
        requestId: 'req-1',
        auditorId: 'auditor-1',
        at: '2025-03-03T02:00:00.000Z',
      },
      { what: 'VERIFY', applicationId: APP, requestId: 'req-1', auditorId: 'auditor-1' },
      { what: 'EXPORT', applicationId: APP, requestId: 'req-1', auditorId: 'auditor-1' },
      { what: 'VERIFY', applicationId: WHOLE_ARCHIVE, requestId: 'req-1', auditorId: 'auditor-1' },
    ]);
  });

  it('returns nothing when the read cannot be recorded', async () => {
    const failing = new AuditorReads(archive, {
      record: async () => Promise.reject(new Error('mongo down')),
    });
    await expect(failing.timeline(APP, reader)).rejects.toThrow('mongo down');
    await expect(failing.export(APP, reader)).rejects.toThrow('mongo down');
  });

  it('an application the archive does not know is 404 (and the attempt is still recorded)', async () => {
    await expect(reads.timeline('APP-UNKNOWN', reader)).rejects.toMatchObject({
      code: 'AUDIT.APPLICATION_NOT_FOUND',
      kind: 'NOT_FOUND',
    });
    expect(log).toHaveLength(1);
  });

  it('exports JSON Lines of the chain with the recorded head', async () => {
    const chain = applicationChain();
    const last = chain[1];
    if (!last) throw new Error('no entry');
    archive.heads.set(APP, { applicationId: APP, sequence: 2, hash: last.hash });
    const exported = await reads.export(APP, reader);
    expect(exported.count).toBe(2);
    expect(exported.head?.hash).toBe(last.hash);
    expect(exported.jsonLines.trimEnd().split('\n')).toHaveLength(2);
  });

  it('leaves out of the export what was archived after the head it read, so file and head agree', async () => {
    const chain = applicationChain();
    const first = chain[0];
    if (!first) throw new Error('no entry');
    archive.heads.set(APP, { applicationId: APP, sequence: 1, hash: first.hash });
    const exported = await reads.export(APP, reader);
    expect(exported).toMatchObject({ count: 1, head: { sequence: 1, hash: first.hash } });
  });

  it('without a recorded head, the head sent is the last exported entry', async () => {
    const exported = await reads.export(APP, reader);
    expect(exported.head).toEqual({ applicationId: APP, sequence: 2, hash: applicationChain()[1]?.hash });
  });

  it('verifies the whole archive, naming a broken application', async () => {
    const broken = applicationChain().map((e) => ({
      ...e,
      applicationId: 'APP-B',
      event: { ...e.event, applicationId: 'APP-B' },
    }));
    archive.chains.set('APP-B', broken);
    const result = await reads.verifyAll(reader);
    expect(result).toMatchObject({
      ok: false,
      applications: 2,
      firstBroken: { applicationId: 'APP-B', brokenAt: { sequence: 1, kind: 'EDITED' } },
    });
  });

  it('an append landing between the reads of a verification is not reported as a break (head read first)', async () => {
    const chain = applicationChain();
    const last = chain[chain.length - 1] as ArchivedEvent;
    const heads = new Map<string, ChainHead>([
      [APP, { applicationId: APP, sequence: last.sequence, hash: last.hash }],
    ]);
    // An archive that, like the live one, keeps appending while an auditor reads: right after each
    // read of the entries one more event is archived (entry first, then the head).
    class AppendingArchive extends FakeArchive {
      override async entriesOf(applicationId: string): Promise<ArchivedEvent[]> {
        const entries = this.chains.get(applicationId) ?? [];
        const snapshot = [...entries];
        const next = appendToChain(
          entries[entries.length - 1],
          anEvent('intake.subcase.transitioned', aTransition('C1', 'VERIFYING', 'ACCEPTED')),
        );
        entries.push(next);
        this.heads.set(applicationId, { applicationId, sequence: next.sequence, hash: next.hash });
        return snapshot;
      }
    }
    const live = new AuditorReads(new AppendingArchive(new Map([[APP, chain]]), heads), {
      record: async () => undefined,
    });
    await expect(live.verify(APP, reader)).resolves.toMatchObject({ ok: true });
    await expect(live.verifyAll(reader)).resolves.toMatchObject({ ok: true });
  });
});
