export {
  addYearsCst,
  CREDIT_POLICY,
  creditRecordFor,
  isActive,
  type CreditPolicyEntry,
  type CreditRecordTerms,
  type CreditSeverity,
} from './credit';
export {
  extendDueDate,
  obligationDueDate,
  reminderDates,
  type DeadlineCalendar,
  type ExtendedDueDate,
} from './deadlines';
export {
  deferralEligibility,
  type DeferralEligibility,
  type DeferralEligibilityInput,
  type DeferralRefusalCode,
  type MissingMaterial,
} from './eligibility';
export {
  allowedActions,
  applyObligationAction,
  isTerminal,
  OBLIGATION_ACTION_LABELS,
  OBLIGATION_STATE_LABELS,
  openObligation,
  type Obligation,
  type ObligationAction,
  type ObligationActionKind,
  type ObligationEffect,
  type ObligationState,
  type ObligationTransition,
  type SubmittedSupplement,
  type SupplementDecider,
} from './obligation';
export {
  BASIS_POINTS,
  isSampled,
  samplingDraw,
  samplingWeight,
  type SamplingInput,
  type SamplingResult,
} from './sampling';
