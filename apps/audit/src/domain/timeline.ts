import type { ArchivedEvent } from '@app/audit-chain';
import { EVENT_DEFINITIONS, isEventType, type Actor, type LocalizedText } from '@app/contracts';

export interface TimelineItem {
  sequence: number;
  eventId: string;
  type: string;
  summary?: LocalizedText;
  occurredAt: string;
  producer: string;
  caseId?: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  /** The archived event that caused this one, when it is in this application's archive. */
  causedBy?: { eventId: string; sequence: number; type: string };
  /** Events of this archive that this one caused. */
  caused: string[];
  previousHash: string;
  hash: string;
}

/** The application's history across all services, in archive order, with actors and causation links. */
export function buildTimeline(entries: readonly ArchivedEvent[]): TimelineItem[] {
  const bySeq = new Map(entries.map((e) => [e.event.id, e] as const));
  const caused = new Map<string, string[]>();
  for (const entry of entries) {
    const cause = entry.event.causationId;
    if (cause !== entry.event.id && bySeq.has(cause))
      caused.set(cause, [...(caused.get(cause) ?? []), entry.event.id]);
  }
  return entries.map((entry) => {
    const event = entry.event;
    const cause = event.causationId !== event.id ? bySeq.get(event.causationId) : undefined;
    return {
      sequence: entry.sequence,
      eventId: event.id,
      type: event.type,
      ...(isEventType(event.type) ? { summary: EVENT_DEFINITIONS[event.type].summary } : {}),
      occurredAt: event.occurredAt,
      producer: event.producer,
      ...(event.caseId !== undefined ? { caseId: event.caseId } : {}),
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
      ...(cause
        ? { causedBy: { eventId: cause.event.id, sequence: cause.sequence, type: cause.event.type } }
        : {}),
      caused: caused.get(event.id) ?? [],
      previousHash: entry.previousHash,
      hash: entry.hash,
    };
  });
}
