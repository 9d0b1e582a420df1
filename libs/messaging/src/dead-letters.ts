import { Kafka } from 'kafkajs';
import { physicalTopic, TOPICS } from '@app/contracts';
import { DeadLetter } from './inbox';

/** Reads the whole dead-letter topic (for the CLI and the tests). */
export async function readDeadLetters(
  kafka: Kafka,
  prefix: string,
  timeoutMs = 5000,
): Promise<Array<DeadLetter & { dlqOffset: string; dlqPartition: number }>> {
  const topic = physicalTopic(TOPICS.deadLetter, prefix);
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const wanted = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  const total = [...wanted.values()].reduce((a, b) => a + b, 0);
  const out: Array<DeadLetter & { dlqOffset: string; dlqPartition: number }> = [];
  if (total === 0) return out;
  const consumer = kafka.consumer({ groupId: `dlq-reader-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachMessage: async ({ message, partition }) => {
        if (message.value)
          out.push({
            ...(JSON.parse(message.value.toString()) as DeadLetter),
            dlqOffset: message.offset,
            dlqPartition: partition,
          });
        if (out.length >= total) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return out;
}

/** Re-publishes a dead letter to its origin topic (after the fix), with its original key and headers. */
export async function republishDeadLetter(kafka: Kafka, letter: DeadLetter): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({
      topic: letter.origin.topic,
      messages: [
        {
          key: letter.origin.key,
          value: letter.valueEncoding === 'base64' ? Buffer.from(letter.value, 'base64') : letter.value,
          headers: {
            ...letter.origin.headers,
            'republished-from-dlq': `${letter.origin.partition}:${letter.origin.offset}`,
          },
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
}
