import { assessment } from '../testing/builders';
import { wire } from '../testing/fakes';

describe('DecideDeferral', () => {
  it('the same assessment delivered twice is answered once: one granted event, one obligation per material, jobs once', async () => {
    const w = wire();
    const event = assessment({
      missing: [
        { code: 'POA', days: 3 },
        { code: 'PROOF', days: 3 },
      ],
    });
    expect(await w.decide.execute(event)).toBe('GRANTED');
    expect(await w.decide.execute(event)).toBe('ALREADY_DECIDED');
    expect(w.published.of('commitment.deferral.granted')).toHaveLength(1);
    expect(w.obligations.docs.size).toBe(2);
    // 2 obligations × (reminders for offsets 2 and 1 + one due check).
    expect(w.scheduler.added).toBe(6);
    const granted = w.published.of('commitment.deferral.granted')[0];
    expect(granted?.causationId).toBe(event.id);
    expect(granted?.correlationId).toBe(event.correlationId);
  });

  it('a new round of the same case is a new decision', async () => {
    const w = wire();
    await w.decide.execute(assessment({ round: 1 }));
    await w.decide.execute(assessment({ round: 2 }));
    expect(w.published.of('commitment.deferral.granted')).toHaveLength(2);
  });

  it("an active credit record of the enterprise (from the service's own records) refuses the next commitment, naming it", async () => {
    const w = wire();
    await w.credits.ensure({
      creditRecordId: 'CR-1',
      uscc: 'U-1',
      caseId: 'old',
      applicationId: 'a',
      cause: 'DEADLINE_MISSED',
      severity: 'MINOR',
      startsAt: '2026-01-01T00:00:00Z',
      expiresAt: '2027-01-01T00:00:00Z',
      reason: { zh: 'x', en: 'x' },
    });
    expect(await w.decide.execute(assessment({ uscc: 'U-1' }))).toBe('REFUSED');
    expect(w.published.of('commitment.deferral.refused')[0]?.payload).toMatchObject({
      reason: { code: 'COMMITMENT.CREDIT_RECORD_ACTIVE' },
      creditRecordId: 'CR-1',
    });
    // An expired record no longer blocks.
    await w.credits.ensure({
      creditRecordId: 'CR-2',
      uscc: 'U-2',
      caseId: 'old',
      applicationId: 'a',
      cause: 'DEADLINE_MISSED',
      severity: 'MINOR',
      startsAt: '2024-01-01T00:00:00Z',
      expiresAt: '2025-01-01T00:00:00Z',
      reason: { zh: 'x', en: 'x' },
    });
    expect(await w.decide.execute(assessment({ caseId: 'c-2', uscc: 'U-2' }))).toBe('GRANTED');
  });

  it('a crash after the decision but before the obligations: the redelivery (or reconciliation) creates them from the stored decision', async () => {
    const w = wire();
    await w.decide.execute(assessment({ missing: [{ code: 'POA', days: 3 }] }));
    w.obligations.docs.clear();
    w.scheduler.queued.clear();
    await w.deadlines.reconcile();
    expect(w.obligations.docs.size).toBe(1);
    expect([...w.scheduler.queued.keys()].some((k) => k.startsWith('deadline:'))).toBe(true);
    expect(w.published.of('commitment.deferral.granted')).toHaveLength(1);
  });

  it('a sampled case gets its post-hoc check (sampled event + check for the desk)', async () => {
    const w = wire();
    await w.decide.execute(assessment({ samplingBasisPoints: 10000 }));
    expect(w.published.of('commitment.posthoc.sampled')).toHaveLength(1);
    expect(w.postHoc.docs.size).toBe(1);
  });
});
