import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Consumer, Producer } from 'kafkajs';
import { chainHash, verifyChain } from '@app/audit-chain';
import { mintToken, type Principal } from '@app/auth';
import { anApplicationFiled, aSubCaseOpened, aTransition, replay } from '@app/case-lifecycle';
import {
  causedBy,
  createEvent,
  EVENT_DEFINITIONS,
  physicalTopic,
  TOPICS,
  type Actor,
  type EventEnvelope,
  type SubCaseStateName,
  type TypedEnvelope,
} from '@app/contracts';
import {
  AppProcess,
  createNamespace,
  dropNamespace,
  REPO_ROOT,
  testKafka,
  waitFor,
  withMongo,
  type TestNamespace,
} from '@app/testing';
import { runAuditCli } from '../src/cli/audit-cli';
import { verifyExport } from '../src/cli/verify-export';

/**
 * The audit service as a separate process on the real stack: archive every topic once, chain per
 * application, detect tampering, replay with the shared reducers, export + offline verify, auditor-only
 * reads that are themselves recorded.
 */
describe('audit archive (Kafka → hash-chained archive → auditor API)', () => {
  let ns: TestNamespace;
  let audit: AppProcess;
  let producer: Producer;
  const tokens = {
    secret: 'local-development-secret-change-me',
    issuer: 'ipw-local',
    audience: 'ipw-services',
  };
  const token = (p: Principal): string => mintToken(tokens, p);
  const auditor = token({ subject: 'auditor-1', role: 'auditor' });
  const applicantActor: Actor = { kind: 'applicant', id: 'user-1', uscc: '91310000MA1FL0000X' };
  const T0 = Date.parse('2025-03-03T01:00:00.000Z');
  const minute = (n: number): Date => new Date(T0 + n * 60_000);
  const db = (): string => `${ns.dbPrefix}ipw_audit`;

  const get = (path: string, bearer = auditor, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${audit.url}${path}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });
  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

  async function send(events: EventEnvelope[]): Promise<void> {
    for (const e of events) {
      const topic = physicalTopic(
        EVENT_DEFINITIONS[e.type as keyof typeof EVENT_DEFINITIONS].topic,
        ns.topicPrefix,
      );
      await producer.send({ topic, messages: [{ key: e.applicationId, value: JSON.stringify(e) }] });
    }
  }

  const entries = (applicationId: string) =>
    withMongo((c) =>
      c
        .db(db())
        .collection<{
          _id: string;
          sequence: number;
          type: string;
          eventJson: string;
          hash: string;
          previousHash: string;
        }>('archive_entries')
        .find({ applicationId })
        .sort({ sequence: 1 })
        .toArray(),
    );
  const archived = (applicationId: string, count: number) =>
    waitFor(
      `${count} archived events of ${applicationId}`,
      async () => {
        const list = await entries(applicationId);
        return list.filter((e) => e.type !== 'audit.archive.read').length >= count ? list : undefined;
      },
      30000,
    );

  /** A small application history: filed, then the sub-case moves through `states`, one minute apart. */
  function history(applicationId: string, states: SubCaseStateName[], startMinute = 0): TypedEnvelope[] {
    const filed = createEvent(
      'intake.application.filed',
      anApplicationFiled({ subCases: [aSubCaseOpened({ caseId: `${applicationId}-C1` })] }),
      {
        producer: 'intake',
        applicationId,
        actor: applicantActor,
        occurredAt: minute(startMinute),
      },
    );
    const events: TypedEnvelope[] = [filed];
    let from: SubCaseStateName = 'RECEIVED';
    states.forEach((to, index) => {
      events.push(
        createEvent('intake.subcase.transitioned', aTransition(`${applicationId}-C1`, from, to), {
          ...causedBy(filed, 'intake', { kind: 'system', id: 'intake' }, `${applicationId}-C1`),
          occurredAt: minute(startMinute + index + 1),
        }),
      );
      from = to;
    });
    return events;
  }

  beforeAll(async () => {
    ns = await createNamespace('audit', 3);
    producer = testKafka('audit-test').producer();
    await producer.connect();
    audit = await AppProcess.start('audit', {
      ...ns.env,
      CONSUMER_RETRY_BACKOFF_MS: '50',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    });
  });

  afterAll(async () => {
    await producer?.disconnect();
    if (process.env.AUDIT_TEST_LOGS) console.log(audit?.logs().slice(-6000));
    await audit?.stop();
    if (ns) await dropNamespace(ns);
  });

  it('archives events of every business topic once each, even an event delivered three times, in one verifying chain', async () => {
    const app = 'APP-ALL';
    const [filed, ...rest] = history(app, ['VERIFYING']);
    if (!filed) throw new Error('no filing');
    const ctx = (producerName: string) => ({
      ...causedBy(filed, producerName, { kind: 'system', id: producerName } as Actor, `${app}-C1`),
    });
    const assessed = createEvent(
      'verification.assessment.completed',
      {
        caseId: `${app}-C1`,
        round: 1,
        itemCode: 'SAMR-NAME-CHANGE',
        authority: 'SAMR',
        uscc: '91310000MA1FL0000X',
        materials: [],
        crossChecks: [],
        decision: 'DEFERRABLE_GAPS_ONLY',
        commitmentSigned: true,
        commitmentAllowed: true,
        postHocSamplingRateBasisPoints: 1000,
      },
      ctx('verification'),
    );
    const granted = createEvent(
      'commitment.deferral.granted',
      {
        caseId: `${app}-C1`,
        round: 1,
        uscc: '91310000MA1FL0000X',
        obligations: [{ obligationId: 'OB-1', materialCode: 'M-1', dueDate: '2025-04-01' }],
      },
      ctx('commitment'),
    );
    const rated = createEvent(
      'evaluation.rating.submitted',
      {
        ratingId: 'R-1',
        subject: 'application',
        authority: 'SAMR',
        channel: 'online',
        score: 5,
        tags: [],
        uscc: '91310000MA1FL0000X',
        comment: '经办人 110101199003071234 很耐心',
      },
      { producer: 'evaluation', applicationId: app, actor: applicantActor },
    );
    await send([filed, filed, filed, ...rest, assessed, granted, granted, rated]);
    const list = await archived(app, 5);
    await new Promise((r) => setTimeout(r, 1000)); // give late duplicates time to (not) arrive
    const final = (await entries(app)).filter((e) => e.type !== 'audit.archive.read');
    expect(final.map((e) => e._id).sort()).toEqual(
      [filed.id, ...rest.map((e) => e.id), assessed.id, granted.id, rated.id].sort(),
    );
    expect(new Set(final.map((e) => e.type))).toEqual(
      new Set([
        'intake.application.filed',
        'intake.subcase.transitioned',
        'verification.assessment.completed',
        'commitment.deferral.granted',
        'evaluation.rating.submitted',
      ]),
    );
    expect(list.map((e) => e.sequence)).toEqual(list.map((_e, i) => i + 1));
    // Personal data is masked as stored and the chain verifies over the masked text.
    const ratingEntry = final.find((e) => e._id === rated.id);
    expect(ratingEntry?.eventJson).not.toContain('110101199003071234');
    expect(ratingEntry?.eventJson).toContain('110101********1234');
    const verify = await json<{ ok: boolean; count: number }>(await get(`/audit/applications/${app}/verify`));
    expect(verify).toMatchObject({ ok: true, count: 5 });
  });

  it('writes chain heads behind: one head write for a burst of events, caught up within the flush period, never behind what verification reports', async () => {
    const app = 'APP-HEAD-BEHIND';
    const headWrites = async (): Promise<number> => {
      const text = await (await fetch(`${audit.url}/metrics`)).text();
      return text
        .split('\n')
        .filter((l) => /^ipw_store_command_duration_seconds_count\{[^}]*collection="chain_heads"/.test(l))
        .filter((l) => /command="(update|insert)"/.test(l))
        .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    };
    const before = await headWrites();
    await send(history(app, ['VERIFYING', 'ACCEPTED', 'PROCESSING', 'COMPLETED']));
    await archived(app, 5);
    // Verification reads the head this process holds: the whole chain at once, written or not.
    const verify = await json<{ ok: boolean; count: number; head?: { sequence: number } }>(
      await get(`/audit/applications/${app}/verify`),
    );
    expect(verify).toMatchObject({ ok: true, count: 5, head: { sequence: 5 } });
    const stored = await waitFor(
      'head written',
      () =>
        withMongo(async (c) =>
          ((
            await c
              .db(db())
              .collection<{ _id: string; sequence: number }>('chain_heads')
              .findOne({ _id: app })
          )?.sequence ?? 0) >= 5 // 6 once the verify read above is archived too
            ? true
            : undefined,
        ),
      10000,
    );
    expect(stored).toBe(true);
    // Five events arrived together: far fewer than five head writes.
    expect((await headWrites()) - before).toBeLessThan(5);
  });

  it('the timeline shows every event with actor and causation link', async () => {
    const app = 'APP-TIMELINE';
    const events = history(app, ['VERIFYING', 'ACCEPTED']);
    await send(events);
    await archived(app, 3);
    const res = await get(`/audit/applications/${app}/timeline`);
    expect(res.status).toBe(200);
    const body = await json<{
      count: number;
      events: Array<{
        eventId: string;
        sequence: number;
        actor: Actor;
        causedBy?: { eventId: string };
        caused: string[];
        summary?: { zh: string };
      }>;
    }>(res);
    expect(body.events.map((e) => e.eventId).slice(0, 3)).toEqual(events.map((e) => e.id));
    expect(body.events[0]).toMatchObject({ actor: applicantActor, caused: [events[1]?.id, events[2]?.id] });
    expect(body.events[1]?.causedBy?.eventId).toBe(events[0]?.id);
    expect(body.events[1]?.summary?.zh).toBe('子事项状态变更');
    expect((await get('/audit/applications/APP-NEVER-FILED/timeline')).status).toBe(404);
  });

  it('state at an instant equals the shared reducer fed the same events up to that instant', async () => {
    const app = 'APP-REPLAY';
    const events = history(app, ['VERIFYING', 'ACCEPTED', 'PROCESSING', 'COMPLETED']);
    await send(events);
    await archived(app, 5);
    const at = async (instant: Date) =>
      json<{
        application: unknown;
        subCases: Array<{ caseId: string; state: string }>;
        eventsConsidered: number;
      }>(await get(`/audit/applications/${app}/state?at=${instant.toISOString()}`));

    const beforeFiling = await at(minute(-1));
    expect(beforeFiling.application).toBeNull();

    const midway = await at(new Date(minute(2).getTime() + 30_000)); // after ACCEPTED, before PROCESSING
    expect(midway.subCases).toEqual([expect.objectContaining({ caseId: `${app}-C1`, state: 'ACCEPTED' })]);
    expect(midway.application).toEqual(JSON.parse(JSON.stringify(replay(events.slice(0, 3)))));
    expect(midway.eventsConsidered).toBe(3);

    const end = await at(minute(10));
    expect(end.subCases[0]?.state).toBe('COMPLETED');
    expect(end.application).toEqual(JSON.parse(JSON.stringify(replay(events))));

    const bad = await get(`/audit/applications/${app}/state?at=yesterday`);
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });

  describe('tampering in the database is detected and the first broken link named', () => {
    const ids = {
      edit: 'APP-T-EDIT',
      del: 'APP-T-DELETE',
      ins: 'APP-T-INSERT',
      swap: 'APP-T-SWAP',
      tail: 'APP-T-TAIL',
      clean: 'APP-T-CLEAN',
    };
    type Verify = {
      ok: boolean;
      brokenAt?: { sequence: number; eventId?: string; kind: string; message: { en: string } };
    };
    const verifyOf = async (app: string): Promise<Verify> =>
      json<Verify>(await get(`/audit/applications/${app}/verify`));

    beforeAll(async () => {
      for (const app of Object.values(ids)) await send(history(app, ['VERIFYING', 'ACCEPTED', 'PROCESSING']));
      for (const app of Object.values(ids)) await archived(app, 4);
    });

    it('an edited payload is EDITED at that entry', async () => {
      await withMongo(async (c) => {
        const coll = c
          .db(db())
          .collection<{ _id: string; applicationId: string; sequence: number; eventJson: string }>(
            'archive_entries',
          );
        const second = await coll.findOne({ applicationId: ids.edit, sequence: 2 });
        if (!second) throw new Error('missing entry');
        await coll.updateOne(
          { _id: second._id },
          { $set: { eventJson: second.eventJson.replace('"to":"VERIFYING"', '"to":"REJECTED"') } },
        );
      });
      expect(await verifyOf(ids.edit)).toMatchObject({
        ok: false,
        brokenAt: { sequence: 2, kind: 'EDITED' },
      });
    });

    it('a deleted entry is DELETED_OR_INSERTED at the entry after the gap', async () => {
      await withMongo((c) =>
        c.db(db()).collection('archive_entries').deleteOne({ applicationId: ids.del, sequence: 2 }),
      );
      const result = await verifyOf(ids.del);
      expect(result).toMatchObject({ ok: false, brokenAt: { sequence: 3, kind: 'DELETED_OR_INSERTED' } });
      expect(result.brokenAt?.message.en).toContain('entry 2 is missing');
    });

    it('an inserted forged entry (correctly hashed, squeezed between two sequences) is named as inserted', async () => {
      const forgedEvent = createEvent(
        'intake.subcase.transitioned',
        aTransition(`${ids.ins}-C1`, 'VERIFYING', 'REJECTED'),
        {
          producer: 'intake',
          applicationId: ids.ins,
          actor: { kind: 'system', id: 'forger' },
          occurredAt: minute(1),
        },
      );
      await withMongo(async (c) => {
        const coll = c.db(db()).collection<Record<string, unknown>>('archive_entries');
        const second = await coll.findOne({ applicationId: ids.ins, sequence: 2 });
        const previousHash = String(second?.['hash']);
        await coll.insertOne({
          _id: forgedEvent.id,
          applicationId: ids.ins,
          sequence: 2.5,
          previousHash,
          hash: chainHash(previousHash, forgedEvent),
          eventJson: JSON.stringify(forgedEvent),
          type: forgedEvent.type,
          occurredAt: forgedEvent.occurredAt,
          archivedAt: new Date().toISOString(),
        } as Record<string, unknown>);
      });
      expect(await verifyOf(ids.ins)).toMatchObject({
        ok: false,
        brokenAt: { sequence: 2.5, eventId: forgedEvent.id, kind: 'DELETED_OR_INSERTED' },
      });
    });

    it('two swapped sequences are REORDERED at the first moved position', async () => {
      await withMongo(async (c) => {
        const coll = c.db(db()).collection('archive_entries');
        await coll.updateOne({ applicationId: ids.swap, sequence: 2 }, { $set: { sequence: -2 } });
        await coll.updateOne({ applicationId: ids.swap, sequence: 3 }, { $set: { sequence: 2 } });
        await coll.updateOne({ applicationId: ids.swap, sequence: -2 }, { $set: { sequence: 3 } });
      });
      expect(await verifyOf(ids.swap)).toMatchObject({
        ok: false,
        brokenAt: { sequence: 2, kind: 'REORDERED' },
      });
    });

    it('a deleted last entry is caught against the recorded chain head', async () => {
      await withMongo((c) =>
        c.db(db()).collection('archive_entries').deleteOne({ applicationId: ids.tail, sequence: 4 }),
      );
      const result = await verifyOf(ids.tail);
      expect(result).toMatchObject({ ok: false, brokenAt: { kind: 'DELETED_OR_INSERTED' } });
      expect(result.brokenAt?.message.en).toMatch(/entry 4/);
    });

    it('whole-archive verification lists every broken application with its first broken link, and not the intact ones', async () => {
      const res = await get('/audit/verify');
      expect(res.status).toBe(200);
      const body = await json<{
        ok: boolean;
        broken: Array<{ applicationId: string; brokenAt: { kind: string } }>;
        firstBroken?: { applicationId: string };
      }>(res);
      expect(body.ok).toBe(false);
      const broken = new Map(body.broken.map((b) => [b.applicationId, b.brokenAt.kind]));
      expect(broken.get(ids.edit)).toBe('EDITED');
      expect(broken.get(ids.del)).toBe('DELETED_OR_INSERTED');
      expect(broken.get(ids.ins)).toBe('DELETED_OR_INSERTED');
      expect(broken.get(ids.swap)).toBe('REORDERED');
      expect(broken.get(ids.tail)).toBe('DELETED_OR_INSERTED');
      expect(broken.has(ids.clean)).toBe(false);
      expect(body.firstBroken?.applicationId).toBe(body.broken[0]?.applicationId);
    });
  });

  it('export → offline verify round trip; a tampered export fails naming the broken link (CLI exit 1)', async () => {
    const app = 'APP-EXPORT';
    await send(history(app, ['VERIFYING', 'ACCEPTED']));
    await archived(app, 3);
    const res = await get(`/audit/applications/${app}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const text = await res.text();
    const head = res.headers.get('x-chain-head-hash') ?? undefined;
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyExport(text, head)).toMatchObject({ ok: true, results: [{ applicationId: app, ok: true }] });

    const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, text);
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), env: process.env, fetch };
    expect(await runAuditCli(['verify-export', good, '--head', head ?? ''], io)).toBe(0);

    const lines = text.trimEnd().split('\n');
    lines[1] = (lines[1] ?? '').replace('"to":"VERIFYING"', '"to":"COMPLETED"');
    const tampered = join(dir, 'tampered.jsonl');
    writeFileSync(tampered, `${lines.join('\n')}\n`);
    const cli = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'scripts/audit.ts',
        'verify-export',
        tampered,
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') },
        encoding: 'utf8',
      },
    );
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain('sequence 2');
    expect(cli.stdout).toContain('EDITED');

    // Cut short at the end: every remaining link is intact, only the recorded head shows it.
    writeFileSync(tampered, `${text.trimEnd().split('\n').slice(0, -1).join('\n')}\n`);
    expect(await runAuditCli(['verify-export', tampered], io)).toBe(0);
    expect(await runAuditCli(['verify-export', tampered, '--head', head ?? ''], io)).toBe(1);
    expect(readFileSync(good, 'utf8')).toBe(text);

    // The same through the CLI over HTTP (auditor token minted from JWT_SECRET).
    const cliOut: string[] = [];
    const cliErr: string[] = [];
    const httpIo = {
      out: (t: string) => cliOut.push(t),
      err: (t: string) => cliErr.push(t),
      env: process.env,
      fetch,
    };
    expect(await runAuditCli(['export', app, '--url', audit.url], httpIo)).toBe(0);
    expect(verifyExport(cliOut.join('')).ok).toBe(true);
    expect(cliErr.join('')).toMatch(/head sequence=\d+ hash=[0-9a-f]{64}/);
    cliOut.length = 0;
    expect(await runAuditCli(['timeline', app, '--url', audit.url], httpIo)).toBe(0);
    expect(cliOut.join('')).toContain('intake.subcase.transitioned');
    expect(cliOut.join('')).toContain('子事项状态变更');
  });

  it('rebuild-projection replays the archive into a fresh collection and prints every difference with the live read model', async () => {
    const app = 'APP-PROJ';
    const events = history(app, ['VERIFYING', 'ACCEPTED']);
    await send(events);
    await archived(app, 3);
    const liveView = JSON.parse(JSON.stringify(replay(events))) as {
      subCases: Record<string, { state: string }>;
    };
    const drifted = JSON.parse(JSON.stringify(liveView)) as typeof liveView;
    const subCase = drifted.subCases[`${app}-C1`];
    if (subCase) subCase.state = 'VERIFYING'; // the live model missed the last transition
    const liveDb = `${ns.dbPrefix}live_intake`;
    await withMongo((c) =>
      c
        .db(liveDb)
        .collection<{ _id: string; view: unknown }>('applications')
        .insertMany([
          { _id: app, view: drifted },
          { _id: 'APP-TIMELINE', view: {} },
        ]),
    );
    const out: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: (t: string) => out.push(t),
      env: { ...process.env, ...ns.env },
      fetch,
    };
    const args = [
      'rebuild-projection',
      '--application',
      app,
      '--live-mongo',
      ns.env['MONGODB_URI'] ?? '',
      '--live-db',
      liveDb,
      '--live-collection',
      'applications',
      '--live-path',
      'view',
    ];
    expect(await runAuditCli([...args, '--into', 'rebuilt_1'], io)).toBe(1);
    const printed = out.join('');
    expect(printed).toContain(`subCases.${app}-C1.state`);
    expect(printed).toContain('"ACCEPTED"');
    const rebuilt = await withMongo((c) =>
      c.db(db()).collection<{ _id: string }>('rebuilt_1').findOne({ _id: app }),
    );
    expect(rebuilt).toMatchObject({
      applicationId: app,
      status: replay(events)?.status,
      eventCount: 3,
      subCases: { [`${app}-C1`]: { state: 'ACCEPTED' } },
    });

    await withMongo((c) =>
      c
        .db(liveDb)
        .collection<{ _id: string }>('applications')
        .updateOne({ _id: app }, { $set: { view: liveView } }),
    );
    out.length = 0;
    expect(await runAuditCli([...args, '--into', 'rebuilt_2'], io)).toBe(0);
    expect(out.join('')).toContain(`${app}: 一致 same`);
    // A collection that is not fresh is refused rather than mixed into.
    expect(await runAuditCli([...args, '--into', 'rebuilt_2'], io)).toBe(2);
  });

  it('an auditor read is recorded as an audit.archive.read event that lands in the archive too', async () => {
    const app = 'APP-READ';
    await send(history(app, ['VERIFYING']));
    await archived(app, 2);
    const consumer: Consumer = testKafka('audit-read-test').consumer({ groupId: `${ns.id}-read-check` });
    const seen: EventEnvelope[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: physicalTopic(TOPICS.audit, ns.topicPrefix), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void seen.push(JSON.parse(String(message.value)) as EventEnvelope),
    });
    try {
      expect(
        (await get(`/audit/applications/${app}/timeline`, auditor, { 'x-request-id': 'req-read-1' })).status,
      ).toBe(200);
      expect((await get('/audit/verify', auditor, { 'x-request-id': 'req-read-2' })).status).toBe(200);
      const read = await waitFor(
        'the recorded read',
        async () => seen.find((e) => (e.payload as { requestId?: string }).requestId === 'req-read-1'),
        30000,
      );
      expect(read).toMatchObject({
        type: 'audit.archive.read',
        producer: 'audit',
        applicationId: app,
        actor: { kind: 'auditor', id: 'auditor-1' },
        payload: { what: 'TIMELINE' },
      });
      const whole = await waitFor(
        'the whole-archive read',
        async () => seen.find((e) => (e.payload as { requestId?: string }).requestId === 'req-read-2'),
        30000,
      );
      expect(whole).toMatchObject({ applicationId: 'archive', payload: { what: 'VERIFY' } });
      await waitFor('the read in the archive', async () =>
        (await entries(app)).some((e) => e._id === read.id),
      );
      const chain = (await entries(app)).map((e) => ({
        applicationId: app,
        sequence: e.sequence,
        previousHash: e.previousHash,
        hash: e.hash,
        event: JSON.parse(e.eventJson) as EventEnvelope,
      }));
      expect(verifyChain(chain)).toMatchObject({ ok: true });
    } finally {
      await consumer.disconnect();
    }
  });

  it('only auditors can read; every other role and no token are refused on every route; nothing can be written', async () => {
    const app = 'APP-ALL';
    const routes = [
      `/audit/applications/${app}/timeline`,
      `/audit/applications/${app}/state`,
      `/audit/applications/${app}/verify`,
      '/audit/verify',
      `/audit/applications/${app}/export`,
    ];
    const others: Principal[] = [
      { subject: 'u1', role: 'applicant', uscc: '91310000MA1FL0000X' },
      { subject: 'c1', role: 'caseworker', authority: 'SAMR' },
      { subject: 's1', role: 'supervisor' },
      { subject: 'a1', role: 'admin' },
    ];
    for (const route of routes) {
      for (const who of others) {
        const res = await get(route, token(who));
        expect({ route, role: who.role, status: res.status }).toEqual({ route, role: who.role, status: 403 });
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(((await res.json()) as { code: string }).code).toBe('AUTH.ROLE_FORBIDDEN');
      }
      expect((await fetch(`${audit.url}${route}`)).status).toBe(401);
    }
    const business = async (): Promise<string[]> =>
      (await entries(app)).filter((e) => e.type !== 'audit.archive.read').map((e) => `${e._id}:${e.hash}`);
    const before = await business();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const route of [...routes, `/audit/applications/${app}`, '/audit/applications']) {
        const res = await fetch(`${audit.url}${route}`, {
          method,
          headers: { authorization: `Bearer ${auditor}`, 'content-type': 'application/json' },
          body: '{}',
        });
        expect({ method, route, status: res.status }).toEqual({ method, route, status: 404 });
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    expect(before.length).toBeGreaterThan(0);
    expect(await business()).toEqual(before);
  });
  it('after a crash (SIGKILL) and restart, re-sent and redelivered events are still archived once, chain intact', async () => {
    const app = 'APP-CRASH';
    const events = history(app, ['VERIFYING', 'ACCEPTED']);
    await send(events.slice(0, 2));
    await archived(app, 2);
    await audit.kill();
    await send([...events, ...events]); // everything again, twice, while the archive is down
    await audit.start();
    const list = await archived(app, 3);
    await new Promise((r) => setTimeout(r, 1000));
    const business = (await entries(app)).filter((e) => e.type !== 'audit.archive.read');
    expect(business.map((e) => e._id)).toEqual(events.map((e) => e.id));
    expect(list.map((e) => e.sequence)).toEqual(list.map((_e, i) => i + 1));
    expect(await json<{ ok: boolean }>(await get(`/audit/applications/${app}/verify`))).toMatchObject({
      ok: true,
      count: 3,
    });
  });
});
