import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue, Process, Processor } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { EscalateOverdue } from '../usecases/progress-rectification/progress-rectification';
import type { DueScheduler } from '../usecases/ports';

export const RECTIFICATION_QUEUE = 'rectification';

export interface RectificationDueJob {
  ticketId: string;
  dueVersion: number;
}

/** The overdue check lives in Redis (bull), so it survives a restart of the process that scheduled it. */
@Injectable()
export class BullDueScheduler implements DueScheduler {
  constructor(@InjectQueue(RECTIFICATION_QUEUE) private readonly queue: Queue<RectificationDueJob>) {}

  async schedule(ticketId: string, dueVersion: number, dueAt: Date): Promise<void> {
    await this.queue.add(
      'due',
      { ticketId, dueVersion },
      {
        // Deterministic id: scheduling the same due date twice (a replayed OPENED event) adds one job.
        jobId: `rectification-due:${ticketId}:${dueVersion}`,
        delay: Math.max(0, dueAt.getTime() - Date.now()),
        removeOnComplete: true,
        attempts: 10,
        backoff: { type: 'exponential', delay: 500 },
      },
    );
  }
}

export class NotDueYet extends Error {
  constructor(ticketId: string) {
    super(`rectification ticket ${ticketId} is not due yet; retrying`);
    this.name = 'NotDueYet';
  }
}

@Processor(RECTIFICATION_QUEUE)
export class RectificationDueProcessor {
  private readonly logger = new Logger(RectificationDueProcessor.name);

  constructor(private readonly escalate: EscalateOverdue) {}

  @Process('due')
  async due(job: Job<RectificationDueJob>): Promise<void> {
    const outcome = await this.escalate.execute(job.data.ticketId, job.data.dueVersion);
    // Fired a little early (clock skew between Redis and us): let bull retry with backoff.
    if (outcome === 'not-due-yet') throw new NotDueYet(job.data.ticketId);
    if (outcome === 'escalated') this.logger.log(`ticket ${job.data.ticketId} escalated: overdue`);
  }
}
