import { physicalTopic, TOPICS } from '@app/contracts';
import { readDeadLetters, republishDeadLetter } from '@app/messaging';
import { sleep, testKafka, waitFor } from '@app/testing';
import { startSystem, System } from '../e2e/support/system';
import { all, fileNameChange, Fixture, fixtures, waitForStates } from '../e2e/support/flows';
import { checkInvariants, Expectation, readAllEvents, redeliverAll } from './support/records';

/**
 * Delivery faults (issue 9 §1): a consumer SIGKILLed mid-batch, every event delivered three times,
 * poison messages on a busy partition. After each, the Jepsen-style check from the records.
 */
describe('reliability: crash mid-batch, duplicate delivery, poison messages', () => {
  let sys: System;
  let ents: Fixture[];
  const expected: Expectation[] = [];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    sys = await startSystem('reldel');
    ents = (await fixtures(sys)).inBusiness;
  });
  afterAll(async () => {
    process.stdout.write(`\nFIGURES delivery ${JSON.stringify(figures)}\n`);
    await sys?.stop();
  });

  it('SIGKILL verification, then intake, mid-batch: every application still completes, nothing twice', async () => {
    const batch = ents.slice(0, 4);
    const filing = batch.map((f) => fileNameChange(sys, f, { patents: 1, trademarks: 1 }));
    // The kill lands while the first filings are being verified.
    await sleep(1500);
    const t0 = Date.now();
    await sys.apps.verification.kill();
    const filed = await Promise.all(filing);
    for (const r of filed) expect(r.status).toBe(201);
    await sleep(2000);
    await sys.apps.verification.start();
    await sys.apps.intake.kill();
    await sleep(1000);
    await sys.apps.intake.start();
    figures.killRestartMs = Date.now() - t0;
    const t1 = Date.now();
    for (const [i, r] of filed.entries()) {
      expected.push({ applicationId: r.applicationId, finalStates: ['COMPLETED'] });
      await waitForStates(
        sys,
        batch[i] as Fixture,
        r.applicationId,
        'completed after crashes',
        all('COMPLETED'),
        120000,
      );
    }
    figures.recoveryToAllCompletedMs = Date.now() - t1;
    const report = await settledInvariants(sys, expected);
    figures.afterKill = report;
    expect(report.violations).toEqual([]);
  });

  it('every event delivered three times: no new effect (same distinct events), invariants hold', async () => {
    const before = await readAllEvents(sys.ns);
    const distinctBefore = new Set(before.map((e) => e.id)).size;
    const reproduced = await redeliverAll(sys.ns, 2);
    figures.redelivered = reproduced;
    // Let every consumer group chew through the copies.
    await sleep(15000);
    const after = await readAllEvents(sys.ns);
    const distinctAfter = new Set(after.map((e) => e.id)).size;
    figures.redelivery = {
      messagesBefore: before.length,
      messagesAfter: after.length,
      distinctBefore,
      distinctAfter,
    };
    expect(distinctAfter).toBe(distinctBefore);
    const report = await settledInvariants(sys, expected);
    expect(report.duplicateDeliveries).toBeGreaterThanOrEqual(reproduced);
    expect(report.violations).toEqual([]);
  });

  it('poison messages on the busy partition are dead-lettered; later messages are processed; a dead letter re-publishes', async () => {
    const f = ents[4] as Fixture;
    const g = ents[5] as Fixture;
    const producer = testKafka('rel-poison').producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const topic = physicalTopic(TOPICS.intake, sys.ns.topicPrefix);
    // Same key as a live application (same partition as its events), before and after it.
    const first = await fileNameChange(sys, f, { patents: 1, trademarks: 0 });
    const key = first.applicationId;
    const poison = [
      { key, value: 'this is { not JSON' },
      {
        key,
        value: JSON.stringify({
          id: 'not-a-ulid',
          type: 'intake.application.filed',
          version: 1,
          payload: {},
        }),
      },
      {
        key,
        value: JSON.stringify({
          id: '01J00000000000000000000000',
          type: 'intake.nonsense.happened',
          version: 1,
          occurredAt: new Date().toISOString(),
          producer: 'x',
          applicationId: key,
          correlationId: 'c',
          causationId: 'c',
          actor: { kind: 'system', id: 'x' },
          payload: {},
        }),
      },
    ];
    await producer.send({ topic, messages: poison });
    await producer.disconnect();
    const second = await fileNameChange(sys, g, { patents: 1, trademarks: 0 });
    expected.push(
      { applicationId: first.applicationId, finalStates: ['COMPLETED'] },
      { applicationId: second.applicationId, finalStates: ['COMPLETED'] },
    );
    await waitForStates(sys, f, first.applicationId, 'first completed', all('COMPLETED'), 90000);
    await waitForStates(
      sys,
      g,
      second.applicationId,
      'second (after the poison) completed',
      all('COMPLETED'),
      90000,
    );
    const kafka = testKafka('rel-dlq');
    // Every group consuming the intake topic dead-letters each poison message once.
    const letters = await waitFor(
      'dead letters of the poison',
      async () => {
        const l = await readDeadLetters(kafka, sys.ns.topicPrefix);
        const groups = new Set(l.map((x) => x.consumerGroup));
        return groups.size >= 3 && l.length >= groups.size * 3 ? l : undefined;
      },
      30000,
      1000,
    );
    const codes = new Set(letters.map((l) => l.error.code));
    figures.poison = {
      deadLetters: letters.length,
      groups: [...new Set(letters.map((l) => l.consumerGroup))],
      codes: [...codes],
    };
    expect(codes).toEqual(new Set(['EVENT.NOT_JSON', 'EVENT.INVALID_ENVELOPE', 'EVENT.UNKNOWN_TYPE']));
    for (const l of letters) expect(l.origin.key).toBe(key);
    const perGroup = new Map<string, number>();
    for (const l of letters) perGroup.set(l.consumerGroup, (perGroup.get(l.consumerGroup) ?? 0) + 1);
    for (const [group, n] of perGroup) expect({ group, n }).toEqual({ group, n: 3 });
    // Re-publishable: the letter goes back to its origin topic, byte for byte, marked as re-published.
    const letter = letters[0];
    if (!letter) throw new Error('no dead letter');
    await republishDeadLetter(kafka, letter);
    const back = await waitFor(
      're-published message on the origin topic',
      async () =>
        (await readAllEvents(sys.ns)).filter((e) => e.raw === letter.value).length >= 2 || undefined,
      20000,
      500,
    );
    expect(back).toBe(true);
    const report = await settledInvariants(sys, expected, (l) =>
      ['EVENT.NOT_JSON', 'EVENT.INVALID_ENVELOPE', 'EVENT.UNKNOWN_TYPE'].includes(l.error.code),
    );
    figures.afterPoison = report;
    expect(report.violations).toEqual([]);
  });
});

/** The archive lags the topics by a little: retry the check for a few seconds before believing a violation. */
async function settledInvariants(
  sys: System,
  expected: Expectation[],
  explained?: (l: { error: { code: string } }) => boolean,
): ReturnType<typeof checkInvariants> {
  let last = await checkInvariants(sys, expected, { explainedDeadLetters: explained });
  for (let i = 0; i < 5 && last.violations.length; i++) {
    await sleep(3000);
    last = await checkInvariants(sys, expected, { explainedDeadLetters: explained });
  }
  return last;
}
