/**
 * Dead letters: list them, or re-publish one to its origin topic after the fix.
 *   npm run dead-letters -- list
 *   npm run dead-letters -- republish <partition>:<offset>
 */
import { loadConfig, PlatformConfig } from '@app/config';
import { createKafka, readDeadLetters, republishDeadLetter } from '@app/messaging';

async function main(): Promise<number> {
  const config = loadConfig(PlatformConfig);
  const kafka = createKafka(config, 'dead-letter-cli');
  const letters = await readDeadLetters(kafka, config.KAFKA_TOPIC_PREFIX);
  const [cmd, ref] = process.argv.slice(2);
  if (!cmd || cmd === 'list') {
    if (!letters.length) process.stdout.write('no dead letters / 没有死信\n');
    for (const l of letters) {
      process.stdout.write(
        `${l.dlqPartition}:${l.dlqOffset}  ${l.deadLetteredAt}  ${l.consumerGroup}  ${l.error.code}  ${l.origin.topic}@${l.origin.partition}:${l.origin.offset}  ${l.eventType ?? '-'}  ${l.error.message}\n`,
      );
    }
    return 0;
  }
  if (cmd === 'republish' && ref) {
    const letter = letters.find((l) => `${l.dlqPartition}:${l.dlqOffset}` === ref);
    if (!letter) {
      process.stderr.write(`dead letter ${ref} not found\n`);
      return 1;
    }
    await republishDeadLetter(kafka, letter);
    process.stdout.write(`re-published ${ref} to ${letter.origin.topic}\n`);
    return 0;
  }
  process.stderr.write('usage: npm run dead-letters -- list | republish <partition>:<offset>\n');
  return 2;
}
main().then(
  (c) => process.exit(c),
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  },
);
