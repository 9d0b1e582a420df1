import { createEvent, DomainError } from '@app/contracts';
import type { IssuedNotice } from '../../domain/records';
import { plannedJobs, reminderKey, type DeadlineJob, type ReminderJob } from '../../domain/schedule';
import { BreachCase } from '../breach-case/breach-case';
import { DecideDeferral } from '../decide-deferral/decide-deferral';
import { contextFor, SYSTEM } from '../event-context';
import { ObligationActions } from '../obligation-actions/obligation-actions';
import { CommitmentPolicy, DeferralStore, JobScheduler, ObligationStore, PostHocStore } from '../ports';

export type JobOutcome = 'ACTED' | 'SKIPPED';

/** Thrown when a due check runs before its moment (clock skew): the queue retries it later. */
export class NotYetDue extends Error {}

/**
 * The bull jobs' work, re-deciding from MongoDB each time (a job is only a wake-up call): a reminder is
 * issued once while the obligation is OPEN at the job's schedule version; a due check breaches an OPEN
 * obligation whose due date has passed. And the start-up reconciliation, which rebuilds from MongoDB
 * whatever Redis or a crash lost.
 */
export class Deadlines {
  constructor(
    private readonly obligations: ObligationStore,
    private readonly deferrals: DeferralStore,
    private readonly postHoc: PostHocStore,
    private readonly actions: ObligationActions,
    private readonly breaches: BreachCase,
    private readonly decide: DecideDeferral,
    private readonly scheduler: JobScheduler,
    private readonly policy: CommitmentPolicy,
  ) {}

  async remind(job: Pick<ReminderJob, 'obligationId' | 'scheduleVersion' | 'offset'>): Promise<JobOutcome> {
    const o = await this.obligations.get(job.obligationId);
    if (!o || o.caseRevoked || o.state !== 'OPEN' || o.scheduleVersion !== job.scheduleVersion)
      return 'SKIPPED';
    const key = reminderKey(job.scheduleVersion, job.offset);
    if (o.remindersIssued.includes(key)) return 'SKIPPED';
    const notice: IssuedNotice = {
      key,
      issuedAt: this.policy.now().toISOString(),
      dueDate: o.dueDate,
      workingDaysLeft: job.offset,
      notice: {
        zh: `请于 ${o.dueDate} 前补交容缺材料 ${o.materialCode}（还剩 ${job.offset} 个工作日），逾期未补交将撤销办理结果并记入信用记录。`,
        en: `Please supply the deferred material ${o.materialCode} by ${o.dueDate} (${job.offset} working days left); otherwise the result is revoked and a credit record is written.`,
      },
    };
    const event = createEvent(
      'commitment.obligation.reminder-issued',
      {
        obligationId: o.obligationId,
        caseId: o.caseId,
        materialCode: o.materialCode,
        dueDate: o.dueDate,
        workingDaysLeft: job.offset,
        notice: notice.notice,
      },
      contextFor(o, SYSTEM),
    );
    return (await this.obligations.issueReminder(o.obligationId, job.scheduleVersion, notice, [event]))
      ? 'ACTED'
      : 'SKIPPED';
  }

  async checkDeadline(job: Pick<DeadlineJob, 'obligationId' | 'scheduleVersion'>): Promise<JobOutcome> {
    const o = await this.obligations.get(job.obligationId);
    if (!o) return 'SKIPPED';
    if (o.state === 'BREACHED') {
      // A crash after the obligation's write but before the sub-case's breach: finish it.
      await this.breaches.breach({
        deferralId: o.deferralId,
        cause: o.breachCause ?? 'DEADLINE_MISSED',
        obligationId: o.obligationId,
        reason: o.lastReason ?? {
          code: 'OBLIGATION.DEADLINE_MISSED',
          text: { zh: '逾期未补交', en: 'Not supplied in time' },
        },
        actor: SYSTEM,
      });
      return 'SKIPPED';
    }
    if (o.caseRevoked || o.state !== 'OPEN' || o.scheduleVersion !== job.scheduleVersion) return 'SKIPPED';
    try {
      await this.actions.deadlinePassed(o, SYSTEM);
      return 'ACTED';
    } catch (e) {
      if (e instanceof DomainError && e.code === 'OBLIGATION.NOT_YET_DUE')
        throw new NotYetDue(`${o.obligationId} not yet due`);
      throw e;
    }
  }

  /** MongoDB is the source of truth: re-derive every pending effect and re-add every missing job. */
  async reconcile(): Promise<{ deferrals: number; jobs: number; breaches: number }> {
    let jobs = 0;
    let breaches = 0;
    const granted = await this.deferrals.listGranted();
    for (const deferral of granted) {
      await this.decide.materialize(deferral);
      if (deferral.breach) await this.breaches.completeBreach(deferral.deferralId);
      else await this.breaches.endIfSettled(deferral.deferralId, SYSTEM);
    }
    for (const o of await this.obligations.listBreached()) {
      if (
        await this.breaches.breach({
          deferralId: o.deferralId,
          cause: o.breachCause ?? 'DEADLINE_MISSED',
          obligationId: o.obligationId,
          reason: o.lastReason ?? {
            code: 'OBLIGATION.DEADLINE_MISSED',
            text: { zh: '逾期未补交', en: 'Not supplied in time' },
          },
          actor: SYSTEM,
        })
      )
        breaches += 1;
    }
    for (const check of await this.postHoc.listFailed()) {
      const reason = {
        code: 'POSTHOC.FAILED',
        text: check.findings[0] ?? { zh: '事后核查未通过', en: 'Post-hoc check failed' },
      };
      if (
        await this.breaches.breach({
          deferralId: check.deferralId,
          cause: 'POST_HOC_FAILED',
          reason,
          actor: SYSTEM,
        })
      )
        breaches += 1;
    }
    const now = this.policy.now();
    for (const o of await this.obligations.listUnsettled()) {
      const planned = plannedJobs(o, this.policy.clock, this.policy.reminderOffsets, now);
      await this.scheduler.schedule(planned);
      jobs += planned.length;
    }
    return { deferrals: granted.length, jobs, breaches };
  }
}
