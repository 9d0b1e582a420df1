import { canonicalJson, type ArchivedEvent } from '@app/audit-chain';
import type { EventEnvelope } from '@app/contracts';

/**
 * One archive entry as stored. The event is kept as its canonical JSON text rather than as a nested
 * document: payloads may carry user-chosen keys (form values) that a MongoDB-compatible store refuses
 * as field names, and the text is exactly what was hashed. The other fields are copies for querying.
 */
export interface StoredEntry {
  eventId: string;
  applicationId: string;
  sequence: number;
  previousHash: string;
  hash: string;
  eventJson: string;
  type: string;
  occurredAt: string;
  archivedAt: string;
}

/** The recorded end of an application's chain, kept apart from the entries so a dropped tail shows. */
export interface ChainHead {
  applicationId: string;
  sequence: number;
  hash: string;
}

export function toStored(entry: ArchivedEvent, archivedAt: Date): StoredEntry {
  return {
    eventId: entry.event.id,
    applicationId: entry.applicationId,
    sequence: entry.sequence,
    previousHash: entry.previousHash,
    hash: entry.hash,
    eventJson: canonicalJson(entry.event),
    type: entry.event.type,
    occurredAt: entry.event.occurredAt,
    archivedAt: archivedAt.toISOString(),
  };
}

/**
 * Back to the chain's shape. Text that no longer parses (tampered) becomes a stand-in that can never
 * hash to the stored hash, so verification names this entry as EDITED instead of crashing.
 */
export function toArchived(stored: StoredEntry): ArchivedEvent {
  let event: EventEnvelope;
  try {
    event = JSON.parse(stored.eventJson) as EventEnvelope;
  } catch {
    event = {
      id: stored.eventId,
      applicationId: stored.applicationId,
      unreadable: stored.eventJson,
    } as unknown as EventEnvelope;
  }
  return {
    applicationId: stored.applicationId,
    sequence: stored.sequence,
    event,
    previousHash: stored.previousHash,
    hash: stored.hash,
  };
}

export function headOf(entry: { applicationId: string; sequence: number; hash: string }): ChainHead {
  return { applicationId: entry.applicationId, sequence: entry.sequence, hash: entry.hash };
}
