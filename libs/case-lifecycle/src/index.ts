/**
 * Sub-case lifecycle of a bundled application: the state machine, the application status derived
 * from it, the fan-out saga, the consolidated correction decision and the event reducers shared by
 * intake's live state and the audit replay. Pure TypeScript: no clock, no I/O.
 */
export {
  SUB_CASE_STATE_LABELS,
  canTransition,
  isFailure,
  isSuccess,
  isTerminal,
  transition,
  type SubCaseTransition,
  type TransitionableSubCase,
} from './sub-case-state-machine';
export {
  APPLICATION_STATUSES,
  APPLICATION_STATUS_LABELS,
  deriveApplicationStatus,
  type ApplicationStatus,
} from './application-status';
export { sagaDecisions, type SagaDecision, type SagaSubCase } from './fan-out-saga';
export {
  correctionDecision,
  type CorrectionDecision,
  type DeferralDecision,
  type PendingCause,
  type RoundAssessment,
  type RoundOutcome,
  type VerificationRound,
} from './consolidated-correction';
export {
  FOLDED_EVENT_TYPES,
  reduceApplication,
  replay,
  type ApplicationView,
  type BreachView,
  type CreditRecordView,
  type NoticeView,
  type ObligationView,
  type RatingView,
  type SubCaseHistoryEntry,
  type SubCaseView,
} from './application-view';
export * from './testing/builders';
