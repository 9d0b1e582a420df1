import type { ArchivedEvent } from '@app/audit-chain';
import { replay, type ApplicationView, type SubCaseHistoryEntry } from '@app/case-lifecycle';
import { isEventType, type SubCaseStateName, type TypedEnvelope } from '@app/contracts';

export interface SubCaseStateAt {
  caseId: string;
  key: string;
  itemCode: string;
  authority: string;
  state: SubCaseStateName;
  history: SubCaseHistoryEntry[];
}

export interface StateAt {
  applicationId: string;
  at: string;
  /** Archived events that occurred at or before `at` (all types, including ones the view ignores). */
  eventsConsidered: number;
  application: ApplicationView | null;
  subCases: SubCaseStateAt[];
}

/** Archived events as the typed envelopes the shared reducers take (types unknown to this build are skipped). */
export function typedEvents(entries: readonly ArchivedEvent[]): TypedEnvelope[] {
  const out: TypedEnvelope[] = [];
  for (const e of entries) if (isEventType(e.event.type)) out.push(e.event as TypedEnvelope);
  return out;
}

/**
 * The application and each sub-case as they stood at `at`, rebuilt with `replay` from
 * @app/case-lifecycle — the very fold intake uses for its live state — over the archive's order.
 */
export function stateAt(applicationId: string, entries: readonly ArchivedEvent[], at: Date): StateAt {
  const events = typedEvents(entries);
  const view = replay(events, at) ?? null;
  const limit = at.getTime();
  return {
    applicationId,
    at: at.toISOString(),
    eventsConsidered: events.filter((e) => Date.parse(e.occurredAt) <= limit).length,
    application: view,
    subCases: view
      ? Object.values(view.subCases).map((s) => ({
          caseId: s.caseId,
          key: s.key,
          itemCode: s.itemCode,
          authority: s.authority,
          state: s.state,
          history: s.history,
        }))
      : [],
  };
}
