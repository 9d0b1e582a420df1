import { WorkingDayCalendar } from '@app/calendar';
import type { RectificationProgressedV1, RatingSubmittedV1 } from '@app/contracts';
import { FakeCases, FakeScheduler, FixedClock, InMemoryRatings, InMemoryTickets } from '../fakes';
import type { Caller } from '../ports';
import { SubmitRating } from './submit-rating';

const applicant: Caller = { subject: 'u1', role: 'applicant', uscc: 'USCC-A' };
const now = new Date('2025-01-03T10:00:00+08:00');

function setup() {
  const ratings = new InMemoryRatings();
  const tickets = new InMemoryTickets();
  const cases = new FakeCases();
  const scheduler = new FakeScheduler();
  cases.subCases.set('c1', {
    caseId: 'c1',
    applicationId: 'a1',
    uscc: 'USCC-A',
    itemCode: 'PATENT_NAME_CHANGE',
    authority: 'PATENT_OFFICE',
    state: 'COMPLETED',
  });
  const submit = new SubmitRating(
    ratings,
    tickets,
    cases,
    scheduler,
    WorkingDayCalendar.default(),
    { workingDays: 5, overrideMs: 0 },
    new FixedClock(now),
  );
  return { ratings, tickets, scheduler, submit };
}

describe('SubmitRating', () => {
  it('a bad rating (2) opens a ticket for the case’s authority, due in 5 working days, with its OPENED event in the rating’s write', async () => {
    const { ratings, tickets, scheduler, submit } = setup();
    const { rating, ticket } = await submit.execute(applicant, {
      subject: 'sub-case',
      caseId: 'c1',
      channel: 'online',
      score: 2,
      tags: ['慢'],
    });
    expect(rating).toMatchObject({
      uscc: 'USCC-A',
      authority: 'PATENT_OFFICE',
      itemCode: 'PATENT_NAME_CHANGE',
      applicationId: 'a1',
      score: 2,
      ticketId: ticket?.ticketId,
    });
    expect(ticket).toMatchObject({
      status: 'OPEN',
      authority: 'PATENT_OFFICE',
      uscc: 'USCC-A',
      dueDate: '2025-01-10',
      dueVersion: 1,
    });
    expect(tickets.byId.get(ticket?.ticketId ?? '')).toEqual(ticket);
    expect(ratings.emitted.map((e) => e.type)).toEqual([
      'evaluation.rating.submitted',
      'evaluation.rectification.progressed',
    ]);
    const [submitted, opened] = ratings.emitted;
    expect(submitted?.payload as RatingSubmittedV1).toMatchObject({
      ratingId: rating.ratingId,
      authority: 'PATENT_OFFICE',
      caseId: 'c1',
      uscc: 'USCC-A',
      tags: ['慢'],
    });
    expect(submitted?.actor).toEqual({ kind: 'applicant', id: 'u1', uscc: 'USCC-A' });
    expect(submitted?.applicationId).toBe('a1');
    expect(opened?.payload as RectificationProgressedV1).toMatchObject({
      step: 'OPENED',
      ticketId: ticket?.ticketId,
      dueDate: '2025-01-10',
    });
    expect(opened?.causationId).toBe(submitted?.id);
    expect(opened?.correlationId).toBe(submitted?.correlationId);
    expect(scheduler.jobs).toEqual([
      { ticketId: ticket?.ticketId, dueVersion: 1, dueAt: new Date('2025-01-10T16:00:00.000Z') },
    ]);
  });

  it.each([3, 4, 5])('a rating of %i opens no ticket', async (score) => {
    const { ratings, tickets, scheduler, submit } = setup();
    const { ticket } = await submit.execute(applicant, {
      subject: 'sub-case',
      caseId: 'c1',
      channel: 'online',
      score,
    });
    expect(ticket).toBeUndefined();
    expect(tickets.byId.size).toBe(0);
    expect(scheduler.jobs).toHaveLength(0);
    expect(ratings.emitted.map((e) => e.type)).toEqual(['evaluation.rating.submitted']);
  });

  it('a second rating of the same case by the same enterprise is refused and opens nothing', async () => {
    const { tickets, submit } = setup();
    await submit.execute(applicant, { subject: 'sub-case', caseId: 'c1', channel: 'online', score: 4 });
    await expect(
      submit.execute(applicant, { subject: 'sub-case', caseId: 'c1', channel: 'window', score: 1 }),
    ).rejects.toMatchObject({ code: 'RATING.ALREADY_RATED' });
    expect(tickets.byId.size).toBe(0);
  });

  it('another enterprise rating the case gets RATING.SUBJECT_NOT_FOUND and nothing is written', async () => {
    const { ratings, submit } = setup();
    await expect(
      submit.execute(
        { ...applicant, uscc: 'USCC-B' },
        { subject: 'sub-case', caseId: 'c1', channel: 'online', score: 1 },
      ),
    ).rejects.toMatchObject({
      code: 'RATING.SUBJECT_NOT_FOUND',
    });
    expect(ratings.byId.size).toBe(0);
  });

  it('an interaction rating needs no case and is keyed by a synthetic application id', async () => {
    const { submit } = setup();
    const { rating } = await submit.execute(applicant, {
      subject: 'interaction',
      authority: 'TRADEMARK_OFFICE',
      channel: 'phone',
      score: 5,
    });
    expect(rating).toMatchObject({
      authority: 'TRADEMARK_OFFICE',
      eventApplicationId: `interaction-${rating.ratingId}`,
    });
    expect(rating.caseId).toBeUndefined();
  });
});
