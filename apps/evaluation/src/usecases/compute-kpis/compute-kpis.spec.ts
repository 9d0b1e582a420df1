import { WorkingDayCalendar } from '@app/calendar';
import { createEvent } from '@app/contracts';
import { InMemoryKpiEvents } from '../fakes';
import { ComputeKpis } from './compute-kpis';

const rating = (id: string, score: number, authority: string, at: string) =>
  createEvent(
    'evaluation.rating.submitted',
    { ratingId: id, subject: 'interaction', authority, channel: 'window', score, tags: [], uscc: 'U' },
    {
      producer: 'evaluation',
      applicationId: `interaction-${id}`,
      actor: { kind: 'applicant', id: 'u', uscc: 'U' },
      occurredAt: new Date(at),
    },
  );

describe('ComputeKpis', () => {
  const store = new InMemoryKpiEvents();
  const kpis = new ComputeKpis(store, WorkingDayCalendar.default());

  beforeAll(async () => {
    await store.append(rating('r1', 5, 'PATENT_OFFICE', '2025-03-01T00:00:00Z'));
    await store.append(rating('r2', 1, 'PATENT_OFFICE', '2025-03-02T00:00:00Z'));
    await store.append(rating('r3', 4, 'TRADEMARK_OFFICE', '2025-03-03T00:00:00Z'));
    await store.append(rating('r4', 1, 'TRADEMARK_OFFICE', '2025-04-01T00:00:00Z'));
  });

  it('folds the stored events of the period into one row per authority', async () => {
    const report = await kpis.execute(
      new Date('2025-03-01T00:00:00Z'),
      new Date('2025-04-01T00:00:00Z'),
      'authority',
    );
    expect(report.rows.map((r) => [r.group, r.ratings, r.satisfactionRate])).toEqual([
      ['PATENT_OFFICE', 2, 0.5],
      ['TRADEMARK_OFFICE', 1, 1],
    ]);
    expect(store.lastTo?.toISOString()).toBe('2025-04-01T00:00:00.000Z');
  });

  it('with no data in the period the rates are null, not 0', async () => {
    const report = await kpis.execute(
      new Date('2024-01-01T00:00:00Z'),
      new Date('2024-02-01T00:00:00Z'),
      'none',
    );
    expect(report.rows).toEqual([
      expect.objectContaining({ group: 'ALL', ratings: 0, satisfactionRate: null }),
    ]);
  });

  it('refuses an empty or inverted period before reading anything, and a period over ten years', async () => {
    store.lastTo = undefined;
    const at = new Date('2025-01-01T00:00:00Z');
    await expect(kpis.execute(at, at, 'none')).rejects.toMatchObject({ code: 'KPI.INVALID_PERIOD' });
    await expect(kpis.execute(new Date('2025-02-01T00:00:00Z'), at, 'none')).rejects.toMatchObject({
      code: 'KPI.INVALID_PERIOD',
    });
    await expect(kpis.execute(new Date('invalid'), at, 'none')).rejects.toMatchObject({
      code: 'KPI.INVALID_PERIOD',
    });
    await expect(kpis.execute(new Date('2000-01-01T00:00:00Z'), at, 'none')).rejects.toMatchObject({
      code: 'KPI.PERIOD_TOO_LONG',
    });
    expect(store.lastTo).toBeUndefined();
  });
});
