import { WorkingDayCalendar } from '@app/calendar';
import { createEvent, type RectificationProgressedV1 } from '@app/contracts';
import type { RectificationTicket } from '../../domain/rectification';
import type { Rating } from '../../domain/rating';
import { FakeScheduler, FixedClock, InMemoryRatings, InMemoryTickets } from '../fakes';
import type { Caller } from '../ports';
import { EnsureTicket, EscalateOverdue, ProgressRectification } from './progress-rectification';

const openedAt = new Date('2025-01-03T10:00:00+08:00');
const ticket: RectificationTicket = {
  ticketId: 't1',
  ratingId: 'r1',
  authority: 'PATENT_OFFICE',
  uscc: 'USCC-A',
  eventApplicationId: 'a1',
  caseId: 'c1',
  status: 'OPEN',
  openedAt: openedAt.toISOString(),
  dueDate: '2025-01-10',
  dueAt: '2025-01-10T16:00:00.000Z',
  dueVersion: 1,
  version: 1,
  steps: [{ step: 'OPENED', at: openedAt.toISOString(), actor: { kind: 'system', id: 'system' } }],
};
const patentOfficer: Caller = { subject: 'cw1', role: 'caseworker', authority: 'PATENT_OFFICE' };
const trademarkOfficer: Caller = { subject: 'cw2', role: 'caseworker', authority: 'TRADEMARK_OFFICE' };
const applicantA: Caller = { subject: 'u1', role: 'applicant', uscc: 'USCC-A' };
const applicantB: Caller = { subject: 'u2', role: 'applicant', uscc: 'USCC-B' };
const supervisor: Caller = { subject: 's1', role: 'supervisor' };

function setup(status: RectificationTicket['status'] = 'OPEN', at = new Date('2025-01-06T10:00:00+08:00')) {
  const tickets = new InMemoryTickets();
  tickets.byId.set('t1', { ...ticket, status });
  const clock = new FixedClock(at);
  return {
    tickets,
    clock,
    use: new ProgressRectification(tickets, clock),
    overdue: new EscalateOverdue(tickets, clock),
  };
}

describe('ProgressRectification', () => {
  it('the authority’s caseworker records contact: one CONTACT_RECORDED event with the caseworker as actor and the note', async () => {
    const { tickets, use } = setup();
    const result = await use.execute(patentOfficer, 't1', { kind: 'contact', note: '已联系' });
    expect(result.status).toBe('CONTACTED');
    expect(tickets.emitted).toHaveLength(1);
    expect(tickets.emitted[0]?.actor).toEqual({ kind: 'caseworker', id: 'cw1', authority: 'PATENT_OFFICE' });
    expect(tickets.emitted[0]?.payload as RectificationProgressedV1).toMatchObject({
      ticketId: 't1',
      ratingId: 'r1',
      step: 'CONTACT_RECORDED',
      note: { note: '已联系' },
    });
    expect(tickets.emitted[0]?.applicationId).toBe('a1');
  });

  it('a caseworker of another authority gets RECTIFICATION.NOT_FOUND and changes nothing', async () => {
    const { tickets, use } = setup();
    await expect(use.execute(trademarkOfficer, 't1', { kind: 'contact', note: 'x' })).rejects.toMatchObject({
      code: 'RECTIFICATION.NOT_FOUND',
      kind: 'NOT_FOUND',
    });
    await expect(use.read(trademarkOfficer, 't1')).rejects.toMatchObject({ code: 'RECTIFICATION.NOT_FOUND' });
    expect(tickets.byId.get('t1')?.status).toBe('OPEN');
    expect(tickets.emitted).toHaveLength(0);
  });

  it('only the rater’s enterprise confirms; another enterprise gets NOT_FOUND', async () => {
    const { use } = setup('RECTIFIED');
    await expect(use.execute(applicantB, 't1', { kind: 'confirm', satisfied: true })).rejects.toMatchObject({
      code: 'RECTIFICATION.NOT_FOUND',
    });
    expect((await use.execute(applicantA, 't1', { kind: 'confirm', satisfied: true })).status).toBe('CLOSED');
  });

  it.each([
    ['an applicant recording contact', applicantA, { kind: 'contact', note: 'x' }],
    ['a caseworker confirming for the applicant', patentOfficer, { kind: 'confirm', satisfied: true }],
    ['a caseworker closing', patentOfficer, { kind: 'close', decision: 'x' }],
    ['a supervisor recording the rectification', supervisor, { kind: 'rectified', note: 'x' }],
  ] as const)('refuses %s', async (_, caller, command) => {
    const { use } = setup('ESCALATED');
    await expect(use.execute(caller, 't1', command)).rejects.toMatchObject({
      code: 'RECTIFICATION.NOT_FOUND',
    });
  });

  it('each event of a two-step move is caused by the previous one', async () => {
    const { tickets, use } = setup('RECTIFIED');
    await use.execute(applicantA, 't1', { kind: 'confirm', satisfied: false, comment: '没解决' });
    const [unsatisfied, escalated] = tickets.emitted;
    expect((unsatisfied?.payload as RectificationProgressedV1).step).toBe('APPLICANT_UNSATISFIED');
    expect((escalated?.payload as RectificationProgressedV1).step).toBe('ESCALATED');
    expect(escalated?.causationId).toBe(unsatisfied?.id);
    expect(escalated?.correlationId).toBe(unsatisfied?.correlationId);
  });

  it('retries a lost compare-and-set on the fresh ticket, and gives up with a conflict after three losses', async () => {
    const once = setup();
    once.tickets.loseNextSaves = 1;
    expect((await once.use.execute(patentOfficer, 't1', { kind: 'contact', note: 'x' })).status).toBe(
      'CONTACTED',
    );
    const always = setup();
    always.tickets.loseNextSaves = 3;
    await expect(
      always.use.execute(patentOfficer, 't1', { kind: 'contact', note: 'x' }),
    ).rejects.toMatchObject({ code: 'RECTIFICATION.CONCURRENT_UPDATE' });
  });

  it('lists only the caller’s own tickets', async () => {
    const { tickets, use } = setup();
    tickets.byId.set('t2', { ...ticket, ticketId: 't2', authority: 'TRADEMARK_OFFICE', uscc: 'USCC-B' });
    expect((await use.list(patentOfficer, {})).map((t) => t.ticketId)).toEqual(['t1']);
    expect((await use.list(applicantB, {})).map((t) => t.ticketId)).toEqual(['t2']);
    expect((await use.list(supervisor, {})).map((t) => t.ticketId)).toEqual(['t1', 't2']);
  });
});

describe('EscalateOverdue', () => {
  it('escalates an unresolved ticket after its due instant, as the system', async () => {
    const { tickets, overdue } = setup('CONTACTED', new Date('2025-01-11T00:00:00+08:00'));
    expect(await overdue.execute('t1', 1)).toBe('escalated');
    expect(tickets.byId.get('t1')?.status).toBe('ESCALATED');
    expect(tickets.emitted[0]?.actor).toEqual({ kind: 'system', id: 'system' });
  });

  it('reports not-due-yet before the due instant (the job retries)', async () => {
    const { overdue } = setup('OPEN', new Date('2025-01-10T23:59:59+08:00'));
    expect(await overdue.execute('t1', 1)).toBe('not-due-yet');
  });

  it('does nothing for a closed ticket, a stale due version or a missing ticket', async () => {
    const late = new Date('2025-02-01T00:00:00+08:00');
    expect(await setup('CLOSED', late).overdue.execute('t1', 1)).toBe('nothing-to-do');
    expect(await setup('OPEN', late).overdue.execute('t1', 0)).toBe('nothing-to-do');
    expect(await setup('OPEN', late).overdue.execute('nope', 1)).toBe('nothing-to-do');
  });
});

describe('EnsureTicket (replay of our own OPENED event)', () => {
  const rating: Rating = {
    ratingId: 'r1',
    subject: 'sub-case',
    subjectKey: 'USCC-A|sub-case|c1',
    uscc: 'USCC-A',
    raterId: 'u1',
    applicationId: 'a1',
    caseId: 'c1',
    authority: 'PATENT_OFFICE',
    channel: 'online',
    score: 1,
    tags: [],
    submittedAt: openedAt.toISOString(),
    eventApplicationId: 'a1',
    ticketId: 't1',
  };
  const opened = createEvent(
    'evaluation.rectification.progressed',
    { ticketId: 't1', ratingId: 'r1', authority: 'PATENT_OFFICE', step: 'OPENED', dueDate: '2025-01-10' },
    {
      producer: 'evaluation',
      applicationId: 'a1',
      actor: { kind: 'system', id: 'system' },
      occurredAt: openedAt,
    },
  );

  function ensure(existing?: RectificationTicket) {
    const ratings = new InMemoryRatings();
    ratings.byId.set('r1', rating);
    const tickets = new InMemoryTickets();
    if (existing) tickets.byId.set(existing.ticketId, existing);
    const scheduler = new FakeScheduler();
    return {
      tickets,
      scheduler,
      use: new EnsureTicket(ratings, tickets, scheduler, WorkingDayCalendar.default(), {
        workingDays: 5,
        overrideMs: 0,
      }),
    };
  }

  it('rebuilds a ticket lost in a crash after the rating was written, with the same due date, and schedules its check', async () => {
    const { tickets, scheduler, use } = ensure();
    await use.execute(opened);
    expect(tickets.byId.get('t1')).toMatchObject({
      ratingId: 'r1',
      uscc: 'USCC-A',
      authority: 'PATENT_OFFICE',
      status: 'OPEN',
      dueDate: '2025-01-10',
    });
    expect(scheduler.jobs).toEqual([
      { ticketId: 't1', dueVersion: 1, dueAt: new Date('2025-01-10T16:00:00.000Z') },
    ]);
  });

  it('leaves an existing ticket as it is; re-schedules only while it is unresolved', async () => {
    const closed = ensure({ ...ticket, status: 'CLOSED', version: 4 });
    await closed.use.execute(opened);
    expect(closed.tickets.byId.get('t1')?.version).toBe(4);
    expect(closed.scheduler.jobs).toHaveLength(0);
    const open = ensure(ticket);
    await open.use.execute(opened);
    expect(open.scheduler.jobs).toHaveLength(1);
  });

  it('ignores every other step', async () => {
    const { tickets, use } = ensure();
    await use.execute({ ...opened, payload: { ...opened.payload, step: 'CLOSED' } });
    expect(tickets.byId.size).toBe(0);
  });
});
