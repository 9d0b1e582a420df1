import { KafkaOptions, Transport } from '@nestjs/microservices';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { PlatformConfig } from '@app/config';
import { observedGauge } from '@app/observability';

export function kafkaClientConfig(config: PlatformConfig, clientId: string): KafkaConfig {
  return {
    clientId,
    brokers: config.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
  };
}

export function createKafka(config: PlatformConfig, clientId: string): Kafka {
  return new Kafka(kafkaClientConfig(config, clientId));
}

/**
 * Options for `app.connectMicroservice()`: the Nest Kafka server consumes our topics. Handlers never
 * throw for bad input (the EventInbox dead-letters it), so one poison message cannot block a
 * partition; they rethrow only transient failures, bounded by a persisted attempt count.
 */
export function kafkaConsumerOptions(config: PlatformConfig, service: string, groupId: string): KafkaOptions {
  observeConsumerLag(config, service, `${config.KAFKA_TOPIC_PREFIX}${groupId}`);
  return {
    transport: Transport.KAFKA,
    options: {
      client: kafkaClientConfig(config, `${service}-consumer`),
      consumer: {
        groupId: `${config.KAFKA_TOPIC_PREFIX}${groupId}`,
        sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
        heartbeatInterval: Math.max(1000, Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 10)),
        allowAutoTopicCreation: false,
        retry: { initialRetryTime: 100, retries: 1000000 },
      },
      // A new group must read what was produced before it joined, or events are silently skipped.
      subscribe: { fromBeginning: true },
      // Partitions in parallel: a handler mostly waits on the store or a data source, so one
      // partition at a time left the process idle while its queue grew (docs/benchmarks.md).
      run: { partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENTLY },
      postfixId: '',
      parser: { keepBinary: true },
    },
  };
}

/**
 * `ipw_consumer_lag{group,topic}`: messages not yet consumed by the service's group (high
 * watermark − committed offset, summed over partitions), read from the broker when scraped.
 */
export function observeConsumerLag(config: PlatformConfig, service: string, groupId: string): void {
  const admin = createKafka(config, `${service}-lag`).admin();
  let connected = false;
  observedGauge(
    'ipw_consumer_lag',
    'Messages behind, per consumer group and topic',
    async () => {
      if (!connected) {
        await admin.connect();
        connected = true;
      }
      const committed = await admin.fetchOffsets({ groupId });
      const out: Array<{ labels: Record<string, string>; value: number }> = [];
      for (const { topic, partitions } of committed) {
        const high = new Map(
          (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]),
        );
        const lag = partitions.reduce(
          (sum, p) => sum + Math.max(0, (high.get(p.partition) ?? 0) - Math.max(0, Number(p.offset))),
          0,
        );
        out.push({ labels: { group: groupId, topic }, value: lag });
      }
      return out;
    },
    ['group', 'topic'],
  );
}
