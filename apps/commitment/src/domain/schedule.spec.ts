import { openObligation } from '@app/commitment-rules';
import { FastClock } from './clock';
import type { ObligationRecord } from './records';
import { deadlineFor, plannedJobs } from './schedule';

const clock = new FastClock(1000);
const grantedAt = '2026-03-02T02:00:00.000Z';

function obligation(over: Partial<ObligationRecord> = {}): ObligationRecord {
  const dueDate = over.dueDate ?? '2026-03-07'; // 5 fast days after the grant day 2026-03-02
  return {
    ...openObligation({ obligationId: 'OB-1', caseId: 'case-1', materialCode: 'POA', dueDate }),
    applicationId: 'app-1',
    uscc: 'U',
    authority: 'CNIPA',
    itemCode: 'I',
    deferralId: 'DF-1',
    round: 1,
    grantedAt,
    deadlineAt: deadlineFor(clock, dueDate, grantedAt),
    scheduleVersion: 1,
    remindersIssued: [],
    notices: [],
    caseRevoked: false,
    waitingSince: grantedAt,
    ...over,
  };
}

describe('plannedJobs (what the queue must hold, derived from MongoDB)', () => {
  const now = new Date(grantedAt);

  it('an open obligation gets one reminder per offset and one due check, with ids from obligation, schedule version and offset', () => {
    const jobs = plannedJobs(obligation(), clock, [3, 1], now);
    expect(jobs.map((j) => j.jobId)).toEqual(['reminder:OB-1:1:3', 'reminder:OB-1:1:1', 'deadline:OB-1:1']);
    expect(jobs.map((j) => j.runAt.getTime() - now.getTime())).toEqual([1000, 3000, 5000]);
  });

  it('leaves out reminders on or before the grant day and those already issued', () => {
    const jobs = plannedJobs(obligation({ remindersIssued: ['1:1'] }), clock, [5, 4, 1], now);
    // offset 5 → grant day itself; offset 1 issued already; offset 4 remains.
    expect(jobs.map((j) => j.jobId)).toEqual(['reminder:OB-1:1:4', 'deadline:OB-1:1']);
  });

  it('a settled or revoked obligation needs no job; a pending supplement only the due check; after the deadline no reminder', () => {
    expect(plannedJobs(obligation({ state: 'FULFILLED' }), clock, [1], now)).toEqual([]);
    expect(plannedJobs(obligation({ caseRevoked: true }), clock, [1], now)).toEqual([]);
    expect(
      plannedJobs(obligation({ state: 'SUPPLEMENT_PENDING' }), clock, [1], now).map((j) => j.kind),
    ).toEqual(['deadline']);
    const late = new Date(now.getTime() + 6000);
    expect(plannedJobs(obligation(), clock, [1], late).map((j) => j.kind)).toEqual(['deadline']);
  });

  it('a new schedule version (extension) gives new job ids, so the old jobs go stale instead of colliding', () => {
    const jobs = plannedJobs(obligation({ scheduleVersion: 2 }), clock, [1], now);
    expect(jobs.map((j) => j.jobId)).toEqual(['reminder:OB-1:2:1', 'deadline:OB-1:2']);
  });
});
