import {
  Actor,
  ConflictError,
  DomainError,
  FieldViolation,
  NotFoundError,
  Reason,
  SubmittedMaterial,
} from '@app/contracts';
import { WorkingDayCalendar } from '@app/calendar';
import { KeyedMutex } from '@app/persistence';
import { Application, Cause } from '../../domain/application';
import { ApplicationStore, Clock, DispatchQueue, DocumentStore } from '../ports';

function concurrentUpdate(): ConflictError {
  return new ConflictError('APPLICATION.CONCURRENT_UPDATE', {
    zh: '申请已被同时修改，请刷新后重试',
    en: 'The application was changed concurrently; reload and retry',
  });
}

const NOT_FOUND = (): NotFoundError =>
  new NotFoundError('APPLICATION.NOT_FOUND', { zh: '申请不存在', en: 'Application not found' });

/**
 * Runs a command on the aggregate with optimistic concurrency. For an event, a conflicting write
 * is retried (and an event already applied is skipped); for a request it answers 409.
 */
export class ApplicationCommands {
  /**
   * One read-modify-write per application at a time in this process (HTTP requests, Kafka handlers
   * and the dispatcher alike): under load, optimistic retries alone could run out and drop a
   * callback or an event. The version check still guards against other instances.
   */
  private readonly turns = new KeyedMutex();

  constructor(
    private readonly store: ApplicationStore,
    private readonly documents: DocumentStore,
    private readonly dispatch: DispatchQueue,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
  ) {}

  /** Idempotent per event id; unknown application → nothing (the event is not ours to act on). */
  async forEvent(applicationId: string, eventId: string, command: (app: Application) => void): Promise<void> {
    return this.turns.run(applicationId, () => this.applyEvent(applicationId, eventId, command));
  }

  private async applyEvent(
    applicationId: string,
    eventId: string,
    command: (app: Application) => void,
  ): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const state = await this.store.get(applicationId);
      if (!state) return;
      const app = Application.load(state, this.calendar, this.clock.now());
      command(app);
      const res = await this.store.save(app.state, app.events, eventId);
      if (res === 'ALREADY_APPLIED') return;
      if (res === 'SAVED') {
        await this.enqueue(app);
        return;
      }
    }
    throw new Error(`application ${applicationId}: too many concurrent updates while applying ${eventId}`);
  }

  /**
   * A request by an applicant (`owner` = token uscc) or by the platform (`owner` undefined). A write
   * raced by a background update (a consumer, the dispatcher) is re-run on the fresh state; a client
   * that names the version it read (`expectedVersion`, from If-Match) gets 409 when it moved on.
   */
  async forRequest<T>(
    applicationId: string,
    owner: string | undefined,
    command: (app: Application) => T,
    expectedVersion?: number,
  ): Promise<{ result: T; app: Application }> {
    return this.turns.run(applicationId, () =>
      this.applyRequest(applicationId, owner, command, expectedVersion),
    );
  }

  private async applyRequest<T>(
    applicationId: string,
    owner: string | undefined,
    command: (app: Application) => T,
    expectedVersion?: number,
  ): Promise<{ result: T; app: Application }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const state = await this.store.get(applicationId);
      if (!state || (owner !== undefined && state.uscc !== owner)) throw NOT_FOUND();
      if (expectedVersion !== undefined && state.version !== expectedVersion) throw concurrentUpdate();
      const app = Application.load(state, this.calendar, this.clock.now());
      const result = command(app);
      if (app.events.length === 0) return { result, app };
      if ((await this.store.save(app.state, app.events)) === 'SAVED') {
        app.state.version = state.version + 1;
        await this.enqueue(app);
        return { result, app };
      }
    }
    throw concurrentUpdate();
  }

  async submitCorrection(
    owner: string,
    actor: Actor,
    applicationId: string,
    noticeId: string,
    materials: Array<{ materialCode: string; documentId: string }>,
    expectedVersion?: number,
  ): Promise<Application> {
    const violations: FieldViolation[] = [];
    const submitted: SubmittedMaterial[] = [];
    for (const [i, m] of materials.entries()) {
      const doc = await this.documents.find(m.documentId);
      if (!doc || doc.owner !== owner) {
        violations.push({
          path: `materials[${i}].documentId`,
          code: 'DOCUMENT.NOT_FOUND',
          message: { zh: '引用的文件不存在', en: 'The referenced document does not exist' },
        });
        continue;
      }
      submitted.push({ materialCode: m.materialCode, documentId: doc.documentId, sha256: doc.sha256 });
    }
    const { app } = await this.forRequest(
      applicationId,
      owner,
      (a) => {
        const notice = a.state.notices.find((n) => n.noticeId === noticeId);
        if (notice) {
          const asked = new Set(notice.deficiencies.map((d) => d.materialCode));
          materials.forEach((m, i) => {
            if (!asked.has(m.materialCode))
              violations.push({
                path: `materials[${i}].materialCode`,
                code: 'CORRECTION.MATERIAL_NOT_ASKED',
                message: {
                  zh: `补正告知未要求材料“${m.materialCode}”`,
                  en: `The notice does not ask for material "${m.materialCode}"`,
                },
              });
          });
        }
        if (violations.length) {
          const first = violations[0];
          throw new DomainError(
            first?.code ?? 'REQUEST.INVALID',
            first?.message ?? { zh: '请求无效', en: 'Invalid request' },
            violations,
          );
        }
        a.submitCorrection(noticeId, submitted, { actor });
      },
      expectedVersion,
    );
    return app;
  }

  async withdraw(
    owner: string,
    actor: Actor,
    applicationId: string,
    note?: string,
    expectedVersion?: number,
  ): Promise<Application> {
    return (await this.forRequest(applicationId, owner, (a) => a.withdraw({ actor }, note), expectedVersion))
      .app;
  }

  async dispatchResult(
    input: {
      applicationId: string;
      caseId: string;
      dispatchKey: string;
      outcome: 'COMPLETED' | 'DENIED';
      reason?: string;
    },
    actor: Actor,
  ): Promise<'APPLIED' | 'ALREADY'> {
    if (input.dispatchKey !== input.caseId) {
      throw new DomainError(
        'DISPATCH.KEY_MISMATCH',
        { zh: '推送键与子事项不符', en: 'dispatchKey does not match the sub-case' },
        [
          {
            path: 'dispatchKey',
            code: 'DISPATCH.KEY_MISMATCH',
            message: { zh: '推送键与子事项不符', en: 'dispatchKey does not match the sub-case' },
          },
        ],
      );
    }
    const reason: Reason | undefined =
      input.outcome === 'DENIED'
        ? {
            code: 'LINKED_PROCESS.DENIED',
            text: { zh: '关联登记机关不予办理', en: 'The linked registration process denied the case' },
            ...(input.reason ? { note: input.reason } : {}),
          }
        : undefined;
    const { result } = await this.forRequest(input.applicationId, undefined, (a) =>
      a.dispatchResult(input.caseId, input.outcome, reason, { actor }),
    );
    return result;
  }

  /** After the linked process accepted the hand-over: recorded once. */
  async markDispatched(applicationId: string, caseId: string, attempt: number): Promise<void> {
    return this.turns.run(applicationId, () => this.recordDispatched(applicationId, caseId, attempt));
  }

  private async recordDispatched(applicationId: string, caseId: string, attempt: number): Promise<void> {
    const cause: Cause = { actor: { kind: 'system', id: 'intake-dispatch' } };
    for (let i = 0; i < 20; i++) {
      const state = await this.store.get(applicationId);
      if (!state) return;
      const app = Application.load(state, this.calendar, this.clock.now());
      if (!app.markDispatched(caseId, caseId, attempt, cause)) return;
      if ((await this.store.save(app.state, app.events)) === 'SAVED') return;
    }
  }

  private async enqueue(app: Application): Promise<void> {
    for (const caseId of app.toDispatch) await this.dispatch.enqueue(app.id, caseId);
  }
}
