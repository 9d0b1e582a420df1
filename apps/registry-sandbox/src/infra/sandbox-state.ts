import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DomainError } from '@app/contracts';
import { mintToken } from '@app/auth';
import { SandboxConfig } from '../config';
import { FaultBoard, FaultSource } from '../domain/faults';
import { LinkedCase, LinkedOutcome, Registry } from '../domain/registry';

export interface LinkedCaseRecord extends LinkedCase {
  receivedAt: string;
  status: 'SCHEDULED' | 'DONE';
  result?: LinkedOutcome;
  callback: { attempts: number; delivered: boolean; lastError?: string };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The sandbox's whole state, in memory: registers, faults and the linked cases it received. */
@Injectable()
export class SandboxState implements OnApplicationShutdown {
  private readonly logger = new Logger('RegistrySandbox');
  readonly registry: Registry;
  readonly faults: FaultBoard;
  readonly cases = new Map<string, LinkedCaseRecord>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(readonly config: SandboxConfig) {
    this.registry = Registry.seeded(config.SANDBOX_SEED, config.SANDBOX_ENTERPRISES);
    this.faults = FaultBoard.fromConfig(config.SANDBOX_FAULTS);
  }

  /** Applies the injected fault of a source to the current request: delay, error, or hang. */
  async gate(source: FaultSource): Promise<void> {
    const action = this.faults.decide(source);
    if (action.kind === 'HANG') {
      // Longer than any sane client timeout; then fail so the socket is not held forever.
      await sleep(30000);
      throw new DomainError(
        'SANDBOX.TIMEOUT',
        { zh: `${source} 响应超时（注入故障）`, en: `${source} timed out (injected fault)` },
        [],
        'UNAVAILABLE',
      );
    }
    if (action.delayMs > 0) await sleep(action.delayMs);
    if (action.kind === 'ERROR') {
      throw new DomainError(
        action.status === 503 ? 'SANDBOX.OUTAGE' : 'SANDBOX.INJECTED_ERROR',
        { zh: `${source} 暂不可用（注入故障）`, en: `${source} unavailable (injected fault)` },
        [],
        'UNAVAILABLE',
      );
    }
  }

  /** Accepts a dispatched sub-case once per dispatchKey and schedules its execution. */
  accept(c: LinkedCase): { record: LinkedCaseRecord; duplicate: boolean } {
    const existing = this.cases.get(c.dispatchKey);
    if (existing) return { record: existing, duplicate: true };
    const record: LinkedCaseRecord = {
      ...c,
      receivedAt: new Date().toISOString(),
      status: 'SCHEDULED',
      callback: { attempts: 0, delivered: false },
    };
    this.cases.set(c.dispatchKey, record);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.execute(record);
    }, this.config.SANDBOX_PROCESS_DELAY_MS);
    this.timers.add(timer);
    return { record, duplicate: false };
  }

  private async execute(record: LinkedCaseRecord): Promise<void> {
    record.result = this.registry.carryOut(record, new Date());
    record.status = 'DONE';
    this.logger.log(
      `linked case ${record.caseId} (${record.itemCode}) ${record.result.outcome} ${record.result.changes.join('; ')}`,
    );
    await this.callBack(record);
  }

  /** Calls the dispatcher back with the outcome, as an admin principal; retries with backoff. */
  private async callBack(record: LinkedCaseRecord): Promise<void> {
    const result = record.result;
    if (!result) return;
    const token = mintToken(
      { secret: this.config.JWT_SECRET, issuer: this.config.JWT_ISSUER, audience: this.config.JWT_AUDIENCE },
      { subject: 'registry-sandbox', role: 'admin', name: 'registry-sandbox' },
      600,
    );
    const body = JSON.stringify({
      dispatchKey: record.dispatchKey,
      caseId: record.caseId,
      applicationId: record.applicationId,
      outcome: result.outcome,
      ...(result.reason ? { reason: result.reason } : {}),
    });
    for (let attempt = 1; attempt <= this.config.SANDBOX_CALLBACK_ATTEMPTS && !this.stopped; attempt++) {
      record.callback.attempts = attempt;
      try {
        const res = await fetch(record.callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
          signal: AbortSignal.timeout(5000),
        });
        // 2xx, or a 409 meaning "already recorded": either way the dispatcher has it.
        if (res.ok || res.status === 409) {
          record.callback.delivered = true;
          return;
        }
        record.callback.lastError = `HTTP ${res.status}`;
        if (res.status >= 400 && res.status < 500 && res.status !== 429) return;
      } catch (e) {
        record.callback.lastError = e instanceof Error ? e.message : String(e);
      }
      await sleep(this.config.SANDBOX_CALLBACK_BACKOFF_MS * 2 ** (attempt - 1));
    }
    this.logger.warn(
      `callback for ${record.caseId} not delivered: ${record.callback.lastError ?? 'stopped'}`,
    );
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
  }
}
