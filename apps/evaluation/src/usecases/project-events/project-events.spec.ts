import { WorkingDayCalendar } from '@app/calendar';
import { createEvent } from '@app/contracts';
import { FakeCases, FakeScheduler, InMemoryKpiEvents, InMemoryRatings, InMemoryTickets } from '../fakes';
import { EnsureTicket } from '../progress-rectification/progress-rectification';
import { ProjectEvents } from './project-events';

const system = { kind: 'system' as const, id: 'intake' };

function setup() {
  const kpiEvents = new InMemoryKpiEvents();
  const cases = new FakeCases();
  const ensure = new EnsureTicket(
    new InMemoryRatings(),
    new InMemoryTickets(),
    new FakeScheduler(),
    WorkingDayCalendar.default(),
    { workingDays: 5, overrideMs: 0 },
  );
  return { kpiEvents, cases, project: new ProjectEvents(kpiEvents, cases, ensure) };
}

describe('ProjectEvents', () => {
  it('a sub-case transition is kept for the KPIs and updates the case projection', async () => {
    const { kpiEvents, cases, project } = setup();
    const event = createEvent(
      'intake.subcase.transitioned',
      {
        caseId: 'c1',
        itemCode: 'I',
        authority: 'A',
        from: 'PROCESSING',
        to: 'COMPLETED',
        elapsedWorkingDays: 3,
        promisedTimeLimitDays: 5,
      },
      { producer: 'intake', applicationId: 'a1', actor: system },
    );
    await project.handle(event);
    await project.handle(event);
    expect([...kpiEvents.byId.keys()]).toEqual([event.id]);
    expect(cases.transitions).toEqual([event.id, event.id]);
  });

  it('an event no KPI reads is not kept (a correction notice, a reminder)', async () => {
    const { kpiEvents, project } = setup();
    await project.handle(
      createEvent(
        'intake.correction.notice-issued',
        { noticeId: 'n1', deficiencies: [], affectedCaseIds: [] },
        { producer: 'intake', applicationId: 'a1', actor: system },
      ),
    );
    expect(kpiEvents.byId.size).toBe(0);
  });

  it('rectification and appeal events of our own are kept: the KPIs read them from the same store', async () => {
    const { kpiEvents, project } = setup();
    const appeal = createEvent(
      'evaluation.appeal.progressed',
      {
        appealId: 'ap1',
        ratingId: 'r1',
        step: 'UPHELD',
        reason: { code: 'APPEAL.UPHELD', text: { zh: '成立', en: 'upheld' } },
      },
      { producer: 'evaluation', applicationId: 'a1', actor: { kind: 'supervisor', id: 's' } },
    );
    await project.handle(appeal);
    expect(kpiEvents.byId.has(appeal.id)).toBe(true);
  });
});
