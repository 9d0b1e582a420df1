import {
  AppProcess,
  createNamespace,
  dropNamespace,
  sleep,
  testKafka,
  TestNamespace,
  waitFor,
  withMongo,
} from '@app/testing';
import { createEvent, physicalTopic, TOPICS } from '@app/contracts';
import { readDeadLetters, republishDeadLetter } from '@app/messaging';

/**
 * The platform's plumbing against the real engines (Kafka, FerretDB/MongoDB, Redis): outbox,
 * idempotent consumer, dead letters, bounded retries, crash-safety and durable delayed jobs.
 */
describe('platform plumbing (probe-producer → Kafka → probe-consumer → bull)', () => {
  let ns: TestNamespace;
  let producer: AppProcess;
  let consumer: AppProcess;

  const effects = async (): Promise<{ count: number; probes: string[]; fired: string[] }> =>
    (await (await fetch(`${consumer.url}/effects`)).json()) as {
      count: number;
      probes: string[];
      fired: string[];
    };
  const post = (body: unknown): Promise<Response> =>
    fetch(`${producer.url}/probes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    ns = await createNamespace('plumbing', 1);
    [producer, consumer] = await Promise.all([
      AppProcess.start('probe-producer', ns.env),
      AppProcess.start('probe-consumer', {
        ...ns.env,
        CONSUMER_MAX_ATTEMPTS: '3',
        CONSUMER_RETRY_BACKOFF_MS: '50',
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([producer?.stop(), consumer?.stop()]);
    if (ns) await dropNamespace(ns);
  });

  it('an HTTP write stores the probe and its event in one document; the relay publishes it; the consumer applies it once', async () => {
    expect((await post({ probeId: 'p-first', behaviour: 'ok', delayMs: 0 })).status).toBe(201);
    await waitFor('effect of p-first', async () => (await effects()).probes.includes('p-first'));
    expect((await effects()).count).toBe(1);
  });

  it('the same event delivered twice has one effect', async () => {
    const event = createEvent(
      'platform.probe.recorded',
      { probeId: 'p-dup', behaviour: 'ok', delayMs: 0 },
      {
        producer: 'test',
        applicationId: 'p-dup',
        actor: { kind: 'system', id: 'test' },
      },
    );
    const before = (await effects()).count;
    const kafka = testKafka();
    const p = kafka.producer();
    await p.connect();
    const message = { key: 'p-dup', value: JSON.stringify(event) };
    await p.send({ topic: physicalTopic(TOPICS.platform, ns.topicPrefix), messages: [message, message] });
    await p.send({ topic: physicalTopic(TOPICS.platform, ns.topicPrefix), messages: [message] });
    await p.disconnect();
    await post({ probeId: 'p-after-dup', behaviour: 'ok', delayMs: 0 });
    await waitFor('the marker after the duplicates', async () =>
      (await effects()).probes.includes('p-after-dup'),
    );
    const after = await effects();
    expect(after.probes.filter((p) => p === 'p-dup')).toHaveLength(1);
    // p-dup once (three deliveries) + the marker p-after-dup once.
    expect(after.count).toBe(before + 2);
  });

  it('a permanent failure and a poison message go to the dead-letter topic; later messages on the partition are still processed', async () => {
    const kafka = testKafka();
    const p = kafka.producer();
    await p.connect();
    await p.send({
      topic: physicalTopic(TOPICS.platform, ns.topicPrefix),
      messages: [{ key: 'poison', value: 'this is not json {' }],
    });
    await p.disconnect();
    await post({ probeId: 'p-permanent', behaviour: 'fail-permanent', delayMs: 0 });
    await post({ probeId: 'p-after-poison', behaviour: 'ok', delayMs: 0 });
    await waitFor('the message after the poison', async () =>
      (await effects()).probes.includes('p-after-poison'),
    );
    const letters = await waitFor('two dead letters', async () => {
      const l = await readDeadLetters(kafka, ns.topicPrefix, 3000);
      return l.length >= 2 ? l : undefined;
    });
    expect(letters.map((l) => l.error.code).sort()).toEqual(['EVENT.NOT_JSON', 'PROBE.REFUSED']);
    const refused = letters.find((l) => l.error.code === 'PROBE.REFUSED');
    expect(refused?.origin.logicalTopic).toBe(TOPICS.platform);
    expect(refused?.eventType).toBe('platform.probe.recorded');
    expect((await effects()).probes).not.toContain('p-permanent');
  });

  it('a dead letter can be listed and re-published to its origin topic', async () => {
    const kafka = testKafka();
    const letters = await readDeadLetters(kafka, ns.topicPrefix, 3000);
    const poison = letters.find((l) => l.error.code === 'EVENT.NOT_JSON');
    expect(poison).toBeDefined();
    if (!poison) return;
    await republishDeadLetter(kafka, poison);
    // Still poison after re-publishing (nothing was fixed): it is dead-lettered again, not lost or looping.
    await waitFor(
      're-dead-lettered',
      async () =>
        (await readDeadLetters(kafka, ns.topicPrefix, 3000)).filter((l) => l.error.code === 'EVENT.NOT_JSON')
          .length >= 2,
    );
  });

  it('a transient failure is retried and succeeds', async () => {
    await post({ probeId: 'p-transient', behaviour: 'fail-transient-once', delayMs: 0 });
    await waitFor('effect after retry', async () => (await effects()).probes.includes('p-transient'));
    const attempts = await withMongo((c) =>
      c.db(`${ns.dbPrefix}ipw_probe_consumer`).collection('consumer_attempts').countDocuments({}),
    );
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect((await effects()).probes.filter((p) => p === 'p-transient')).toHaveLength(1);
  });

  it('killing the producer after the write but before the publish loses nothing: the relay publishes on restart, one effect', async () => {
    await producer.stop();
    await producer.start({ OUTBOX_RELAY_ENABLED: 'false' });
    expect((await post({ probeId: 'p-crash', behaviour: 'ok', delayMs: 0 })).status).toBe(201);
    const stored = (await (await fetch(`${producer.url}/probes/p-crash`)).json()) as {
      outboxPending: boolean;
    };
    expect(stored.outboxPending).toBe(true);
    await producer.kill();
    await sleep(500);
    expect((await effects()).probes).not.toContain('p-crash');
    await producer.start({ OUTBOX_RELAY_ENABLED: 'true' });
    await waitFor('effect of p-crash after restart', async () =>
      (await effects()).probes.includes('p-crash'),
    );
    await sleep(500);
    expect((await effects()).probes.filter((p) => p === 'p-crash')).toHaveLength(1);
  });

  it('a delayed job survives a restart of the app that scheduled it', async () => {
    await post({ probeId: 'p-delayed', behaviour: 'ok', delayMs: 6000 });
    await waitFor('p-delayed scheduled', async () => (await effects()).probes.includes('p-delayed'));
    await consumer.kill();
    const killedAt = new Date();
    await consumer.start();
    await waitFor('p-delayed fired', async () => (await effects()).fired.includes('p-delayed'), 30000);
    // It fired after the app that scheduled it was killed: the job lived in Redis, not in that process.
    const fired = await withMongo((c) =>
      c
        .db(`${ns.dbPrefix}ipw_probe_consumer`)
        .collection<{ _id: string; firedAt: Date }>('fired')
        .findOne({ _id: 'p-delayed' }),
    );
    expect(fired?.firedAt.getTime()).toBeGreaterThan(killedAt.getTime());
  });

  it('a bad HTTP body gets problem+json with the field path, and nothing is stored', async () => {
    const res = await post({ probeId: 'p-bad', behaviour: 'explode', delayMs: -1, extra: true });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as {
      code: string;
      violations: Array<{ path: string }>;
      message: { zh: string; en: string };
    };
    expect(body.code).toBe('REQUEST.INVALID');
    expect(body.violations.map((v) => v.path).sort()).toEqual(
      expect.arrayContaining(['behaviour', 'delayMs', 'extra']),
    );
    expect(body.message.zh).toBeTruthy();
    expect((await fetch(`${producer.url}/probes/p-bad`)).status).toBe(404);
    const malformed = await fetch(`${producer.url}/probes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"probeId":',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toBe('HTTP.MALFORMED_JSON');
  });
});
