import type {
  AssetRef,
  BreachCause,
  Deficiency,
  Reason,
  RequiredMaterial,
  SubCaseStateName,
  SubmittedMaterial,
  Text,
  EventType,
  TypedEnvelope,
} from '@app/contracts';
import { type ApplicationStatus, deriveApplicationStatus } from './application-status';

export interface SubCaseHistoryEntry {
  from: SubCaseStateName;
  to: SubCaseStateName;
  /** occurredAt of the transition event. */
  at: string;
  reason?: Reason;
  eventId: string;
}

export interface SubCaseView {
  caseId: string;
  key: string;
  itemCode: string;
  authority: string;
  asset?: AssetRef;
  state: SubCaseStateName;
  /** Keys of the sub-cases this one depends on. */
  prerequisites: string[];
  promisedTimeLimitDays: number;
  legalTimeLimitDays: number;
  commitmentAllowed: boolean;
  materials: RequiredMaterial[];
  /** Went through the commitment path (deferral granted or sampled for a post-hoc check): revocable. */
  viaCommitment: boolean;
  history: SubCaseHistoryEntry[];
}

export interface NoticeView {
  noticeId: string;
  issuedAt: string;
  deficiencies: Deficiency[];
  affectedCaseIds: string[];
  status: 'OPEN' | 'ANSWERED';
  answeredAt?: string;
}

export interface ObligationView {
  obligationId: string;
  caseId: string;
  materialCode: string;
  dueDate: string;
  status: 'OPEN' | 'FULFILLED' | 'BREACHED';
  fulfilledHow?: 'VERIFIED' | 'CASEWORKER_ACCEPTED' | 'WAIVED';
  closedAt?: string;
}

export interface BreachView {
  caseId: string;
  cause: BreachCause;
  obligationId?: string;
  reason: Reason;
  at: string;
}

export interface CreditRecordView {
  creditRecordId: string;
  caseId: string;
  cause: BreachCause;
  severity: 'MINOR' | 'SERIOUS';
  startsAt: string;
  expiresAt: string;
  reason: Text;
}

export interface RatingView {
  ratingId: string;
  subject: 'application' | 'sub-case' | 'interaction';
  caseId?: string;
  authority: string;
  channel: string;
  score: number;
  tags: string[];
  at: string;
}

export interface ApplicationView {
  applicationId: string;
  uscc: string;
  enterpriseName: string;
  bundleCode: string;
  catalogueVersion: number;
  commitmentSigned: boolean;
  filedAt: string;
  /** Derived from the sub-cases after every event; never set directly. */
  status: ApplicationStatus;
  subCases: Record<string, SubCaseView>;
  /** Materials on file: those filed with the application, then each correction's, in order. */
  submittedMaterials: SubmittedMaterial[];
  notices: Record<string, NoticeView>;
  obligations: Record<string, ObligationView>;
  breaches: BreachView[];
  creditRecords: CreditRecordView[];
  ratings: RatingView[];
  withdrawal?: { at: string; reason: Reason; cancelledCaseIds: string[] };
  lastEventId: string;
  lastEventAt: string;
  eventCount: number;
}

/** The event types the view folds; every other type leaves it unchanged. */
export const FOLDED_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'intake.application.filed',
  'intake.subcase.transitioned',
  'intake.correction.notice-issued',
  'intake.correction.submitted',
  'intake.application.withdrawn',
  'commitment.deferral.granted',
  'commitment.obligation.updated',
  'commitment.obligation.fulfilled',
  'commitment.breach.declared',
  'commitment.credit.recorded',
  'commitment.posthoc.sampled',
  'evaluation.rating.submitted',
]);

/**
 * Folds one event into an application's view. The same function builds the live state in intake
 * and the point-in-time state in the audit replay. Pure: never mutates `state` or `event`; types it
 * does not fold, events before the filing, a second filing and events of another application
 * return `state` as is. Events are facts: they are applied as recorded, not re-validated against
 * the state machine. Deduplicating redelivered events is the consumer's job (it knows the ids).
 */
export function reduceApplication(state: ApplicationView, event: TypedEnvelope): ApplicationView;
export function reduceApplication(
  state: ApplicationView | undefined,
  event: TypedEnvelope,
): ApplicationView | undefined;
export function reduceApplication(
  state: ApplicationView | undefined,
  event: TypedEnvelope,
): ApplicationView | undefined {
  if (event.type === 'intake.application.filed') return state ?? filed(event);
  if (!state || event.applicationId !== state.applicationId || !FOLDED_EVENT_TYPES.has(event.type))
    return state;
  const applied = apply(state, event);
  // `apply` returns a fresh object when it changed anything: finish that one in place instead of
  // copying the whole view a second time (the replay of an archive spends its time in this fold).
  const next = applied === state ? { ...state } : applied;
  next.status = deriveApplicationStatus(
    Object.values(next.subCases).map((s) => s.state),
    next.withdrawal !== undefined,
  );
  next.lastEventId = event.id;
  next.lastEventAt = event.occurredAt;
  next.eventCount = state.eventCount + 1;
  return next;
}

/** Rebuilds the view from an application's events in the given order, up to `until` inclusive. */
export function replay(events: readonly TypedEnvelope[], until?: Date): ApplicationView | undefined {
  const limit = until?.getTime();
  // Filter rather than stop at the first later event: archive order is the truth, and producers' clocks
  // may drift. A plain loop: the replay of a large archive spends its time here (docs/benchmarks.md).
  let view: ApplicationView | undefined;
  for (const e of events)
    if (limit === undefined || Date.parse(e.occurredAt) <= limit) view = reduceApplication(view, e);
  return view;
}

function filed(event: TypedEnvelope<'intake.application.filed'>): ApplicationView {
  const p = event.payload;
  const subCases: Record<string, SubCaseView> = {};
  for (const o of p.subCases) {
    subCases[o.caseId] = {
      caseId: o.caseId,
      key: o.key,
      itemCode: o.itemCode,
      authority: o.authority,
      ...(o.asset ? { asset: copy(o.asset) } : {}),
      state: 'RECEIVED',
      prerequisites: [...o.prerequisites],
      promisedTimeLimitDays: o.promisedTimeLimitDays,
      legalTimeLimitDays: o.legalTimeLimitDays,
      commitmentAllowed: o.commitmentAllowed,
      materials: copy(o.materials),
      viaCommitment: false,
      history: [],
    };
  }
  return {
    applicationId: event.applicationId,
    uscc: p.uscc,
    enterpriseName: p.enterpriseName,
    bundleCode: p.bundleCode,
    catalogueVersion: p.catalogueVersion,
    commitmentSigned: p.commitment !== undefined,
    filedAt: event.occurredAt,
    status: deriveApplicationStatus(Object.values(subCases).map((s) => s.state)),
    subCases,
    submittedMaterials: copy(p.materials),
    notices: {},
    obligations: {},
    breaches: [],
    creditRecords: [],
    ratings: [],
    lastEventId: event.id,
    lastEventAt: event.occurredAt,
    eventCount: 1,
  };
}

/** A reference to an unknown sub-case, notice or obligation changes nothing but still counts as folded. */
function apply(state: ApplicationView, event: TypedEnvelope): ApplicationView {
  switch (event.type) {
    case 'intake.subcase.transitioned': {
      const p = event.payload;
      return updateSubCase(state, p.caseId, (s) => ({
        ...s,
        state: p.to,
        viaCommitment: s.viaCommitment || p.to === 'ACCEPTED_WITH_DEFERRAL',
        history: [
          ...s.history,
          {
            from: p.from,
            to: p.to,
            at: event.occurredAt,
            ...(p.reason ? { reason: copy(p.reason) } : {}),
            eventId: event.id,
          },
        ],
      }));
    }
    case 'intake.correction.notice-issued': {
      const p = event.payload;
      const notice: NoticeView = {
        noticeId: p.noticeId,
        issuedAt: event.occurredAt,
        deficiencies: copy(p.deficiencies),
        affectedCaseIds: [...p.affectedCaseIds],
        status: 'OPEN',
      };
      return { ...state, notices: { ...state.notices, [p.noticeId]: notice } };
    }
    case 'intake.correction.submitted': {
      const p = event.payload;
      const notice = state.notices[p.noticeId];
      const notices = notice
        ? {
            ...state.notices,
            [p.noticeId]: { ...notice, status: 'ANSWERED' as const, answeredAt: event.occurredAt },
          }
        : state.notices;
      return { ...state, notices, submittedMaterials: [...state.submittedMaterials, ...copy(p.materials)] };
    }
    case 'intake.application.withdrawn': {
      // Sub-case states change only through their own `transitioned` events; this records the act.
      const p = event.payload;
      return {
        ...state,
        withdrawal: {
          at: event.occurredAt,
          reason: copy(p.reason),
          cancelledCaseIds: [...p.cancelledCaseIds],
        },
      };
    }
    case 'commitment.deferral.granted': {
      const p = event.payload;
      const obligations = { ...state.obligations };
      for (const o of p.obligations) {
        obligations[o.obligationId] = {
          obligationId: o.obligationId,
          caseId: p.caseId,
          materialCode: o.materialCode,
          dueDate: o.dueDate,
          status: 'OPEN',
        };
      }
      return markViaCommitment({ ...state, obligations }, p.caseId);
    }
    case 'commitment.obligation.updated': {
      const p = event.payload;
      return updateObligation(state, p.obligationId, (o) => ({ ...o, dueDate: p.dueDate }));
    }
    case 'commitment.obligation.fulfilled': {
      const p = event.payload;
      return updateObligation(state, p.obligationId, (o) => ({
        ...o,
        status: 'FULFILLED',
        fulfilledHow: p.how,
        closedAt: event.occurredAt,
      }));
    }
    case 'commitment.breach.declared': {
      const p = event.payload;
      const breach: BreachView = {
        caseId: p.caseId,
        cause: p.cause,
        ...(p.obligationId ? { obligationId: p.obligationId } : {}),
        reason: copy(p.reason),
        at: event.occurredAt,
      };
      const withBreach = { ...state, breaches: [...state.breaches, breach] };
      if (!p.obligationId) return withBreach;
      return updateObligation(withBreach, p.obligationId, (o) => ({
        ...o,
        status: 'BREACHED',
        closedAt: event.occurredAt,
      }));
    }
    case 'commitment.credit.recorded': {
      const p = event.payload;
      const record: CreditRecordView = {
        creditRecordId: p.creditRecordId,
        caseId: p.caseId,
        cause: p.cause,
        severity: p.severity,
        startsAt: p.startsAt,
        expiresAt: p.expiresAt,
        reason: copy(p.reason),
      };
      return { ...state, creditRecords: [...state.creditRecords, record] };
    }
    case 'commitment.posthoc.sampled':
      // Only commitment cases are sampled; a failed check must be able to revoke this one.
      return markViaCommitment(state, event.payload.caseId);
    case 'evaluation.rating.submitted': {
      const p = event.payload;
      const rating: RatingView = {
        ratingId: p.ratingId,
        subject: p.subject,
        ...(p.caseId ? { caseId: p.caseId } : {}),
        authority: p.authority,
        channel: p.channel,
        score: p.score,
        tags: [...p.tags],
        at: event.occurredAt,
      };
      return { ...state, ratings: [...state.ratings, rating] };
    }
    default:
      return state;
  }
}

function updateSubCase(
  state: ApplicationView,
  caseId: string,
  f: (s: SubCaseView) => SubCaseView,
): ApplicationView {
  const subCase = state.subCases[caseId];
  if (!subCase) return state;
  return { ...state, subCases: { ...state.subCases, [caseId]: f(subCase) } };
}

function updateObligation(
  state: ApplicationView,
  obligationId: string,
  f: (o: ObligationView) => ObligationView,
): ApplicationView {
  const obligation = state.obligations[obligationId];
  if (!obligation) return state;
  return { ...state, obligations: { ...state.obligations, [obligationId]: f(obligation) } };
}

function markViaCommitment(state: ApplicationView, caseId: string): ApplicationView {
  return updateSubCase(state, caseId, (s) => (s.viaCommitment ? s : { ...s, viaCommitment: true }));
}

/**
 * The view owns its data: later changes to an event object must not reach it, nor the reverse.
 * Events are plain JSON data, so a direct recursive copy does (several times faster than
 * structuredClone, which matters when the audit replays millions of events).
 */
function copy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return out as T;
}
