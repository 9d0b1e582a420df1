import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Producer } from 'kafkajs';
import { registerReadinessCheck } from '@app/observability';
import { EVENT_DEFINITIONS, EventEnvelope, isEventType, physicalTopic, TOPICS } from '@app/contracts';
import { PlatformConfig } from '@app/config';
import { createKafka } from './kafka';

export const MESSAGING_CONFIG = Symbol('MESSAGING_CONFIG');
export const MESSAGING_SERVICE = Symbol('MESSAGING_SERVICE');

export function eventHeaders(e: EventEnvelope): Record<string, string> {
  return {
    'event-id': e.id,
    'event-type': e.type,
    'correlation-id': e.correlationId,
    'causation-id': e.causationId,
  };
}

/**
 * Raw Kafka producer used only by the outbox relay and the dead-letter path: business code never
 * publishes directly, it appends events to its aggregate's outbox in the same write as the change.
 */
@Injectable()
export class KafkaEventPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaEventPublisher.name);
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  private admin?: Admin;
  private lastCheck?: { at: number; ok: boolean };

  constructor(
    private readonly config: PlatformConfig,
    private readonly service: string,
  ) {
    registerReadinessCheck('kafka', () => this.brokerReachable());
  }

  /** Readiness: the broker answers a metadata request (cached for a few seconds). */
  async brokerReachable(): Promise<boolean> {
    if (this.lastCheck && Date.now() - this.lastCheck.at < 5000) return this.lastCheck.ok;
    let ok = false;
    try {
      this.admin ??= createKafka(this.config, `${this.service}-health`).admin();
      await this.admin.connect();
      ok = (await this.admin.describeCluster()).brokers.length > 0;
    } catch {
      ok = false;
    }
    this.lastCheck = { at: Date.now(), ok };
    return ok;
  }

  private async ready(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const producer = createKafka(this.config, `${this.service}-producer`).producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      this.producer = producer;
      return producer;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** Publishes envelopes in order, keyed by applicationId; resolves when the broker acknowledged all. */
  async publish(envelopes: EventEnvelope[]): Promise<void> {
    if (!envelopes.length) return;
    const producer = await this.ready();
    const byTopic = new Map<string, EventEnvelope[]>();
    for (const e of envelopes) {
      const logical = isEventType(e.type) ? EVENT_DEFINITIONS[e.type].topic : TOPICS.platform;
      const topic = physicalTopic(logical, this.config.KAFKA_TOPIC_PREFIX);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), e]);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => ({
          key: e.applicationId,
          value: JSON.stringify(e),
          headers: eventHeaders(e),
        })),
      })),
    });
  }

  async sendRaw(
    topic: string,
    messages: Array<{ key: string | null; value: string | Buffer | null; headers?: Record<string, string> }>,
  ): Promise<void> {
    const producer = await this.ready();
    await producer.send({ topic, acks: -1, messages });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer
      ?.disconnect()
      .catch((e: unknown) => this.logger.warn(`producer disconnect: ${String(e)}`));
    await this.admin?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }
}
