import type { AppealProgressedV1 } from '@app/contracts';
import type { Rating } from '../../domain/rating';
import { AddFollowUp } from '../add-follow-up/add-follow-up';
import { FixedClock, InMemoryAppeals, InMemoryRatings, InMemoryTickets } from '../fakes';
import type { Caller } from '../ports';
import { ReadRating } from '../read-rating/read-rating';
import { DecideAppeal, FileAppeal } from './appeal-rating';

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
  comment: '差',
  submittedAt: '2025-01-03T02:00:00.000Z',
  eventApplicationId: 'a1',
};
const patentOfficer: Caller = { subject: 'cw1', role: 'caseworker', authority: 'PATENT_OFFICE' };
const supervisor: Caller = { subject: 's1', role: 'supervisor' };
const applicantA: Caller = { subject: 'u1', role: 'applicant', uscc: 'USCC-A' };
const clock = new FixedClock(new Date('2025-01-06T02:00:00.000Z'));

function setup() {
  const ratings = new InMemoryRatings();
  ratings.byId.set('r1', rating);
  const appeals = new InMemoryAppeals();
  const tickets = new InMemoryTickets();
  return {
    ratings,
    appeals,
    file: new FileAppeal(ratings, appeals, clock),
    decide: new DecideAppeal(appeals, clock),
    read: new ReadRating(ratings, appeals, tickets),
    followUp: new AddFollowUp(ratings, clock),
  };
}

describe('appeals against a malicious rating', () => {
  it('the rated authority files once; a supervisor decides once; the rating stays as it was, the appeal beside it', async () => {
    const { appeals, file, decide, read } = setup();
    const appeal = await file.execute(patentOfficer, 'r1', '与办件无关');
    await expect(file.execute(patentOfficer, 'r1', '再次')).rejects.toMatchObject({
      code: 'APPEAL.ALREADY_FILED',
    });
    await decide.execute(supervisor, appeal.appealId, false, '不属实');
    await expect(decide.execute(supervisor, appeal.appealId, true, '改判')).rejects.toMatchObject({
      code: 'APPEAL.ALREADY_DECIDED',
    });
    expect(appeals.emitted.map((e) => (e.payload as AppealProgressedV1).step)).toEqual([
      'FILED',
      'DISMISSED',
    ]);
    expect(appeals.emitted.map((e) => e.actor.kind)).toEqual(['caseworker', 'supervisor']);
    const view = await read.execute(applicantA, 'r1');
    expect(view.rating).toMatchObject({
      score: 1,
      comment: '差',
      label: { zh: '非常不满意', en: 'Very dissatisfied' },
    });
    expect(view.appeal).toMatchObject({
      status: 'DISMISSED',
      reason: '与办件无关',
      decision: { upheld: false, reason: '不属实' },
    });
  });

  it('a caseworker of another authority cannot appeal (RATING.NOT_FOUND); a non-supervisor cannot decide', async () => {
    const { file, decide } = setup();
    await expect(
      file.execute({ ...patentOfficer, authority: 'TRADEMARK_OFFICE' }, 'r1', 'x'),
    ).rejects.toMatchObject({ code: 'RATING.NOT_FOUND' });
    const appeal = await file.execute(patentOfficer, 'r1', 'x');
    await expect(decide.execute(patentOfficer, appeal.appealId, true, 'x')).rejects.toMatchObject({
      code: 'APPEAL.NOT_FOUND',
    });
  });
});

describe('follow-up and reading', () => {
  it('the rater adds one follow-up; a second is refused; another enterprise cannot add one', async () => {
    const { ratings, followUp } = setup();
    await followUp.execute(applicantA, 'r1', '已解决');
    await expect(followUp.execute(applicantA, 'r1', '再追')).rejects.toMatchObject({
      code: 'RATING.FOLLOW_UP_EXISTS',
    });
    await expect(followUp.execute({ ...applicantA, uscc: 'USCC-B' }, 'r1', 'x')).rejects.toMatchObject({
      code: 'RATING.NOT_FOUND',
    });
    expect(ratings.byId.get('r1')).toMatchObject({
      score: 1,
      comment: '差',
      followUp: { comment: '已解决', by: 'u1' },
    });
    expect(ratings.emitted.map((e) => e.type)).toEqual(['evaluation.rating.supplemented']);
  });

  it.each([
    ['another enterprise', { subject: 'u2', role: 'applicant', uscc: 'USCC-B' }],
    [
      'a caseworker of another authority',
      { subject: 'cw2', role: 'caseworker', authority: 'TRADEMARK_OFFICE' },
    ],
  ] as Array<[string, Caller]>)('%s does not see the rating', async (_, caller) => {
    await expect(setup().read.execute(caller, 'r1')).rejects.toMatchObject({ code: 'RATING.NOT_FOUND' });
  });

  it('the rated authority and supervisors see it', async () => {
    const { read } = setup();
    expect((await read.execute(patentOfficer, 'r1')).rating.ratingId).toBe('r1');
    expect((await read.execute(supervisor, 'r1')).rectification).toBeNull();
  });
});
