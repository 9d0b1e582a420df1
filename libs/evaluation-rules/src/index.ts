export { EvaluationRuleError } from './evaluation-error';
export {
  ALL_GROUP,
  computeKpis,
  UNRESOLVED_GROUP,
  type KpiCalendar,
  type KpiGroupBy,
  type KpiPeriod,
  type KpiRow,
} from './kpi';
export { displayWidth, formatKpiTable, KPI_METRICS } from './kpi-table';
export {
  isBadRating,
  isRatingScore,
  isSatisfiedRating,
  RATING_LABELS,
  RATING_SCORES,
  ratingLabel,
  type RatingScore,
} from './rating-scale';
