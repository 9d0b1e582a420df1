import { Injectable, Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import {
  DomainError,
  EventType,
  logicalTopic,
  parseEnvelope,
  physicalTopic,
  TOPICS,
  TypedEnvelope,
} from '@app/contracts';
import { PlatformConfig } from '@app/config';
import { deadLettersTotal, eventHandlerDuration, withLogContext } from '@app/observability';
import { KafkaEventPublisher } from './publisher';

/** Handlers keyed by event type; the payload type follows from the key. */
export type EventHandlers = { [T in EventType]?: (event: TypedEnvelope<T>) => Promise<void> };

/**
 * A failure that retrying cannot fix (the message or its meaning is wrong): dead-letter it at once.
 * Any other error is treated as transient and retried a bounded, persisted number of times.
 */
export class PermanentFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

export interface DeadLetter {
  deadLetteredAt: string;
  consumerGroup: string;
  error: { code: string; message: string; violations?: unknown; attempts: number };
  origin: {
    topic: string;
    logicalTopic: string;
    partition: number;
    offset: string;
    key: string | null;
    headers: Record<string, string>;
  };
  eventId?: string;
  eventType?: string;
  /** The original value as UTF-8 text (or base64 when not valid UTF-8), so it can be re-published. */
  value: string;
  valueEncoding: 'utf8' | 'base64';
}

function headersOf(ctx: KafkaContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.getMessage().headers ?? {}))
    if (v !== undefined && v !== null) out[k] = Buffer.isBuffer(v) ? v.toString() : String(v);
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The one consumer wrapper: validates the envelope and payload itself (never a ValidationPipe
 * throwing inside an event handler), dispatches by type, dead-letters permanent failures, and
 * retries transient ones with a persisted attempt count so a crash-loop cannot retry forever.
 */
@Injectable()
export class EventInbox {
  private readonly logger = new Logger(EventInbox.name);
  deadLettered = 0;
  handled = 0;

  constructor(
    private readonly config: PlatformConfig,
    private readonly publisher: KafkaEventPublisher,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  async handle(
    raw: unknown,
    ctx: KafkaContext,
    consumerGroup: string,
    handlers: EventHandlers,
  ): Promise<void> {
    const message = ctx.getMessage();
    let event: TypedEnvelope;
    try {
      event = parseEnvelope(raw);
    } catch (e) {
      await this.deadLetter(raw, ctx, consumerGroup, e, 1);
      return;
    }
    const handler = handlers[event.type] as ((e: TypedEnvelope) => Promise<void>) | undefined;
    if (!handler) return; // a type this consumer does not act on: nothing to do
    const timer = eventHandlerDuration.startTimer({ type: event.type });
    try {
      // Every log line written while handling the event names it and its correlation id.
      await withLogContext(
        { eventId: event.id, eventType: event.type, correlationId: event.correlationId },
        () => handler(event),
      );
      this.handled++;
      timer({ outcome: 'ok' });
    } catch (e) {
      timer({ outcome: 'error' });
      if (e instanceof PermanentFailure || (e instanceof DomainError && e.kind !== 'UNAVAILABLE')) {
        await this.deadLetter(raw, ctx, consumerGroup, e, 1, event);
        return;
      }
      // A re-published dead letter starts a fresh attempt budget (it was fixed, or it is a new try).
      const republished = headersOf(ctx)['republished-from-dlq'];
      const attempts = await this.countAttempt(
        consumerGroup,
        republished ? `${event.id}@${republished}` : event.id,
      );
      if (attempts >= this.config.CONSUMER_MAX_ATTEMPTS) {
        await this.deadLetter(raw, ctx, consumerGroup, e, attempts, event);
        return;
      }
      this.logger.warn(
        `transient failure on ${event.type} ${event.id} (attempt ${attempts}, offset ${message.offset}): ${String(e)}`,
      );
      await sleep(this.config.CONSUMER_RETRY_BACKOFF_MS * 2 ** (attempts - 1));
      throw e; // kafkajs redelivers the same offset
    }
  }

  private async countAttempt(group: string, eventId: string): Promise<number> {
    const res = await this.connection
      .collection<{ _id: string; attempts: number }>('consumer_attempts')
      .findOneAndUpdate(
        { _id: `${group}:${eventId}` },
        { $inc: { attempts: 1 }, $set: { at: new Date() } },
        { upsert: true, returnDocument: 'after' },
      );
    return res?.attempts ?? 1;
  }

  private async deadLetter(
    raw: unknown,
    ctx: KafkaContext,
    group: string,
    error: unknown,
    attempts: number,
    event?: TypedEnvelope,
  ): Promise<void> {
    const message = ctx.getMessage();
    const buffer = Buffer.isBuffer(raw)
      ? raw
      : Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw ?? null));
    const text = buffer.toString('utf8');
    const isUtf8 = Buffer.from(text, 'utf8').equals(buffer);
    const code =
      error instanceof DomainError || error instanceof PermanentFailure
        ? error.code
        : 'CONSUMER.HANDLER_FAILED';
    const letter: DeadLetter = {
      deadLetteredAt: new Date().toISOString(),
      consumerGroup: group,
      error: {
        code,
        message: error instanceof Error ? error.message : String(error),
        violations: error instanceof DomainError ? error.violations : undefined,
        attempts,
      },
      origin: {
        topic: ctx.getTopic(),
        logicalTopic: logicalTopic(ctx.getTopic(), this.config.KAFKA_TOPIC_PREFIX),
        partition: ctx.getPartition(),
        offset: message.offset,
        key: message.key === null || message.key === undefined ? null : String(message.key),
        headers: headersOf(ctx),
      },
      eventId: event?.id,
      eventType: event?.type,
      value: isUtf8 ? text : buffer.toString('base64'),
      valueEncoding: isUtf8 ? 'utf8' : 'base64',
    };
    await this.publisher.sendRaw(physicalTopic(TOPICS.deadLetter, this.config.KAFKA_TOPIC_PREFIX), [
      {
        key: letter.origin.key,
        value: JSON.stringify(letter),
        headers: { 'dead-letter-code': code, 'consumer-group': group },
      },
    ]);
    this.deadLettered++;
    deadLettersTotal.inc({ code });
    this.logger.error(
      `dead-lettered ${letter.origin.topic}@${letter.origin.partition}:${letter.origin.offset} (${code}) for ${group}`,
    );
  }
}

/** Filter + update that make an aggregate change apply once per event (no transaction needed). */
export function onceFor(eventId: string): { filter: Record<string, unknown>; push: Record<string, unknown> } {
  return { filter: { appliedEvents: { $ne: eventId } }, push: { appliedEvents: eventId } };
}
