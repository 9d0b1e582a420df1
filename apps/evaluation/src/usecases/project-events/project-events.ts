import type { TypedEnvelope } from '@app/contracts';
import { KPI_EVENT_TYPES } from '../compute-kpis/compute-kpis';
import type { CaseProjection, KpiEventStore } from '../ports';
import type { EnsureTicket } from '../progress-rectification/progress-rectification';

const KPI_TYPES: ReadonlySet<string> = new Set(KPI_EVENT_TYPES);

export function isKpiEvent(event: TypedEnvelope): boolean {
  return KPI_TYPES.has(event.type);
}

/**
 * What the service learns from the event streams: a raw copy of every KPI-relevant event, case
 * ownership and conclusion for rating eligibility, and our own OPENED events (to repair a ticket).
 * Every step is idempotent, so a redelivered event changes nothing.
 */
export class ProjectEvents {
  constructor(
    private readonly kpiEvents: KpiEventStore,
    private readonly cases: CaseProjection,
    private readonly ensureTicket: EnsureTicket,
  ) {}

  async handle(event: TypedEnvelope): Promise<void> {
    if (isKpiEvent(event)) await this.kpiEvents.append(event);
    switch (event.type) {
      case 'intake.application.filed':
        await this.cases.recordFiled(event);
        break;
      case 'intake.subcase.transitioned':
        await this.cases.recordTransition(event);
        break;
      case 'evaluation.rectification.progressed':
        await this.ensureTicket.execute(event);
        break;
      default:
        break;
    }
  }
}
