import {
  Actor,
  AssessmentCompletedV1,
  CommitmentSignature,
  ConflictError,
  createEvent,
  Deficiency,
  EventType,
  LegalRepresentativeRef,
  LocalizedText,
  newId,
  NotFoundError,
  PayloadOf,
  Reason,
  RequiredMaterial,
  SubCaseStateName,
  SubmittedMaterial,
  TypedEnvelope,
} from '@app/contracts';
import {
  correctionDecision,
  DeferralDecision,
  isTerminal,
  RoundAssessment,
  sagaDecisions,
  transition,
} from '@app/case-lifecycle';
import { WorkingDayCalendar } from '@app/calendar';

export const PRODUCER = 'intake';

export interface PauseRecord {
  from: string;
  to?: string;
}

/** One linked process of the application (one item, or one item for one asset). */
export interface SubCaseRecord {
  caseId: string;
  key: string;
  itemCode: string;
  itemName: LocalizedText;
  authority: string;
  asset?: { kind: 'patent' | 'trademark' | 'layout-design'; number: string };
  /** Keys of the sub-cases this one waits for. */
  prerequisites: string[];
  promisedTimeLimitDays: number;
  legalTimeLimitDays: number;
  commitmentAllowed: boolean;
  postHocSamplingRateBasisPoints: number;
  materials: RequiredMaterial[];
  state: SubCaseStateName;
  viaCommitment: boolean;
  openedAt: string;
  /** Clock stops while the applicant owes a correction. */
  pauses: PauseRecord[];
  concludedAt?: string;
  round: number;
  dispatch?: { dispatchKey: string; attempt: number; dispatchedAt: string };
  lastReason?: Reason;
  /**
   * A breach that arrived before intake applied the deferral grant (events of the commitment and
   * verification topics are not ordered relative to each other): applied as soon as the sub-case
   * stands on the commitment path, so an early breach is never silently dropped.
   */
  pendingRevocation?: Reason;
}

export interface RoundRecord {
  round: number;
  expectedCaseIds: string[];
  assessments: Array<RoundAssessment & { caseId: string }>;
  deferrals: Array<{ caseId: string; decision: Exclude<DeferralDecision, 'PENDING'> }>;
  concluded: boolean;
  noticeId?: string;
}

export interface NoticeRecord {
  noticeId: string;
  round: number;
  deficiencies: Deficiency[];
  affectedCaseIds: string[];
  issuedAt: string;
  answeredAt?: string;
}

/** What POST /applications answers; stored so an idempotent replay answers the very same body. */
export interface FilingReceipt {
  applicationId: string;
  bundleCode: string;
  catalogueVersion: number;
  filedAt: string;
  subCases: Array<{
    caseId: string;
    key: string;
    itemCode: string;
    authority: string;
    asset?: SubCaseRecord['asset'];
    prerequisites: string[];
  }>;
}

export interface ApplicationState {
  _id: string;
  uscc: string;
  enterpriseName: string;
  bundleCode: string;
  catalogueVersion: number;
  channel: 'online' | 'window' | 'phone';
  legalRepresentative: LegalRepresentativeRef;
  contact: { name: string; phone: string };
  agent?: { name: string; organisation?: string };
  agentAppointed: boolean;
  commitment?: CommitmentSignature;
  formValues: Record<string, string | number | boolean>;
  materials: SubmittedMaterial[];
  subCases: SubCaseRecord[];
  rounds: RoundRecord[];
  notices: NoticeRecord[];
  withdrawn: boolean;
  filedAt: string;
  receipt: FilingReceipt;
  /** Optimistic concurrency: every write is conditional on the version read. */
  version: number;
}

/** Who or what caused a command: becomes actor, correlation and causation of the events. */
export interface Cause {
  actor: Actor;
  correlationId?: string;
  causationId?: string;
}

export interface SubCaseOpening {
  key: string;
  itemCode: string;
  itemName: LocalizedText;
  authority: string;
  asset?: SubCaseRecord['asset'];
  prerequisites: string[];
  promisedTimeLimitDays: number;
  legalTimeLimitDays: number;
  commitmentAllowed: boolean;
  postHocSamplingRateBasisPoints: number;
  materials: RequiredMaterial[];
}

export interface FilingFacts {
  applicationId: string;
  uscc: string;
  enterpriseName: string;
  bundleCode: string;
  catalogueVersion: number;
  channel: ApplicationState['channel'];
  legalRepresentative: LegalRepresentativeRef;
  contact: { name: string; phone: string };
  agent?: { name: string; organisation?: string };
  commitment?: CommitmentSignature;
  formValues: Record<string, string | number | boolean>;
  materials: SubmittedMaterial[];
  subCases: SubCaseOpening[];
}

const CANCEL_ON_WITHDRAW: Reason = {
  code: 'APPLICATION.WITHDRAWN',
  text: {
    zh: '申请人撤回申请，未办结的子事项已取消',
    en: 'The applicant withdrew the application; open sub-cases are cancelled',
  },
};

/** Deficiencies the applicant must fix, read off one assessment. */
export function deficienciesOf(
  assessment: Pick<AssessmentCompletedV1, 'caseId' | 'materials' | 'crossChecks'>,
): Deficiency[] {
  const out: Deficiency[] = [];
  for (const m of assessment.materials) {
    if (m.outcome === 'MISSING' || m.outcome === 'MISMATCH')
      out.push({
        caseId: assessment.caseId,
        materialCode: m.materialCode,
        kind: m.outcome,
        reason: m.reason,
      });
  }
  for (const c of assessment.crossChecks) {
    if (c.result === 'FAILED')
      out.push({ caseId: assessment.caseId, materialCode: c.check, kind: 'CROSS_CHECK', reason: c.reason });
  }
  return out;
}

/**
 * The application aggregate: one document holding its sub-cases, verification rounds and notices.
 * Commands change a private copy of the state and collect the events they emit; the repository
 * writes both in one single-document update.
 */
export class Application {
  readonly events: TypedEnvelope[] = [];
  /** Sub-cases moved to PROCESSING by this command: to be dispatched after the write. */
  readonly toDispatch: string[] = [];

  private constructor(
    readonly state: ApplicationState,
    private readonly calendar: WorkingDayCalendar,
    private readonly now: Date,
  ) {}

  static load(state: ApplicationState, calendar: WorkingDayCalendar, now: Date): Application {
    return new Application(structuredClone(state), calendar, now);
  }

  /** 一表申请: the application and its fan-out; every sub-case goes to verification, round 1. */
  static file(facts: FilingFacts, calendar: WorkingDayCalendar, now: Date, cause: Cause): Application {
    const at = now.toISOString();
    const subCases: SubCaseRecord[] = facts.subCases.map((s, i) => ({
      ...s,
      caseId: `${facts.applicationId}-${String(i + 1).padStart(2, '0')}`,
      state: 'RECEIVED',
      viaCommitment: false,
      openedAt: at,
      pauses: [],
      round: 1,
    }));
    const state: ApplicationState = {
      _id: facts.applicationId,
      uscc: facts.uscc,
      enterpriseName: facts.enterpriseName,
      bundleCode: facts.bundleCode,
      catalogueVersion: facts.catalogueVersion,
      channel: facts.channel,
      legalRepresentative: facts.legalRepresentative,
      contact: facts.contact,
      ...(facts.agent ? { agent: facts.agent } : {}),
      agentAppointed: facts.agent !== undefined,
      ...(facts.commitment ? { commitment: facts.commitment } : {}),
      formValues: facts.formValues,
      materials: facts.materials,
      subCases,
      rounds: [
        {
          round: 1,
          expectedCaseIds: subCases.map((s) => s.caseId),
          assessments: [],
          deferrals: [],
          concluded: false,
        },
      ],
      notices: [],
      withdrawn: false,
      filedAt: at,
      receipt: {
        applicationId: facts.applicationId,
        bundleCode: facts.bundleCode,
        catalogueVersion: facts.catalogueVersion,
        filedAt: at,
        subCases: subCases.map((s) => ({
          caseId: s.caseId,
          key: s.key,
          itemCode: s.itemCode,
          authority: s.authority,
          ...(s.asset ? { asset: s.asset } : {}),
          prerequisites: s.prerequisites.map((k) => caseIdOfKey(subCases, k)),
        })),
      },
      version: 0,
    };
    const app = new Application(state, calendar, now);
    app.emit(
      'intake.application.filed',
      {
        uscc: state.uscc,
        enterpriseName: state.enterpriseName,
        bundleCode: state.bundleCode,
        catalogueVersion: state.catalogueVersion,
        channel: state.channel,
        legalRepresentative: state.legalRepresentative,
        agentAppointed: state.agentAppointed,
        ...(state.commitment ? { commitment: state.commitment } : {}),
        formValues: state.formValues,
        materials: state.materials,
        subCases: subCases.map((s) => ({
          caseId: s.caseId,
          key: s.key,
          itemCode: s.itemCode,
          authority: s.authority,
          ...(s.asset ? { asset: s.asset } : {}),
          prerequisites: s.prerequisites.map((k) => caseIdOfKey(subCases, k)),
          promisedTimeLimitDays: s.promisedTimeLimitDays,
          legalTimeLimitDays: s.legalTimeLimitDays,
          commitmentAllowed: s.commitmentAllowed,
          materials: s.materials,
        })),
      },
      cause,
    );
    for (const s of app.state.subCases) {
      app.move(s, 'VERIFYING', undefined, cause);
      app.requestVerification(s, cause);
    }
    return app;
  }

  get id(): string {
    return this.state._id;
  }

  subCase(caseId: string): SubCaseRecord {
    const s = this.state.subCases.find((c) => c.caseId === caseId);
    if (!s)
      throw new NotFoundError('SUBCASE.NOT_FOUND', {
        zh: `子事项 ${caseId} 不存在`,
        en: `Sub-case ${caseId} not found`,
      });
    return s;
  }

  /** verification.assessment.completed: recorded in its round; the round concludes once all are in. */
  recordAssessment(a: AssessmentCompletedV1, cause: Cause): void {
    const round = this.state.rounds.find((r) => r.round === a.round);
    if (!round || round.concluded || !round.expectedCaseIds.includes(a.caseId)) return; // stale or foreign: nothing to do
    // A later assessment of the same case and round (after a manual review) replaces the earlier one.
    round.assessments = round.assessments.filter((x) => x.caseId !== a.caseId);
    round.assessments.push({
      caseId: a.caseId,
      decision: a.decision,
      deficiencies: deficienciesOf(a),
      commitmentSigned: a.commitmentSigned,
    });
    this.concludeRound(round, cause);
  }

  /** commitment.deferral.granted / refused for one sub-case and round. */
  recordDeferral(caseId: string, roundNo: number, decision: 'GRANTED' | 'REFUSED', cause: Cause): void {
    const round = this.state.rounds.find((r) => r.round === roundNo);
    if (!round || round.concluded || !round.expectedCaseIds.includes(caseId)) return;
    round.deferrals = round.deferrals.filter((d) => d.caseId !== caseId);
    round.deferrals.push({ caseId, decision });
    this.concludeRound(round, cause);
  }

  private concludeRound(round: RoundRecord, cause: Cause): void {
    const decision = correctionDecision({
      expectedCaseIds: round.expectedCaseIds,
      assessments: new Map(round.assessments.map((a) => [a.caseId, a])),
      deferralDecisions: new Map(round.deferrals.map((d) => [d.caseId, d.decision])),
      ...(round.noticeId ? { issuedNoticeId: round.noticeId } : {}),
    });
    if (decision.kind === 'WAIT' || decision.kind === 'ALREADY_NOTIFIED') return;
    round.concluded = true;
    for (const outcome of decision.outcomes) {
      const s = this.subCase(outcome.caseId);
      // A sub-case cancelled meanwhile (withdrawal, failed prerequisite) is not revived.
      if (s.state !== 'VERIFYING') continue;
      this.move(
        s,
        outcome.to,
        outcome.to === 'REJECTED' ? rejectionReason(round, s.caseId) : undefined,
        cause,
      );
    }
    if (decision.kind === 'NOTICE') {
      const affected = decision.affectedCaseIds.filter(
        (id) => this.subCase(id).state === 'CORRECTION_REQUIRED',
      );
      const notice: NoticeRecord = {
        noticeId: newId(),
        round: round.round,
        deficiencies: decision.deficiencies.filter((d) => affected.includes(d.caseId)),
        affectedCaseIds: affected,
        issuedAt: this.now.toISOString(),
      };
      round.noticeId = notice.noticeId;
      if (affected.length > 0) {
        this.state.notices.push(notice);
        this.emit(
          'intake.correction.notice-issued',
          {
            noticeId: notice.noticeId,
            deficiencies: notice.deficiencies,
            affectedCaseIds: notice.affectedCaseIds,
          },
          cause,
        );
      }
    }
    this.runSaga(cause);
  }

  /** The applicant answers a notice, once: affected sub-cases resume and go back to verification. */
  submitCorrection(noticeId: string, materials: SubmittedMaterial[], cause: Cause): void {
    const notice = this.state.notices.find((n) => n.noticeId === noticeId);
    if (!notice)
      throw new NotFoundError('CORRECTION.UNKNOWN_NOTICE', {
        zh: `补正告知 ${noticeId} 不存在`,
        en: `Correction notice ${noticeId} not found`,
      });
    if (notice.answeredAt)
      throw new ConflictError('CORRECTION.ALREADY_SUBMITTED', {
        zh: '该补正告知已答复，不能重复提交',
        en: 'This correction notice has already been answered',
      });
    const resuming = notice.affectedCaseIds
      .map((id) => this.subCase(id))
      .filter((s) => s.state === 'CORRECTION_REQUIRED');
    if (resuming.length === 0)
      throw new ConflictError('CORRECTION.NOTHING_TO_CORRECT', {
        zh: '没有待补正的子事项',
        en: 'No sub-case awaits this correction',
      });
    notice.answeredAt = this.now.toISOString();
    const byCode = new Map(this.state.materials.map((m) => [m.materialCode, m]));
    for (const m of materials) byCode.set(m.materialCode, m);
    this.state.materials = [...byCode.values()];
    const roundNo = Math.max(...this.state.rounds.map((r) => r.round)) + 1;
    this.state.rounds.push({
      round: roundNo,
      expectedCaseIds: resuming.map((s) => s.caseId),
      assessments: [],
      deferrals: [],
      concluded: false,
    });
    this.emit('intake.correction.submitted', { noticeId, materials }, cause);
    for (const s of resuming) {
      this.move(s, 'VERIFYING', undefined, cause);
      s.round = roundNo;
      this.requestVerification(s, cause);
    }
  }

  /** The linked registration process answered: COMPLETED or DENIED; repeated answers change nothing. */
  dispatchResult(
    caseId: string,
    outcome: 'COMPLETED' | 'DENIED',
    reason: Reason | undefined,
    cause: Cause,
  ): 'APPLIED' | 'ALREADY' {
    const s = this.subCase(caseId);
    if (s.state === outcome) return 'ALREADY';
    if (s.state !== 'PROCESSING') {
      throw new ConflictError('DISPATCH.NOT_PROCESSING', {
        zh: `子事项 ${caseId} 当前不在办理中`,
        en: `Sub-case ${caseId} is not being processed`,
      });
    }
    this.move(s, outcome, reason, cause);
    this.runSaga(cause);
    return 'APPLIED';
  }

  markDispatched(caseId: string, dispatchKey: string, attempt: number, cause: Cause): boolean {
    const s = this.subCase(caseId);
    if (s.dispatch || s.state !== 'PROCESSING') return false;
    s.dispatch = { dispatchKey, attempt, dispatchedAt: this.now.toISOString() };
    this.emit(
      'intake.subcase.dispatched',
      { caseId, authority: s.authority, dispatchKey, attempt },
      cause,
      caseId,
    );
    return true;
  }

  /** commitment.breach.declared: the sub-case handled under a commitment is revoked; dependents follow. */
  revoke(caseId: string, reason: Reason, cause: Cause): boolean {
    const s = this.state.subCases.find((c) => c.caseId === caseId);
    // Only a sub-case handled under a commitment and still standing (open or completed) can be revoked.
    const standing = s !== undefined && (s.state === 'COMPLETED' || !isTerminal(s.state));
    if (!s || !standing) return false;
    if (!s.viaCommitment) {
      // Not (yet) on the commitment path as far as intake knows: keep the breach until it is.
      if (s.pendingRevocation) return false;
      s.pendingRevocation = reason;
      return true;
    }
    this.move(s, 'REVOKED', reason, cause);
    this.runSaga(cause);
    return true;
  }

  withdraw(cause: Cause, note?: string): string[] {
    if (this.state.withdrawn)
      throw new ConflictError('APPLICATION.ALREADY_WITHDRAWN', {
        zh: '申请已撤回',
        en: 'The application was already withdrawn',
      });
    const open = this.state.subCases.filter((s) => !isTerminal(s.state));
    if (open.length === 0)
      throw new ConflictError('APPLICATION.ALREADY_CONCLUDED', {
        zh: '所有子事项均已办结，不能撤回',
        en: 'Every sub-case has concluded; nothing to withdraw',
      });
    const reason: Reason = note ? { ...CANCEL_ON_WITHDRAW, note } : CANCEL_ON_WITHDRAW;
    for (const s of open) this.move(s, 'CANCELLED', reason, cause);
    this.state.withdrawn = true;
    this.emit('intake.application.withdrawn', { reason, cancelledCaseIds: open.map((s) => s.caseId) }, cause);
    return open.map((s) => s.caseId);
  }

  /** The fan-out saga, run to a fixed point: wait, proceed (then dispatch) or cancel dependents. */
  private runSaga(cause: Cause): void {
    for (let pass = 0; pass < this.state.subCases.length + 1; pass++) {
      const decisions = sagaDecisions(this.state.subCases);
      if (decisions.length === 0) return;
      for (const d of decisions) {
        const s = this.state.subCases.find((c) => c.key === d.caseKey);
        if (!s) continue;
        if (d.kind === 'CANCEL') this.move(s, 'CANCELLED', d.reason, cause);
        else this.move(s, d.to, undefined, cause);
        if (d.kind === 'PROCEED') this.toDispatch.push(s.caseId);
      }
    }
  }

  private move(s: SubCaseRecord, to: SubCaseStateName, reason: Reason | undefined, cause: Cause): void {
    const from = s.state;
    const { subCase } = transition(s, to, reason, this.now);
    s.state = subCase.state;
    s.viaCommitment = subCase.viaCommitment;
    const at = this.now.toISOString();
    if (to === 'CORRECTION_REQUIRED') s.pauses.push({ from: at });
    if (from === 'CORRECTION_REQUIRED') for (const p of s.pauses) if (!p.to) p.to = at;
    if (reason) s.lastReason = reason;
    let clock:
      { elapsedWorkingDays: number; pausedWorkingDays: number; promisedTimeLimitDays: number } | undefined;
    if (isTerminal(to)) {
      for (const p of s.pauses) if (!p.to) p.to = at;
      s.concludedAt = at;
      const t = timeLimitOf(s, this.calendar, this.now);
      clock = {
        elapsedWorkingDays: t.elapsedWorkingDays,
        pausedWorkingDays: t.pausedWorkingDays,
        promisedTimeLimitDays: s.promisedTimeLimitDays,
      };
    }
    this.emit(
      'intake.subcase.transitioned',
      {
        caseId: s.caseId,
        itemCode: s.itemCode,
        authority: s.authority,
        from,
        to,
        ...(reason ? { reason } : {}),
        ...(clock ?? {}),
      },
      cause,
      s.caseId,
    );
    if (to === 'ACCEPTED_WITH_DEFERRAL' && s.pendingRevocation) {
      const pending = s.pendingRevocation;
      delete s.pendingRevocation;
      this.move(s, 'REVOKED', pending, cause);
    }
  }

  private requestVerification(s: SubCaseRecord, cause: Cause): void {
    const codes = new Set(s.materials.map((m) => m.code));
    this.emit(
      'intake.subcase.verification-requested',
      {
        caseId: s.caseId,
        round: s.round,
        itemCode: s.itemCode,
        authority: s.authority,
        uscc: this.state.uscc,
        enterpriseName: this.state.enterpriseName,
        ...(s.asset ? { asset: s.asset } : {}),
        legalRepresentative: this.state.legalRepresentative,
        formValues: this.state.formValues,
        materials: s.materials,
        submitted: this.state.materials.filter((m) => codes.has(m.materialCode)),
        commitmentSigned: this.state.commitment !== undefined && s.commitmentAllowed,
        commitmentAllowed: s.commitmentAllowed,
        ...(this.state.commitment && s.commitmentAllowed ? { commitment: this.state.commitment } : {}),
        postHocSamplingRateBasisPoints: s.postHocSamplingRateBasisPoints,
      },
      cause,
      s.caseId,
    );
  }

  private emit<T extends EventType>(type: T, payload: PayloadOf<T>, cause: Cause, caseId?: string): void {
    this.events.push(
      createEvent(type, payload, {
        producer: PRODUCER,
        applicationId: this.state._id,
        ...(caseId ? { caseId } : {}),
        actor: cause.actor,
        ...(cause.correlationId ? { correlationId: cause.correlationId } : {}),
        ...(cause.causationId ? { causationId: cause.causationId } : {}),
        occurredAt: this.now,
      }) as TypedEnvelope,
    );
  }
}

function caseIdOfKey(subCases: readonly SubCaseRecord[], key: string): string {
  return subCases.find((s) => s.key === key)?.caseId ?? key;
}

function rejectionReason(round: RoundRecord, caseId: string): Reason {
  const d = round.assessments.find((a) => a.caseId === caseId)?.deficiencies[0];
  return {
    code: 'VERIFICATION.REJECTED',
    text: d
      ? { zh: `不予受理：${d.reason.zh}`, en: `Rejected: ${d.reason.en}` }
      : { zh: '经核验不予受理', en: 'Rejected after verification' },
  };
}

export interface TimeLimit {
  dueDate: string;
  elapsedWorkingDays: number;
  pausedWorkingDays: number;
  workingDaysLeft: number;
  overdue: boolean;
  clockPaused: boolean;
}

/** 限时办结: working days used, paused, left, and the due date of the promised limit. */
export function timeLimitOf(
  s: Pick<SubCaseRecord, 'openedAt' | 'pauses' | 'concludedAt' | 'promisedTimeLimitDays'>,
  calendar: WorkingDayCalendar,
  now: Date,
): TimeLimit {
  const start = new Date(s.openedAt);
  const until = s.concludedAt ? new Date(s.concludedAt) : now;
  const pauses = s.pauses.map((p) => ({ from: new Date(p.from), ...(p.to ? { to: new Date(p.to) } : {}) }));
  const elapsed = calendar.workingDaysElapsed(start, until, pauses);
  const gross = calendar.workingDaysElapsed(start, until, []);
  const left = s.promisedTimeLimitDays - elapsed;
  return {
    dueDate: calendar.dueDate(start, s.promisedTimeLimitDays, pauses, until),
    elapsedWorkingDays: elapsed,
    pausedWorkingDays: gross - elapsed,
    workingDaysLeft: Math.max(0, left),
    overdue: elapsed > s.promisedTimeLimitDays,
    clockPaused: s.pauses.some((p) => !p.to),
  };
}
