import { assessment } from '../testing/builders';
import { wire } from '../testing/fakes';
import { NotYetDue } from './deadlines';

describe('Deadlines (bull job work and reconciliation, fast clock 1 day = 1 s)', () => {
  async function granted(materials = ['POA']) {
    const w = wire();
    await w.decide.execute(assessment({ missing: materials.map((code) => ({ code, days: 3 })) }));
    return { w, ids: [...w.obligations.docs.keys()] };
  }

  it('a reminder is issued once per offset and schedule version, as a notice and an event', async () => {
    const { w, ids } = await granted();
    const id = ids[0] as string;
    expect(await w.deadlines.remind({ obligationId: id, scheduleVersion: 1, offset: 1 })).toBe('ACTED');
    expect(await w.deadlines.remind({ obligationId: id, scheduleVersion: 1, offset: 1 })).toBe('SKIPPED');
    expect(await w.deadlines.remind({ obligationId: id, scheduleVersion: 0, offset: 2 })).toBe('SKIPPED');
    expect(w.published.of('commitment.obligation.reminder-issued')).toHaveLength(1);
    expect((await w.obligations.get(id))?.notices[0]).toMatchObject({ workingDaysLeft: 1 });
  });

  it('the due check before the deadline retries later; after it, breach + credit record once for the sub-case', async () => {
    const { w, ids } = await granted(['POA', 'PROOF']);
    const [a, b] = ids as [string, string];
    await expect(w.deadlines.checkDeadline({ obligationId: a, scheduleVersion: 1 })).rejects.toBeInstanceOf(
      NotYetDue,
    );
    w.policy.advance(3000);
    expect(await w.deadlines.checkDeadline({ obligationId: a, scheduleVersion: 1 })).toBe('ACTED');
    expect(await w.deadlines.checkDeadline({ obligationId: b, scheduleVersion: 1 })).toBe('SKIPPED');
    expect(await w.deadlines.checkDeadline({ obligationId: a, scheduleVersion: 1 })).toBe('SKIPPED');
    expect(w.published.of('commitment.breach.declared')).toHaveLength(1);
    expect(w.published.of('commitment.breach.declared')[0]?.payload).toMatchObject({
      cause: 'DEADLINE_MISSED',
      obligationId: a,
    });
    expect(w.published.of('commitment.credit.recorded')[0]?.payload).toMatchObject({ severity: 'MINOR' });
    expect(w.credits.docs.size).toBe(1);
  });

  it('a stale job (older schedule version after an extension) does nothing', async () => {
    const { w, ids } = await granted();
    const id = ids[0] as string;
    await w.actions.deskAction({ kind: 'caseworker', id: 'cw', authority: 'CNIPA' }, id, {
      kind: 'extend',
      reason: '申请延期理由',
      days: 2,
    });
    w.policy.advance(3000);
    expect(await w.deadlines.checkDeadline({ obligationId: id, scheduleVersion: 1 })).toBe('SKIPPED');
    expect(w.published.of('commitment.breach.declared')).toHaveLength(0);
  });

  it('reconciliation after an emptied queue re-adds every missing job and issues nothing twice', async () => {
    const { w, ids } = await granted(['POA', 'PROOF']);
    await w.deadlines.remind({ obligationId: ids[0] as string, scheduleVersion: 1, offset: 2 });
    w.scheduler.queued.clear();
    await w.deadlines.reconcile();
    const keys = [...w.scheduler.queued.keys()].sort();
    expect(keys.filter((k) => k.startsWith('deadline:'))).toHaveLength(2);
    expect(keys).not.toContain(`reminder:${ids[0] as string}:1:2`);
    expect(keys).toContain(`reminder:${ids[1] as string}:1:2`);
  });

  it('reconciliation finishes a breach left half-done (obligation breached, sub-case breach not written)', async () => {
    const { w, ids } = await granted();
    const o = w.obligations.docs.get(ids[0] as string);
    if (!o) throw new Error('no obligation');
    o.state = 'BREACHED';
    o.breachCause = 'DEADLINE_MISSED';
    const result = await w.deadlines.reconcile();
    expect(result.breaches).toBe(1);
    expect(w.published.of('commitment.breach.declared')).toHaveLength(1);
    expect(w.credits.docs.size).toBe(1);
  });
});
