import { Deficiency, LocalizedText, Reason, SubCaseStateName } from '@app/contracts';
import {
  APPLICATION_STATUS_LABELS,
  ApplicationStatus,
  deriveApplicationStatus,
  SUB_CASE_STATE_LABELS,
} from '@app/case-lifecycle';
import { WorkingDayCalendar } from '@app/calendar';
import { ApplicationState, SubCaseRecord, TimeLimit, timeLimitOf } from './application';

export interface SubCaseView extends TimeLimit {
  caseId: string;
  key: string;
  itemCode: string;
  itemName: LocalizedText;
  authority: string;
  asset?: SubCaseRecord['asset'];
  prerequisites: string[];
  state: SubCaseStateName;
  stateLabel: LocalizedText;
  promisedTimeLimitDays: number;
  legalTimeLimitDays: number;
  round: number;
  reason?: Reason;
  dispatchedAt?: string;
}

export interface NoticeView {
  noticeId: string;
  issuedAt: string;
  answeredAt?: string;
  affectedCaseIds: string[];
  deficiencies: Deficiency[];
}

export interface ApplicationSummary {
  applicationId: string;
  bundleCode: string;
  catalogueVersion: number;
  filedAt: string;
  status: ApplicationStatus;
  statusLabel: LocalizedText;
  subCaseCount: number;
}

export interface ApplicationDetail extends ApplicationSummary {
  uscc: string;
  enterpriseName: string;
  legalRepresentative: { name: string; idNumberMasked: string };
  commitmentSigned: boolean;
  withdrawn: boolean;
  version: number;
  subCases: SubCaseView[];
  notices: NoticeView[];
}

export function statusOf(app: Pick<ApplicationState, 'subCases' | 'withdrawn'>): ApplicationStatus {
  return deriveApplicationStatus(
    app.subCases.map((s) => s.state),
    app.withdrawn,
  );
}

export function summaryOf(app: ApplicationState): ApplicationSummary {
  const status = statusOf(app);
  return {
    applicationId: app._id,
    bundleCode: app.bundleCode,
    catalogueVersion: app.catalogueVersion,
    filedAt: app.filedAt,
    status,
    statusLabel: APPLICATION_STATUS_LABELS[status],
    subCaseCount: app.subCases.length,
  };
}

export function subCaseView(
  s: SubCaseRecord,
  prerequisiteIds: string[],
  calendar: WorkingDayCalendar,
  now: Date,
): SubCaseView {
  return {
    caseId: s.caseId,
    key: s.key,
    itemCode: s.itemCode,
    itemName: s.itemName,
    authority: s.authority,
    ...(s.asset ? { asset: s.asset } : {}),
    prerequisites: prerequisiteIds,
    state: s.state,
    stateLabel: SUB_CASE_STATE_LABELS[s.state],
    promisedTimeLimitDays: s.promisedTimeLimitDays,
    legalTimeLimitDays: s.legalTimeLimitDays,
    round: s.round,
    ...(s.lastReason ? { reason: s.lastReason } : {}),
    ...(s.dispatch ? { dispatchedAt: s.dispatch.dispatchedAt } : {}),
    ...timeLimitOf(s, calendar, now),
  };
}

export function detailOf(app: ApplicationState, calendar: WorkingDayCalendar, now: Date): ApplicationDetail {
  const idOfKey = new Map(app.subCases.map((s) => [s.key, s.caseId]));
  return {
    ...summaryOf(app),
    uscc: app.uscc,
    enterpriseName: app.enterpriseName,
    legalRepresentative: {
      name: app.legalRepresentative.name,
      idNumberMasked: app.legalRepresentative.idNumberMasked,
    },
    commitmentSigned: app.commitment !== undefined,
    withdrawn: app.withdrawn,
    version: app.version,
    subCases: app.subCases.map((s) =>
      subCaseView(
        s,
        s.prerequisites.map((k) => idOfKey.get(k) ?? k),
        calendar,
        now,
      ),
    ),
    notices: app.notices.map((n) => ({
      noticeId: n.noticeId,
      issuedAt: n.issuedAt,
      ...(n.answeredAt ? { answeredAt: n.answeredAt } : {}),
      affectedCaseIds: n.affectedCaseIds,
      deficiencies: n.deficiencies,
    })),
  };
}
