import Redis from 'ioredis';
import { physicalTopic, TOPICS } from '@app/contracts';
import { AppProcess, freePort, sleep, stackSettings, testKafka, waitFor, withMongo } from '@app/testing';
import { api, startSystem, System } from '../e2e/support/system';
import {
  all,
  fileNameChange,
  Fixture,
  fixtures,
  grantedObligations,
  Obligation,
  obligationsOf,
  waitForStates,
} from '../e2e/support/flows';
import { Expectation, readAllEvents, Recorded, settledInvariants } from './support/records';

/**
 * Service faults (issue 9 §1, continued), all in one system:
 *  - a data-sharing source down for a minute (sandbox fault injection): MANUAL_REVIEW, re-check,
 *    recovery, and nothing verified from the source while it was down;
 *  - a Kafka handler slower than the consumer session timeout: rebalances, no lost or doubled effect;
 *  - 50 concurrent conflicting caseworker actions on one obligation racing its deadline: one wins;
 *  - the bull worker (commitment) SIGKILLed mid-job and Redis emptied (FLUSHALL): reminders and the
 *    deadline still happen exactly once.
 * FLUSHALL empties the whole Redis of the stack: like engines.rel-spec, it refuses to run without an
 * explicit STACK_DIR (a private stack).
 */
const OUTAGE_MS = Number(process.env.REL_OUTAGE_MS ?? 60000);
// The commitment fast clock: a working day lasts 4 s, reminders 14 and 8 working days before the due date.
const WORKING_DAY_MS = 4000;
const REMINDER_OFFSETS = [14, 8];
const SLOW_SOURCE_MS = 20000;
const SESSION_TIMEOUT_MS = 6000;
const FINAL = ['COMPLETED', 'REVOKED', 'CANCELLED', 'DENIED', 'REJECTED'];

describe('reliability: source outage, slow handler, desk race, bull worker killed and Redis emptied', () => {
  let sys: System;
  let ents: Fixture[];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    if (!process.env.STACK_DIR)
      throw new Error('faults.rel-spec empties Redis (FLUSHALL): set STACK_DIR to a private stack');
    sys = await startSystem('relfault', {
      verification: { MANUAL_REVIEW_RECHECK_MS: '5000' },
      commitment: {
        WORKING_DAY_MS: String(WORKING_DAY_MS),
        OBLIGATION_REMINDER_OFFSETS: REMINDER_OFFSETS.join(','),
      },
    });
    ents = (await fixtures(sys)).inBusiness;
  });
  afterAll(async () => {
    process.stdout.write(`\nFIGURES faults ${JSON.stringify(figures)}\n`);
    if (process.env.REL_LOGS)
      for (const [name, app] of Object.entries(sys?.apps ?? {}))
        process.stdout.write(`\n===== ${name} =====\n${app.logs().slice(-5000)}\n`);
    await sys?.stop();
  });

  const applicant = (f: Fixture): string => sys.token({ role: 'applicant', uscc: f.uscc });
  const sandboxFault = async (body: Record<string, unknown> | undefined): Promise<void> => {
    const res = body
      ? await api(sys.url['registry-sandbox'], 'POST', '/admin/faults', undefined, body)
      : await api(sys.url['registry-sandbox'], 'DELETE', '/admin/faults');
    expect(res.status).toBe(200);
  };
  const finalStates = (subs: Array<{ state: string }>): boolean =>
    subs.length > 0 && subs.every((s) => FINAL.includes(s.state));

  it('a data-sharing source down for a minute: MANUAL_REVIEW, re-checked after recovery, nothing passed from the down source', async () => {
    const batch = ents.slice(0, 3);
    const source = 'enterprise-registry';
    await sandboxFault({ source, outage: true });
    const outageStart = Date.now();
    // Filings spread over the outage: at its start, a third and two thirds in.
    const filing = batch.map(async (f, i) => {
      await sleep((i * OUTAGE_MS) / 3);
      return { f, ...(await fileNameChange(sys, f, { patents: 1, trademarks: 1 })) };
    });
    const filed = await Promise.all(filing);
    for (const r of filed) expect(r.status).toBe(201);
    // Held, not passed, while the source is down.
    await sleep(Math.max(0, outageStart + OUTAGE_MS - Date.now()));
    const heldAtEnd = await Promise.all(
      filed.map(async (r) => {
        const d = await api<{ subCases: Array<{ state: string }> }>(
          sys.url.intake,
          'GET',
          `/applications/${r.applicationId}`,
          applicant(r.f),
        );
        return d.body.subCases.map((s) => s.state);
      }),
    );
    await sandboxFault(undefined);
    const outageEnd = Date.now();
    const expected: Expectation[] = [];
    for (const r of filed) {
      expected.push({ applicationId: r.applicationId, finalStates: ['COMPLETED'] });
      await waitForStates(sys, r.f, r.applicationId, 'completed after the outage', all('COMPLETED'), 180000);
    }
    const recoveredAt = Date.now();

    const apps = new Set(filed.map((r) => r.applicationId));
    const events = distinctOf(await readAllEvents(sys.ns)).filter(
      (e) => e.applicationId !== undefined && apps.has(e.applicationId),
    );
    const assessments = events.filter((e) => e.type === 'verification.assessment.completed');
    const duringOutage = assessments.filter((e) => Date.parse(e.occurredAt ?? '') < outageEnd);
    const decided = assessments.filter((e) => e.payload.decision !== 'MANUAL_REVIEW');
    // Nothing silently passed: every assessment made while the source was down is MANUAL_REVIEW, and
    // every decided one was made after the source came back, from evidence fetched after it came back.
    const passedWhileDown = duringOutage.filter((e) => e.payload.decision !== 'MANUAL_REVIEW');
    const evidence = await withMongo(async (client) =>
      client
        .db(`${sys.ns.dbPrefix}ipw_verification`)
        .collection<{ _id: string; fetchedAt: Date | string }>('evidence')
        .find({
          _id: {
            $in: decided.map((e) => `${String(e.payload.caseId)}:${String(e.payload.round)}:${source}`),
          },
        })
        .toArray(),
    );
    const staleEvidence = decided.filter((e) => {
      const doc = evidence.find(
        (d) => d._id === `${String(e.payload.caseId)}:${String(e.payload.round)}:${source}`,
      );
      return !doc || new Date(doc.fetchedAt).getTime() < outageEnd;
    });
    const earlyProgress = events.filter(
      (e) =>
        e.type === 'intake.subcase.transitioned' &&
        ['ACCEPTED', 'ACCEPTED_WITH_DEFERRAL', 'PROCESSING', 'COMPLETED'].includes(String(e.payload.to)) &&
        Date.parse(e.occurredAt ?? '') < outageEnd,
    );
    const subCases = filed.reduce((n, r) => n + r.subCases.length, 0);
    const report = await settledInvariants(sys, expected);
    figures.sourceOutage = {
      source,
      outageMs: outageEnd - outageStart,
      applications: filed.length,
      subCases,
      statesAtOutageEnd: heldAtEnd,
      manualReviewAssessments: assessments.length - decided.length,
      assessmentsDuringOutage: duringOutage.length,
      passedWhileDown: passedWhileDown.length,
      decidedWithStaleEvidence: staleEvidence.length,
      progressedWhileDown: earlyProgress.length,
      outageEndToAllCompletedMs: recoveredAt - outageEnd,
      invariants: report,
    };
    // Every sub-case was held in MANUAL_REVIEW at least once (the outage did bite)…
    expect(duringOutage.filter((e) => e.payload.decision === 'MANUAL_REVIEW').length).toBeGreaterThanOrEqual(
      subCases,
    );
    // …none was decided from the down source, and none moved on before it was back.
    expect(passedWhileDown).toEqual([]);
    expect(staleEvidence).toEqual([]);
    expect(earlyProgress).toEqual([]);
    expect(heldAtEnd.flat().every((s) => !['ACCEPTED', 'PROCESSING', 'COMPLETED'].includes(s))).toBe(true);
    expect(decided.length).toBe(subCases);
    expect(report.violations).toEqual([]);
  });

  it('a handler slower than the Kafka session timeout: the group rebalances, no effect lost or doubled', async () => {
    const batch = ents.slice(3, 6);
    const slowEnv = {
      KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
      SOURCE_TIMEOUT_MS: String(SLOW_SOURCE_MS * 3),
      SOURCE_RETRIES: '0',
    };
    // Verification asks the sources inside its Kafka handler: a slow source makes a slow handler.
    await sys.apps.verification.stop();
    await sys.apps.verification.start(slowEnv);
    // A second instance of the same service: the first one's environment, and the slow source.
    const second = new AppProcess('verification', await freePort(), {
      ...sys.apps.verification.env,
      ...slowEnv,
    });
    await second.start();
    const groupId = `${sys.ns.topicPrefix}verification`;
    const admin = testKafka('rel-group').admin();
    await admin.connect();
    const seen = { states: new Map<string, number>(), memberSets: [] as string[], generationsSeen: 0 };
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const g = await admin
          .describeGroups([groupId])
          .then((r) => r.groups[0])
          .catch(() => undefined);
        if (g) {
          seen.states.set(g.state, (seen.states.get(g.state) ?? 0) + 1);
          const members = g.members
            .map((m) => m.memberId)
            .sort()
            .join(',');
          if (g.state === 'Stable' && seen.memberSets[seen.memberSets.length - 1] !== members)
            seen.memberSets.push(members);
        }
        await sleep(250);
      }
    })();
    try {
      await sandboxFault({ source: 'patent-register', latencyMs: SLOW_SOURCE_MS });
      const t0 = Date.now();
      const filed = await Promise.all(
        batch.map(async (f, i) => {
          await sleep(i * 1000);
          return { f, ...(await fileNameChange(sys, f, { patents: 1, trademarks: 1 })) };
        }),
      );
      for (const r of filed) expect(r.status).toBe(201);
      const expected: Expectation[] = filed.map((r) => ({
        applicationId: r.applicationId,
        finalStates: ['COMPLETED'],
      }));
      for (const r of filed)
        await waitForStates(
          sys,
          r.f,
          r.applicationId,
          'completed despite the slow handler',
          all('COMPLETED'),
          300000,
        );
      const doneMs = Date.now() - t0;
      // A message delivered again after a rebalance may still be in a handler (and its source query in
      // flight) when the applications complete: let every started handler finish before counting.
      await sleep(SLOW_SOURCE_MS + 3000);
      await sandboxFault(undefined);
      watching = false;
      await watcher;
      const logs = sys.apps.verification.logs() + second.logs();
      const rebalanceLines = logs
        .split('\n')
        .filter((l) => /rebalanc|not aware of this member|UNKNOWN_MEMBER_ID|ILLEGAL_GENERATION/i.test(l));
      // Each sub-case assessed (written) once, whichever instance did it, however often it was delivered.
      const caseIds = filed.flatMap((r) => r.subCases.map((s) => s.caseId));
      const written = caseIds.map((c) => ({
        caseId: c,
        n: (logs.match(new RegExp(`case ${c} round 1: `, 'g')) ?? []).length,
      }));
      const stored = await withMongo(async (client) =>
        client
          .db(`${sys.ns.dbPrefix}ipw_verification`)
          .collection('assessments')
          .countDocuments({ caseId: { $in: caseIds } }),
      );
      // How often each patent sub-case's handler really ran: one slow query to the patent register per
      // run (the sandbox logs each request with its duration). More than one = delivered again to a
      // handler (the other instance after the rebalance) while the first was still running.
      const slowQueries = new Map<string, number>();
      for (const line of sys.apps['registry-sandbox'].logs().split('\n')) {
        if (!line.includes('/sharing/patents/')) continue;
        let l: { path?: string; ms?: number } = {};
        try {
          l = JSON.parse(line) as typeof l;
        } catch {
          continue; // the first line of the kept tail may be cut
        }
        if (l.path && (l.ms ?? 0) >= SLOW_SOURCE_MS - 500)
          slowQueries.set(l.path, (slowQueries.get(l.path) ?? 0) + 1);
      }
      const report = await settledInvariants(sys, expected);
      figures.slowHandler = {
        sessionTimeoutMs: SESSION_TIMEOUT_MS,
        handlerMs: `>= ${SLOW_SOURCE_MS}`,
        consumers: 2,
        applications: filed.length,
        subCases: caseIds.length,
        groupStatesSampled: Object.fromEntries(seen.states),
        stableMemberSets: seen.memberSets.length,
        rebalanceLogLines: rebalanceLines.length,
        slowHandlerRunsPerPatentCase: [...slowQueries.values()],
        assessmentsWrittenPerCase: written.map((w) => w.n),
        assessmentDocuments: stored,
        toAllCompletedMs: doneMs,
        invariants: report,
      };
      // The group did rebalance (the membership changed while handlers were slow)…
      expect(seen.memberSets.length).toBeGreaterThan(1);
      expect(rebalanceLines.length).toBeGreaterThan(0);
      // …a message was handled again while its first handler was still running (the case the
      // scenario is about)…
      expect(slowQueries.size).toBe(filed.length);
      expect(Math.max(...slowQueries.values())).toBeGreaterThan(1);
      // …and nothing was lost or done twice.
      expect(written.every((w) => w.n === 1)).toBe(true);
      expect(stored).toBe(caseIds.length);
      expect(report.violations).toEqual([]);
    } finally {
      watching = false;
      await watcher;
      await admin.disconnect();
      await sandboxFault(undefined);
      await second.stop();
      await sys.apps.verification.stop();
      await sys.apps.verification.start();
    }
  });

  it('50 concurrent conflicting caseworker actions on one obligation, racing its deadline: exactly one wins, 49 get a 409 problem', async () => {
    const f = ents[6] as Fixture;
    const filed = await fileNameChange(sys, f, {
      omitDeferrable: true,
      commitment: true,
      patents: 1,
      trademarks: 0,
    });
    expect(filed.status).toBe(201);
    const obligations = await grantedObligations(sys, f, filed, 90000);
    const target = obligations[0] as Obligation;
    const caseworker = sys.token({ role: 'caseworker', authority: target.authority, subject: 'cw-race' });
    const before = await api<Obligation>(
      sys.url.commitment,
      'GET',
      `/desk/obligations/${target.obligationId}`,
      caseworker,
    );
    expect(before.status).toBe(200);
    const version = before.body.version;
    const deadline = Date.parse(before.body.deadlineAt);
    // Fired at the deadline: the due check (bull job) is the 51st contender.
    await sleep(Math.max(0, deadline - Date.now() - 10));
    const firedAt = Date.now();
    const kinds = ['waive', 'declare-breach'] as const;
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const kind = kinds[i % 2] as (typeof kinds)[number];
        const res = await fetch(`${sys.url.commitment}/desk/obligations/${target.obligationId}/${kind}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${caseworker}` },
          body: JSON.stringify({ reason: `并发办理测试 ${i} 号`, expectedVersion: version }),
        });
        const body = (await res.json()) as { code?: string; state?: string; version?: number };
        return { kind, status: res.status, type: res.headers.get('content-type') ?? '', body };
      }),
    );
    const burstMs = Date.now() - firedAt;
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status !== 200);
    // Let the due check run (it retries a conflict, then finds the obligation settled or acts).
    await sleep(3 * WORKING_DAY_MS);
    const after = await api<Obligation & { lastReason?: { code: string } }>(
      sys.url.commitment,
      'GET',
      `/desk/obligations/${target.obligationId}`,
      caseworker,
    );
    const events = distinctOf(await readAllEvents(sys.ns)).filter(
      (e) => e.payload.obligationId === target.obligationId,
    );
    const terminalEffects = events.filter(
      (e) => e.type === 'commitment.obligation.fulfilled' || e.type === 'commitment.breach.declared',
    );
    const deadlineWon = terminalEffects.some(
      (e) => e.type === 'commitment.breach.declared' && e.payload.cause === 'DEADLINE_MISSED',
    );
    const codes: Record<string, number> = {};
    for (const l of losers)
      codes[`${l.status} ${l.body.code}`] = (codes[`${l.status} ${l.body.code}`] ?? 0) + 1;
    figures.deskRace = {
      contenders: 51,
      burstMs,
      firedMsBeforeDeadline: deadline - firedAt,
      winner: winners[0]?.kind ?? (deadlineWon ? 'deadline' : 'none'),
      deskWinners: winners.length,
      loserCodes: codes,
      stored: { state: after.body.state, version: after.body.version, reason: after.body.lastReason?.code },
      terminalEffects: terminalEffects.map(
        (e) => `${e.type}${e.payload.cause ? `:${String(e.payload.cause)}` : ''}`,
      ),
    };
    // Exactly one of the 51 contenders changed the obligation…
    expect(winners.length + (deadlineWon ? 1 : 0)).toBe(1);
    expect(terminalEffects).toHaveLength(1);
    // …every other caseworker got a 409 problem with a stable code…
    expect(losers).toHaveLength(50 - winners.length);
    for (const l of losers) {
      expect(l.status).toBe(409);
      expect(l.type).toContain('application/problem+json');
      expect(['OBLIGATION.CONCURRENT_UPDATE', 'OBLIGATION.CASE_REVOKED']).toContain(l.body.code);
    }
    // …and the stored obligation is the winner's, one version on.
    expect(after.body.version).toBe(version + 1);
    const winner = winners[0];
    if (winner) {
      expect(after.body.state).toBe(winner.body.state);
      expect(after.body.version).toBe(winner.body.version);
      expect(after.body.lastReason?.code).toBe(
        winner.kind === 'waive' ? 'DESK.WAIVE' : 'DESK.DECLARE_BREACH',
      );
    } else {
      expect(after.body.state).toBe('BREACHED');
    }
    await waitForStates(sys, f, filed.applicationId, 'final after the race', finalStates, 180000);
    const report = await settledInvariants(sys, [{ applicationId: filed.applicationId, finalStates: [] }]);
    (figures.deskRace as Record<string, unknown>).invariants = report;
    expect(report.violations).toEqual([]);
  });

  it('the bull worker (commitment) SIGKILLed mid-job and Redis emptied, twice: reminders and deadlines happen exactly once', async () => {
    const batch = ents.slice(7, 9);
    const filed = await Promise.all(
      batch.map(async (f) => ({
        f,
        ...(await fileNameChange(sys, f, {
          omitDeferrable: true,
          commitment: true,
          patents: 1,
          trademarks: 0,
        })),
      })),
    );
    for (const r of filed) expect(r.status).toBe(201);
    const obligations = (await Promise.all(filed.map((r) => grantedObligations(sys, r.f, r, 90000)))).flat();
    const redis = new Redis(stackSettings().REDIS_URL);
    const kills: Array<Record<string, unknown>> = [];
    try {
      const activeKey = await waitFor(
        'the deadline queue in Redis',
        async () =>
          (await redis.keys(`${sys.ns.bullPrefix}*obligation-deadlines:*`))
            .map((k) => k.replace(/:[^:]+$/, ':active'))
            .find((k) => k.endsWith('obligation-deadlines:active')),
        20000,
        200,
      );
      const lastDeadline = Math.max(...obligations.map((o) => Date.parse(o.deadlineAt)));
      const firstDeadline = Math.min(...obligations.map((o) => Date.parse(o.deadlineAt)));
      // Kill 1: the first job that runs (a reminder). Kill 2: a job running at or after the first deadline.
      for (const notBefore of [0, firstDeadline - 200]) {
        await sleep(Math.max(0, notBefore - Date.now()));
        let job: string[] = [];
        const until = notBefore === 0 ? firstDeadline - WORKING_DAY_MS : lastDeadline + 2 * WORKING_DAY_MS;
        while (Date.now() < until) {
          job = await redis.lrange(activeKey, 0, -1);
          if (job.length) break;
          await sleep(2);
        }
        await sys.apps.commitment.kill();
        const killedAt = Date.now();
        const keysBefore = await redis.dbsize();
        await redis.flushall();
        await sys.apps.commitment.start();
        kills.push({
          activeJobsAtKill: job,
          msAfterFirstDeadline: killedAt - firstDeadline,
          redisKeysFlushed: keysBefore,
          restartMs: Date.now() - killedAt,
        });
      }
      await sleep(Math.max(0, lastDeadline - Date.now()));
    } finally {
      redis.disconnect();
    }
    const expected: Expectation[] = filed.map((r) => ({ applicationId: r.applicationId, finalStates: [] }));
    for (const r of filed)
      await waitForStates(sys, r.f, r.applicationId, 'final after the kills', finalStates, 180000);
    // Nobody supplied: every obligation ends BREACHED, or stays OPEN but closed because its sub-case
    // was revoked by the breach of a sibling obligation whose due check ran first.
    const settled = (o: Obligation): boolean => o.state === 'BREACHED' || o.caseRevoked;
    const current = async (): Promise<Obligation[]> =>
      (await Promise.all(filed.map((r) => obligationsOf(sys, r.f, r.applicationId)))).flat();
    const finalObligations = await waitFor(
      'every obligation breached or closed by the revocation',
      async () => {
        const o = await current();
        return o.every(settled) ? o : undefined;
      },
      60000,
      500,
    ).catch(() => current());
    await sleep(2 * WORKING_DAY_MS); // anything duplicated would show up now
    const events = distinctOf(await readAllEvents(sys.ns));
    const commitmentTopic = physicalTopic(TOPICS.commitment, sys.ns.topicPrefix);
    const ours = events.filter(
      (e) => e.topic === commitmentTopic && filed.some((r) => r.applicationId === e.applicationId),
    );
    const reminders = ours.filter((e) => e.type === 'commitment.obligation.reminder-issued');
    const count = (list: Recorded[], key: (e: Recorded) => string): Map<string, number> => {
      const m = new Map<string, number>();
      for (const e of list) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
      return m;
    };
    const remindersPer = count(
      reminders,
      (e) => `${String(e.payload.obligationId)}@${String(e.payload.workingDaysLeft)}`,
    );
    const deferredCases = [...new Set(obligations.map((o) => o.caseId))];
    const breaches = count(
      ours.filter((e) => e.type === 'commitment.breach.declared'),
      (e) => String(e.payload.caseId),
    );
    const credits = count(
      ours.filter((e) => e.type === 'commitment.credit.recorded'),
      (e) => String(e.payload.caseId),
    );
    const revoked = count(
      events.filter(
        (e) =>
          e.type === 'intake.subcase.transitioned' &&
          e.payload.to === 'REVOKED' &&
          filed.some((r) => r.applicationId === e.applicationId),
      ),
      (e) => String(e.payload.caseId),
    );
    // A reminder is due when its day falls after the grant day: deferral days (deadline − grant, in
    // fast-clock days) minus the offset > 0.
    const wanted = obligations.flatMap((o) =>
      REMINDER_OFFSETS.filter(
        (off) => Math.round((Date.parse(o.deadlineAt) - Date.parse(o.grantedAt)) / WORKING_DAY_MS) - off > 0,
      ).map((off) => `${o.obligationId}@${off}`),
    );
    const report = await settledInvariants(sys, expected);
    figures.bullKillFlush = {
      applications: filed.length,
      obligations: obligations.length,
      deferredSubCases: deferredCases.length,
      kills,
      obligationsAtEnd: finalObligations.map((o) => `${o.state}${o.caseRevoked ? '+caseRevoked' : ''}`),
      remindersExpected: wanted.length,
      remindersIssued: reminders.length,
      remindersPerObligationOffset: Object.fromEntries(remindersPer),
      breachesPerCase: [...breaches.values()],
      creditRecordsPerCase: [...credits.values()],
      revokedPerCase: [...revoked.values()],
      invariants: report,
    };
    expect(finalObligations.every(settled)).toBe(true);
    for (const c of deferredCases)
      expect(finalObligations.some((o) => o.caseId === c && o.state === 'BREACHED')).toBe(true);
    // The first kill really landed on a running job.
    expect((kills[0]?.activeJobsAtKill as string[]).length).toBeGreaterThan(0);
    // Each reminder (obligation × offset) exactly once, each deferred sub-case breached, recorded and revoked once.
    expect([...remindersPer.keys()].sort()).toEqual(wanted.sort());
    expect([...remindersPer.values()].every((n) => n === 1)).toBe(true);
    for (const c of deferredCases) {
      expect({ c, breaches: breaches.get(c) }).toEqual({ c, breaches: 1 });
      expect({ c, credits: credits.get(c) }).toEqual({ c, credits: 1 });
      expect({ c, revoked: revoked.get(c) }).toEqual({ c, revoked: 1 });
    }
    expect(report.violations).toEqual([]);
  });
});

function distinctOf(events: Recorded[]): Recorded[] {
  const seen = new Set<string>();
  return events.filter((e) => e.id !== undefined && !seen.has(e.id) && (seen.add(e.id), true));
}
