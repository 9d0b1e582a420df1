/** Creates the project's topics (from libs/contracts TOPICS) on the configured broker. */
import { loadConfig, PlatformConfig } from '@app/config';
import { ensureTopics } from './stack';

const config = loadConfig(PlatformConfig);
ensureTopics(config.KAFKA_BROKERS, config.KAFKA_TOPIC_PREFIX, Number(process.env.KAFKA_PARTITIONS ?? 6)).then(
  (topics) => process.stdout.write(`${topics.join('\n')}\n`),
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  },
);
