import { monotonicFactory } from 'ulid';
import { Actor, EventEnvelope } from './envelope';
import { EVENT_DEFINITIONS, EventType, PayloadOf, TypedEnvelope } from './registry';

const nextUlid = monotonicFactory();
export function newId(): string {
  return nextUlid();
}

export interface EventContext {
  producer: string;
  applicationId: string;
  caseId?: string;
  actor: Actor;
  correlationId?: string;
  /** The event or request that caused this one. */
  causationId?: string;
  occurredAt?: Date;
  id?: string;
}

/** Builds an envelope; a payload of the wrong shape for `type` is a compile error. */
export function createEvent<T extends EventType>(
  type: T,
  payload: PayloadOf<T>,
  ctx: EventContext,
): TypedEnvelope<T> {
  const id = ctx.id ?? newId();
  const envelope: EventEnvelope<PayloadOf<T>> = {
    id,
    type,
    version: EVENT_DEFINITIONS[type].version,
    occurredAt: (ctx.occurredAt ?? new Date()).toISOString(),
    producer: ctx.producer,
    applicationId: ctx.applicationId,
    ...(ctx.caseId ? { caseId: ctx.caseId } : {}),
    correlationId: ctx.correlationId ?? id,
    causationId: ctx.causationId ?? id,
    actor: ctx.actor,
    payload: JSON.parse(JSON.stringify(payload)) as PayloadOf<T>,
  };
  return envelope as TypedEnvelope<T>;
}

/** Context for an event caused by another event: same correlation, causation = that event. */
export function causedBy(
  cause: { id: string; correlationId: string; applicationId: string },
  producer: string,
  actor: Actor,
  caseId?: string,
): EventContext {
  return {
    producer,
    applicationId: cause.applicationId,
    caseId,
    actor,
    correlationId: cause.correlationId,
    causationId: cause.id,
  };
}
