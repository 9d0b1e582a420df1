import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Job, Queue } from 'bull';
import { DEADLINE_QUEUE, type DeadlineJob, type PlannedJob, type ReminderJob } from '../domain/schedule';
import { Deadlines } from '../usecases/deadlines/deadlines';
import { JobScheduler } from '../usecases/ports';

/** What a job carries: enough to find the obligation; the processor decides from MongoDB. */
export type DeadlineJobData = Pick<ReminderJob, 'obligationId' | 'scheduleVersion'> & {
  offset?: number;
  runAt: string;
};

/**
 * Bull on Redis as the alarm clock. The job id is derived from the obligation, its schedule version and
 * (for reminders) the offset, so adding a job that is still queued is a no-op; completed jobs are removed,
 * and MongoDB (reminders issued, state) keeps a re-added one from acting twice.
 */
@Injectable()
export class BullJobScheduler extends JobScheduler {
  constructor(@InjectQueue(DEADLINE_QUEUE) private readonly queue: Queue<DeadlineJobData>) {
    super();
  }

  async schedule(jobs: PlannedJob[]): Promise<void> {
    const now = Date.now();
    for (const job of jobs) {
      const data: DeadlineJobData = {
        obligationId: job.obligationId,
        scheduleVersion: job.scheduleVersion,
        runAt: job.runAt.toISOString(),
        ...(job.kind === 'reminder' ? { offset: job.offset } : {}),
      };
      await this.queue.add(job.kind, data, {
        jobId: job.jobId,
        delay: Math.max(0, job.runAt.getTime() - now),
        removeOnComplete: true,
        // A job that keeps failing is dropped; the next start's reconciliation re-adds it from MongoDB.
        removeOnFail: true,
        attempts: 8,
        backoff: { type: 'exponential', delay: 500 },
      });
    }
  }

  async ping(): Promise<boolean> {
    return (await this.queue.client.ping()) === 'PONG';
  }
}

@Processor(DEADLINE_QUEUE)
export class DeadlineProcessor {
  private readonly logger = new Logger(DeadlineProcessor.name);

  constructor(private readonly deadlines: Deadlines) {}

  @Process('reminder')
  async remind(job: Job<DeadlineJobData>): Promise<void> {
    const outcome = await this.deadlines.remind({
      obligationId: job.data.obligationId,
      scheduleVersion: job.data.scheduleVersion,
      offset: job.data.offset ?? 0,
    });
    this.logger.debug(`reminder ${job.id}: ${outcome}`);
  }

  @Process('deadline')
  async deadline(job: Job<DeadlineJobData>): Promise<void> {
    const data: Pick<DeadlineJob, 'obligationId' | 'scheduleVersion'> = job.data;
    const outcome = await this.deadlines.checkDeadline(data);
    this.logger.debug(`deadline ${job.id}: ${outcome}`);
  }
}

/** At start: MongoDB is the truth, the queue is rebuilt from it (a restart or an emptied Redis loses nothing). */
@Injectable()
export class StartupReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger(StartupReconciler.name);

  constructor(private readonly deadlines: Deadlines) {}

  async onApplicationBootstrap(): Promise<void> {
    const result = await this.deadlines.reconcile();
    this.logger.log(
      `reconciled ${result.deferrals} deferrals, ${result.jobs} jobs ensured, ${result.breaches} breaches completed`,
    );
  }
}
