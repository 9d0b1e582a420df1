import { LocalizedText, NotFoundError, SUB_CASE_STATES, SubCaseStateName, DomainError } from '@app/contracts';
import { WorkingDayCalendar } from '@app/calendar';
import {
  ApplicationDetail,
  ApplicationSummary,
  detailOf,
  subCaseView,
  SubCaseView,
  summaryOf,
} from '../../domain/views';
import { ApplicationStore, Clock } from '../ports';

export interface TimelineEntry {
  eventId: string;
  type: string;
  occurredAt: string;
  caseId?: string;
  actor: { kind: string; id: string };
  payload: unknown;
}

export interface CaseworkerSubCase extends SubCaseView {
  applicationId: string;
  uscc: string;
  enterpriseName: string;
}

const NOT_FOUND = (): NotFoundError =>
  new NotFoundError('APPLICATION.NOT_FOUND', { zh: '申请不存在', en: 'Application not found' });

/** What each role may read: an applicant its enterprise's applications, a caseworker its authority's sub-cases. */
export class ReadApplications {
  constructor(
    private readonly store: ApplicationStore,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
  ) {}

  async list(
    uscc: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: ApplicationSummary[]; total: number; page: number; pageSize: number }> {
    const size = Math.min(Math.max(pageSize, 1), 100);
    const { items, total } = await this.store.listByUscc(uscc, (page - 1) * size, size);
    return { items: items.map(summaryOf), total, page, pageSize: size };
  }

  async detail(uscc: string, id: string): Promise<ApplicationDetail> {
    const app = await this.store.get(id);
    // Another enterprise's application is answered exactly like a missing one.
    if (!app || app.uscc !== uscc) throw NOT_FOUND();
    return detailOf(app, this.calendar, this.clock.now());
  }

  async timeline(uscc: string, id: string): Promise<TimelineEntry[]> {
    const app = await this.store.get(id);
    if (!app || app.uscc !== uscc) throw NOT_FOUND();
    const events = await this.store.history(id);
    return events.map((e) => ({
      eventId: e.id,
      type: e.type,
      occurredAt: e.occurredAt,
      ...(e.caseId ? { caseId: e.caseId } : {}),
      actor: e.actor,
      payload: e.payload,
    }));
  }

  async subCasesOfAuthority(authority: string, state?: string): Promise<CaseworkerSubCase[]> {
    if (state !== undefined && !(SUB_CASE_STATES as readonly string[]).includes(state)) {
      const message: LocalizedText = {
        zh: `未知的子事项状态“${state}”`,
        en: `Unknown sub-case state "${state}"`,
      };
      throw new DomainError('SUBCASE.UNKNOWN_STATE', message, [
        { path: 'state', code: 'SUBCASE.UNKNOWN_STATE', message },
      ]);
    }
    const now = this.clock.now();
    const apps = await this.store.listByAuthority(authority);
    return apps.flatMap((app) => {
      const idOfKey = new Map(app.subCases.map((s) => [s.key, s.caseId]));
      return app.subCases
        .filter(
          (s) =>
            s.authority === authority && (state === undefined || s.state === (state as SubCaseStateName)),
        )
        .map((s) => ({
          applicationId: app._id,
          uscc: app.uscc,
          enterpriseName: app.enterpriseName,
          ...subCaseView(
            s,
            s.prerequisites.map((k) => idOfKey.get(k) ?? k),
            this.calendar,
            now,
          ),
        }));
    });
  }
}
