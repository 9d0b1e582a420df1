import {
  computeKpis,
  EvaluationRuleError,
  type KpiCalendar,
  type KpiGroupBy,
  type KpiRow,
} from '@app/evaluation-rules';
import { EvaluationErrors } from '../../domain/errors';
import type { KpiEventStore } from '../ports';

export const KPI_EVENT_TYPES = [
  'intake.application.filed',
  'intake.subcase.verification-requested',
  'intake.subcase.transitioned',
  'verification.assessment.completed',
  'commitment.deferral.granted',
  'commitment.obligation.fulfilled',
  'commitment.breach.declared',
  'commitment.posthoc.sampled',
  'commitment.posthoc.concluded',
  'evaluation.rating.submitted',
  'evaluation.appeal.progressed',
  'evaluation.rectification.progressed',
] as const;

const MAX_PERIOD_MS = 10 * 366 * 24 * 60 * 60 * 1000;

export interface KpiReport {
  from: string;
  to: string;
  groupBy: KpiGroupBy;
  rows: KpiRow[];
}

/** KPIs over any period, folded from the raw event copies (see computeKpis for the counting rule). */
export class ComputeKpis {
  constructor(
    private readonly events: KpiEventStore,
    private readonly calendar: KpiCalendar,
  ) {}

  async execute(from: Date, to: Date, groupBy: KpiGroupBy): Promise<KpiReport> {
    // The same period check computeKpis makes (KPI.INVALID_PERIOD), before loading anything.
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from.getTime() >= to.getTime()) {
      throw new EvaluationRuleError('KPI.INVALID_PERIOD', {
        zh: '统计期间无效：开始时间必须早于结束时间',
        en: 'Invalid KPI period: `from` must be before `to`',
      });
    }
    if (to.getTime() - from.getTime() > MAX_PERIOD_MS) throw EvaluationErrors.kpiPeriodTooLong();
    const events = await this.events.before(to);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      rows: computeKpis(events, { from, to }, groupBy, this.calendar),
    };
  }
}
