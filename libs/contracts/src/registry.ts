import 'reflect-metadata';
import { ArchiveReadV1 } from './events/audit';
import {
  BreachDeclaredV1,
  CreditRecordedV1,
  DeferralEndedV1,
  DeferralGrantedV1,
  DeferralRefusedV1,
  ObligationFulfilledV1,
  ObligationReminderIssuedV1,
  ObligationUpdatedV1,
  PostHocConcludedV1,
  PostHocSampledV1,
  SupplementSubmittedV1,
} from './events/commitment';
import {
  AppealProgressedV1,
  RatingSubmittedV1,
  RatingSupplementedV1,
  RectificationProgressedV1,
} from './events/evaluation';
import {
  ApplicationFiledV1,
  ApplicationWithdrawnV1,
  CorrectionNoticeIssuedV1,
  CorrectionSubmittedV1,
  SubCaseDispatchedV1,
  SubCaseTransitionedV1,
  VerificationRequestedV1,
} from './events/intake';
import { ProbeRecordedV1 } from './events/probe';
import { AssessmentCompletedV1, SupplementCheckedV1 } from './events/verification';
import { LocalizedText } from './errors';

/**
 * Logical topic names, versioned. Never rename one in place: add `.v2` and keep `.v1` readable,
 * because the audit archive and replay must still read old events. The physical name may carry a
 * per-environment prefix (see `physicalTopic`) so test runs do not see each other.
 */
export const TOPICS = {
  intake: 'ipw.intake.events.v1',
  verification: 'ipw.verification.events.v1',
  commitment: 'ipw.commitment.events.v1',
  evaluation: 'ipw.evaluation.events.v1',
  audit: 'ipw.audit.events.v1',
  platform: 'ipw.platform.events.v1',
  deadLetter: 'ipw.dead-letter.v1',
} as const;
export type TopicKey = keyof typeof TOPICS;
export type LogicalTopic = (typeof TOPICS)[TopicKey];
export const BUSINESS_TOPICS: LogicalTopic[] = [
  TOPICS.intake,
  TOPICS.verification,
  TOPICS.commitment,
  TOPICS.evaluation,
  TOPICS.audit,
];

/** Prefix from the environment (validated config sets KAFKA_TOPIC_PREFIX; default none). */
export function physicalTopic(logical: LogicalTopic, prefix = process.env.KAFKA_TOPIC_PREFIX ?? ''): string {
  return `${prefix}${logical}`;
}
export function logicalTopic(physical: string, prefix = process.env.KAFKA_TOPIC_PREFIX ?? ''): string {
  return prefix && physical.startsWith(prefix) ? physical.slice(prefix.length) : physical;
}

/**
 * The type map: binds each event type to its current payload class. `publish<T>(type, payload:
 * PayloadOf<T>)` makes a wrong payload for a type a compile error.
 */
export interface EventMap {
  'intake.application.filed': ApplicationFiledV1;
  'intake.subcase.verification-requested': VerificationRequestedV1;
  'intake.subcase.transitioned': SubCaseTransitionedV1;
  'intake.correction.notice-issued': CorrectionNoticeIssuedV1;
  'intake.correction.submitted': CorrectionSubmittedV1;
  'intake.subcase.dispatched': SubCaseDispatchedV1;
  'intake.application.withdrawn': ApplicationWithdrawnV1;
  'verification.assessment.completed': AssessmentCompletedV1;
  'verification.supplement.checked': SupplementCheckedV1;
  'commitment.deferral.granted': DeferralGrantedV1;
  'commitment.deferral.refused': DeferralRefusedV1;
  'commitment.deferral.ended': DeferralEndedV1;
  'commitment.obligation.reminder-issued': ObligationReminderIssuedV1;
  'commitment.obligation.supplement-submitted': SupplementSubmittedV1;
  'commitment.obligation.fulfilled': ObligationFulfilledV1;
  'commitment.obligation.updated': ObligationUpdatedV1;
  'commitment.breach.declared': BreachDeclaredV1;
  'commitment.credit.recorded': CreditRecordedV1;
  'commitment.posthoc.sampled': PostHocSampledV1;
  'commitment.posthoc.concluded': PostHocConcludedV1;
  'evaluation.rating.submitted': RatingSubmittedV1;
  'evaluation.rating.supplemented': RatingSupplementedV1;
  'evaluation.rectification.progressed': RectificationProgressedV1;
  'evaluation.appeal.progressed': AppealProgressedV1;
  'audit.archive.read': ArchiveReadV1;
  'platform.probe.recorded': ProbeRecordedV1;
}
export type EventType = keyof EventMap;
export type PayloadOf<T extends EventType> = EventMap[T];

type PayloadClass = new () => object;

export interface EventDefinition {
  type: EventType;
  topic: LogicalTopic;
  /** Current version; older versions stay in `versions` so replay can read them. */
  version: number;
  versions: Record<number, PayloadClass>;
  summary: LocalizedText;
}

function def<T extends EventType>(
  type: T,
  topic: LogicalTopic,
  payload: new () => EventMap[T],
  summary: LocalizedText,
): EventDefinition {
  return { type, topic, version: 1, versions: { 1: payload }, summary };
}

export const EVENT_DEFINITIONS: Record<EventType, EventDefinition> = {
  'intake.application.filed': def('intake.application.filed', TOPICS.intake, ApplicationFiledV1, {
    zh: '一件事申请已提交并拆分为子事项',
    en: 'Bundled application filed and fanned out into sub-cases',
  }),
  'intake.subcase.verification-requested': def(
    'intake.subcase.verification-requested',
    TOPICS.intake,
    VerificationRequestedV1,
    { zh: '子事项请求材料核验', en: 'Sub-case asks for material verification' },
  ),
  'intake.subcase.transitioned': def('intake.subcase.transitioned', TOPICS.intake, SubCaseTransitionedV1, {
    zh: '子事项状态变更',
    en: 'Sub-case changed state',
  }),
  'intake.correction.notice-issued': def(
    'intake.correction.notice-issued',
    TOPICS.intake,
    CorrectionNoticeIssuedV1,
    { zh: '一次性补正告知已发出', en: 'Consolidated correction notice issued' },
  ),
  'intake.correction.submitted': def('intake.correction.submitted', TOPICS.intake, CorrectionSubmittedV1, {
    zh: '申请人已提交补正材料',
    en: 'Applicant submitted the correction',
  }),
  'intake.subcase.dispatched': def('intake.subcase.dispatched', TOPICS.intake, SubCaseDispatchedV1, {
    zh: '子事项已推送至关联登记系统',
    en: 'Sub-case dispatched to the linked registration process',
  }),
  'intake.application.withdrawn': def('intake.application.withdrawn', TOPICS.intake, ApplicationWithdrawnV1, {
    zh: '申请已撤回',
    en: 'Application withdrawn',
  }),
  'verification.assessment.completed': def(
    'verification.assessment.completed',
    TOPICS.verification,
    AssessmentCompletedV1,
    { zh: '材料核验结论', en: 'Material assessment completed' },
  ),
  'verification.supplement.checked': def(
    'verification.supplement.checked',
    TOPICS.verification,
    SupplementCheckedV1,
    { zh: '补交材料核验结论', en: 'Supplemented material checked' },
  ),
  'commitment.deferral.granted': def('commitment.deferral.granted', TOPICS.commitment, DeferralGrantedV1, {
    zh: '容缺受理，已生成补交义务',
    en: 'Deferral granted with obligations',
  }),
  'commitment.deferral.refused': def('commitment.deferral.refused', TOPICS.commitment, DeferralRefusedV1, {
    zh: '不予容缺，需补正',
    en: 'Deferral refused; correction required',
  }),
  'commitment.deferral.ended': def('commitment.deferral.ended', TOPICS.commitment, DeferralEndedV1, {
    zh: '容缺材料已全部补齐',
    en: 'All deferred materials supplied',
  }),
  'commitment.obligation.reminder-issued': def(
    'commitment.obligation.reminder-issued',
    TOPICS.commitment,
    ObligationReminderIssuedV1,
    { zh: '补交材料到期提醒', en: 'Deferred material reminder' },
  ),
  'commitment.obligation.supplement-submitted': def(
    'commitment.obligation.supplement-submitted',
    TOPICS.commitment,
    SupplementSubmittedV1,
    { zh: '申请人补交容缺材料', en: 'Applicant supplemented a deferred material' },
  ),
  'commitment.obligation.fulfilled': def(
    'commitment.obligation.fulfilled',
    TOPICS.commitment,
    ObligationFulfilledV1,
    { zh: '补交义务已履行', en: 'Obligation fulfilled' },
  ),
  'commitment.obligation.updated': def(
    'commitment.obligation.updated',
    TOPICS.commitment,
    ObligationUpdatedV1,
    {
      zh: '补交义务变更（重交、延期、不予认可）',
      en: 'Obligation updated (resubmission, extension, refusal)',
    },
  ),
  'commitment.breach.declared': def('commitment.breach.declared', TOPICS.commitment, BreachDeclaredV1, {
    zh: '认定违反承诺',
    en: 'Commitment breach declared',
  }),
  'commitment.credit.recorded': def('commitment.credit.recorded', TOPICS.commitment, CreditRecordedV1, {
    zh: '记录失信信息',
    en: 'Credit record written',
  }),
  'commitment.posthoc.sampled': def('commitment.posthoc.sampled', TOPICS.commitment, PostHocSampledV1, {
    zh: '抽中事后核查',
    en: 'Sampled for post-hoc verification',
  }),
  'commitment.posthoc.concluded': def('commitment.posthoc.concluded', TOPICS.commitment, PostHocConcludedV1, {
    zh: '事后核查结论',
    en: 'Post-hoc verification concluded',
  }),
  'evaluation.rating.submitted': def('evaluation.rating.submitted', TOPICS.evaluation, RatingSubmittedV1, {
    zh: '好差评已提交',
    en: 'Rating submitted',
  }),
  'evaluation.rating.supplemented': def(
    'evaluation.rating.supplemented',
    TOPICS.evaluation,
    RatingSupplementedV1,
    { zh: '追加评价', en: 'Rating follow-up added' },
  ),
  'evaluation.rectification.progressed': def(
    'evaluation.rectification.progressed',
    TOPICS.evaluation,
    RectificationProgressedV1,
    { zh: '差评整改进展', en: 'Rectification progressed' },
  ),
  'evaluation.appeal.progressed': def('evaluation.appeal.progressed', TOPICS.evaluation, AppealProgressedV1, {
    zh: '恶意差评申诉进展',
    en: 'Malicious-rating appeal progressed',
  }),
  'audit.archive.read': def('audit.archive.read', TOPICS.audit, ArchiveReadV1, {
    zh: '审计人员查阅档案',
    en: 'Auditor read the archive',
  }),
  'platform.probe.recorded': def('platform.probe.recorded', TOPICS.platform, ProbeRecordedV1, {
    zh: '平台探针事件',
    en: 'Platform probe event',
  }),
};

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_DEFINITIONS, type);
}

/** A typed envelope: narrowing on `type` narrows `payload`. */
export type TypedEnvelope<T extends EventType = EventType> = {
  [K in T]: import('./envelope').EventEnvelope<EventMap[K]> & { type: K };
}[T];
