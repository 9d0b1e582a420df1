import { chainHash, GENESIS_HASH, verifyChain } from '@app/audit-chain';
import { anApplicationFiled, anEvent, aTransition, resetEventSequence } from '@app/case-lifecycle';
import type { EventEnvelope } from '@app/contracts';
import { toArchived, toStored } from '../../domain/archive-entry';
import { AppendContention, ArchiveEvent } from './archive-event';
import { InMemoryArchiveStore } from './in-memory-archive-store';

const APP = 'APP-0001';

function transition(n: number, applicationId = APP): EventEnvelope {
  return anEvent('intake.subcase.transitioned', aTransition('CASE-1', 'RECEIVED', 'VERIFYING'), {
    applicationId,
    id: `01J00000000000000000${String(n).padStart(6, '0')}`,
  });
}

function chainOf(store: InMemoryArchiveStore, applicationId = APP) {
  return store.of(applicationId).map(toArchived);
}

describe('ArchiveEvent.append', () => {
  let store: InMemoryArchiveStore;
  let archive: ArchiveEvent;
  const now = new Date('2025-03-10T02:00:00.000Z');

  beforeEach(() => {
    resetEventSequence();
    store = new InMemoryArchiveStore();
    archive = new ArchiveEvent(store, () => now, 5);
  });

  it('starts an application chain at sequence 1 from the genesis hash and records the head', async () => {
    const event = transition(1);
    const result = await archive.append(event);
    expect(result.status).toBe('ARCHIVED');
    expect(result.entry).toMatchObject({
      eventId: event.id,
      applicationId: APP,
      sequence: 1,
      previousHash: GENESIS_HASH,
      archivedAt: now.toISOString(),
    });
    expect(result.entry.hash).toBe(chainHash(GENESIS_HASH, event));
    expect(store.heads.get(APP)).toEqual({ applicationId: APP, sequence: 1, hash: result.entry.hash });
  });

  it('links each next event of the application to the hash of the one before', async () => {
    const first = await archive.append(transition(1));
    const second = await archive.append(transition(2));
    expect(second.entry.sequence).toBe(2);
    expect(second.entry.previousHash).toBe(first.entry.hash);
    expect(verifyChain(chainOf(store))).toEqual({ ok: true, count: 2 });
  });

  it('keeps one chain per application', async () => {
    await archive.append(transition(1, 'APP-A'));
    const b = await archive.append(transition(2, 'APP-B'));
    const a2 = await archive.append(transition(3, 'APP-A'));
    expect(b.entry).toMatchObject({ sequence: 1, previousHash: GENESIS_HASH });
    expect(a2.entry.sequence).toBe(2);
    expect(verifyChain(chainOf(store, 'APP-A'))).toEqual({ ok: true, count: 2 });
    expect(verifyChain(chainOf(store, 'APP-B'))).toEqual({ ok: true, count: 1 });
  });

  it('stores an event delivered three times once (idempotent by event id)', async () => {
    const event = transition(1);
    const outcomes = [await archive.append(event), await archive.append(event), await archive.append(event)];
    expect(outcomes.map((o) => o.status)).toEqual(['ARCHIVED', 'DUPLICATE', 'DUPLICATE']);
    expect(store.entries).toHaveLength(1);
    expect(store.heads.get(APP)?.sequence).toBe(1);
  });

  it('an old event redelivered after later ones (tip cached, insert tried first) is a duplicate; the chain is unchanged', async () => {
    const first = transition(1);
    await archive.append(first);
    await archive.append(transition(2));
    const again = await archive.append(first);
    expect(again).toMatchObject({ status: 'DUPLICATE', entry: { sequence: 1 } });
    expect(store.entries).toHaveLength(2);
    expect(store.heads.get(APP)?.sequence).toBe(2);
    expect(verifyChain(chainOf(store))).toEqual({ ok: true, count: 2 });
  });

  it('masks personal ID numbers before hashing, so the stored chain verifies and holds no clear number', async () => {
    const filed = anEvent(
      'intake.application.filed',
      anApplicationFiled({ formValues: { 经办人身份证: '110101199003071234' } }),
      { applicationId: APP },
    );
    const { entry } = await archive.append(filed);
    expect(entry.eventJson).not.toContain('110101199003071234');
    expect(entry.eventJson).toContain('110101********1234');
    expect(verifyChain(chainOf(store))).toEqual({ ok: true, count: 1 });
    // The caller's event is not changed.
    expect((filed.payload as { formValues: Record<string, unknown> }).formValues['经办人身份证']).toBe(
      '110101199003071234',
    );
  });

  it('re-reads and links after a competing appender that took the next sequence first', async () => {
    await archive.append(transition(1));
    const rivalEvent = transition(9);
    store.beforeInsert = (entry) => {
      store.beforeInsert = undefined;
      // Another process archives event 9 at the same sequence between our read of the head and our insert.
      const hash = chainHash(entry.previousHash, rivalEvent);
      store.entries.push(
        toStored(
          {
            applicationId: APP,
            sequence: entry.sequence,
            event: rivalEvent,
            previousHash: entry.previousHash,
            hash,
          },
          now,
        ),
      );
    };
    const ours = await archive.append(transition(2));
    const chain = chainOf(store);
    expect(chain.map((e) => e.event.id)).toEqual([transition(1).id, transition(9).id, transition(2).id]);
    expect(ours.entry.sequence).toBe(3);
    expect(verifyChain(chain)).toEqual({ ok: true, count: 3 });
  });

  it('concurrent appends of different events of one application form one valid chain', async () => {
    const events = [1, 2, 3, 4].map((n) => transition(n));
    const results = await Promise.all(events.map((e) => new ArchiveEvent(store, () => now, 20).append(e)));
    expect(results.map((r) => r.entry.sequence).sort()).toEqual([1, 2, 3, 4]);
    expect(verifyChain(chainOf(store))).toEqual({ ok: true, count: 4 });
    expect(store.heads.get(APP)?.sequence).toBe(4);
  });

  it('a crash after the entry was written but before the head moved is repaired by the redelivery', async () => {
    await archive.append(transition(1));
    store.beforeAdvanceHead = () => {
      store.beforeAdvanceHead = undefined;
      throw new Error('process died');
    };
    await expect(archive.append(transition(2))).rejects.toThrow('process died');
    expect(store.heads.get(APP)?.sequence).toBe(1);
    const redelivered = await archive.append(transition(2));
    expect(redelivered.status).toBe('DUPLICATE');
    expect(store.heads.get(APP)?.sequence).toBe(2);
    expect(store.entries).toHaveLength(2);
  });

  it('a lagging head is repaired before the next event links, so nothing forks', async () => {
    await archive.append(transition(1));
    store.beforeAdvanceHead = () => {
      store.beforeAdvanceHead = undefined;
      throw new Error('process died');
    };
    await expect(archive.append(transition(2))).rejects.toThrow();
    const third = await archive.append(transition(3));
    expect(third.entry.sequence).toBe(3);
    expect(verifyChain(chainOf(store))).toEqual({ ok: true, count: 3 });
  });

  it('after the tail was deleted behind its back, the next event links to the recorded head, leaving the gap visible', async () => {
    await archive.append(transition(1));
    await archive.append(transition(2));
    store.entries.splice(1, 1); // someone deletes entry 2 in the database
    const next = await archive.append(transition(3));
    expect(next.entry.sequence).toBe(3);
    expect(verifyChain(chainOf(store))).toMatchObject({
      ok: false,
      brokenAt: { sequence: 3, kind: 'DELETED_OR_INSERTED' },
    });
  });

  it('gives up with a retryable error when it keeps losing the race', async () => {
    store.beforeInsert = (entry) => {
      // Someone always takes exactly the sequence we are about to use.
      store.entries.push({ ...entry, eventId: `rival-${entry.sequence}` });
    };
    await expect(archive.append(transition(1))).rejects.toBeInstanceOf(AppendContention);
  });
});
