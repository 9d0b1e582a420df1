import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Inject } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { callbackUrl, dispatchEndpoint, IntakeConfig } from '../config';
import { ApplicationCommands } from '../usecases/manage-application/application-commands';
import { APPLICATION_STORE, ApplicationStore, DispatchQueue } from '../usecases/ports';

export const DISPATCH_QUEUE_NAME = 'dispatch';

export interface DispatchJob {
  applicationId: string;
  caseId: string;
}

/** Bull queue of hand-overs; the job id per sub-case keeps one pending job per sub-case. */
@Injectable()
export class BullDispatchQueue implements DispatchQueue {
  constructor(
    @InjectQueue(DISPATCH_QUEUE_NAME) private readonly queue: Queue<DispatchJob>,
    private readonly config: IntakeConfig,
  ) {}

  async enqueue(applicationId: string, caseId: string): Promise<void> {
    const jobId = `dispatch:${caseId}:1`;
    // A job that exhausted its attempts stays (failed) under the same id and would block a re-queue
    // by the sweeper forever: take it out first, so a later sweep hands the sub-case over again.
    const previous = await this.queue.getJob(jobId);
    if (previous && (await previous.isFailed())) await previous.remove();
    await this.queue.add(
      'dispatch',
      { applicationId, caseId },
      {
        jobId,
        attempts: this.config.DISPATCH_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.DISPATCH_BACKOFF_MS },
        removeOnComplete: true,
        removeOnFail: false,
      },
    );
  }
}

export class DispatchFailed extends Error {}

/**
 * The adapter to the linked registration processes: one HTTP contract, an endpoint per authority
 * (the registry sandbox locally). dispatchKey = caseId: the receiving side dedupes on it, so a
 * retried hand-over is never carried out twice.
 */
@Injectable()
export class LinkedProcessAdapter {
  constructor(private readonly config: IntakeConfig) {}

  async handOver(body: {
    dispatchKey: string;
    caseId: string;
    applicationId: string;
    itemCode: string;
    uscc: string;
    asset?: { kind: string; number: string };
    formValues: Record<string, string | number | boolean>;
    authority: string;
  }): Promise<void> {
    const { authority, ...rest } = body;
    const url = `${dispatchEndpoint(this.config, authority)}/linked-processes/${encodeURIComponent(authority)}/cases`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...rest, callbackUrl: callbackUrl(this.config) }),
      signal: AbortSignal.timeout(this.config.DISPATCH_TIMEOUT_MS),
    });
    if (!res.ok) throw new DispatchFailed(`${url} answered ${res.status}`);
  }
}

@Processor(DISPATCH_QUEUE_NAME)
export class DispatchProcessor {
  private readonly logger = new Logger(DispatchProcessor.name);

  constructor(
    @Inject(APPLICATION_STORE) private readonly store: ApplicationStore,
    private readonly adapter: LinkedProcessAdapter,
    private readonly commands: ApplicationCommands,
  ) {}

  @Process('dispatch')
  async dispatch(job: Job<DispatchJob>): Promise<void> {
    const { applicationId, caseId } = job.data;
    const app = await this.store.get(applicationId);
    const s = app?.subCases.find((c) => c.caseId === caseId);
    if (!app || !s || s.state !== 'PROCESSING' || s.dispatch) return;
    try {
      await this.adapter.handOver({
        dispatchKey: caseId,
        caseId,
        applicationId,
        itemCode: s.itemCode,
        uscc: app.uscc,
        ...(s.asset ? { asset: s.asset } : {}),
        formValues: app.formValues,
        authority: s.authority,
      });
    } catch (e) {
      this.logger.warn(
        `dispatch of ${caseId} failed (attempt ${job.attemptsMade + 1}): ${e instanceof Error ? e.message : String(e)}`,
      );
      throw e;
    }
    await this.commands.markDispatched(applicationId, caseId, job.attemptsMade + 1);
  }
}

/** Re-queues PROCESSING sub-cases never handed over (the process died between the write and the enqueue). */
@Injectable()
export class DispatchSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APPLICATION_STORE) private readonly store: ApplicationStore,
    private readonly queue: BullDispatchQueue,
    private readonly config: IntakeConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep().catch(() => undefined);
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), this.config.DISPATCH_SWEEP_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    for (const app of await this.store.undispatched()) {
      for (const s of app.subCases)
        if (s.state === 'PROCESSING' && !s.dispatch) await this.queue.enqueue(app._id, s.caseId);
    }
  }
}
