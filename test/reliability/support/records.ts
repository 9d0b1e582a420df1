import { readFileSync } from 'node:fs';
import { BUSINESS_TOPICS, physicalTopic, TOPICS } from '@app/contracts';
import { readDeadLetters } from '@app/messaging';
import { testKafka, TestNamespace } from '@app/testing';
import { api, System } from '../../e2e/support/system';

/**
 * The records a Jepsen-style check is made from: every message on the namespace's business topics,
 * read back after the run, plus the audit archive and the sandbox. The invariants are computed from
 * them, not from what the test believes it caused.
 */
export interface Recorded {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  id?: string;
  type?: string;
  applicationId?: string;
  caseId?: string;
  occurredAt?: string;
  payload: Record<string, unknown>;
  raw: string;
}

/** Reads every message of the namespace's business topics, from the beginning to the current end. */
export async function readAllEvents(ns: TestNamespace): Promise<Recorded[]> {
  const kafka = testKafka('rel-reader');
  const admin = kafka.admin();
  await admin.connect();
  const topics = BUSINESS_TOPICS.map((t) => physicalTopic(t, ns.topicPrefix));
  const ends = new Map<string, number>();
  for (const topic of topics)
    for (const o of await admin.fetchTopicOffsets(topic))
      if (Number(o.high) > 0) ends.set(`${topic}/${o.partition}`, Number(o.high));
  await admin.disconnect();
  const out: Recorded[] = [];
  if (ends.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `rel-reader-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const remaining = new Set(ends.keys());
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`reading topics timed out; ${remaining.size} partitions not caught up`)),
      60000,
    );
    void consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const raw = message.value?.toString() ?? '';
        let parsed: {
          id?: string;
          type?: string;
          applicationId?: string;
          caseId?: string;
          occurredAt?: string;
          payload?: Record<string, unknown>;
        } = {};
        try {
          parsed = JSON.parse(raw) as typeof parsed;
        } catch {
          /* a poison message: kept raw */
        }
        out.push({
          topic,
          partition,
          offset: Number(message.offset),
          key: message.key?.toString() ?? '',
          id: parsed.id,
          type: parsed.type,
          applicationId: parsed.applicationId,
          caseId: parsed.caseId,
          occurredAt: parsed.occurredAt,
          payload: parsed.payload ?? {},
          raw,
        });
        const k = `${topic}/${partition}`;
        if (Number(message.offset) + 1 >= (ends.get(k) ?? 0)) remaining.delete(k);
        if (remaining.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return out.sort((a, b) =>
    a.topic === b.topic
      ? a.partition === b.partition
        ? a.offset - b.offset
        : a.partition - b.partition
      : a.topic.localeCompare(b.topic),
  );
}

export interface Expectation {
  applicationId: string;
  /** Final state every sub-case must reach (all the same), or a predicate on the states. */
  finalStates: readonly string[];
}

export interface InvariantReport {
  applications: number;
  subCases: number;
  events: number;
  distinctEvents: number;
  duplicateDeliveries: number;
  /** Duplicate deliveries by event type (same event id more than once on a topic). */
  duplicatesByType: Record<string, number>;
  deadLetters: number;
  violations: string[];
}

/**
 * The invariants, from the records:
 *  I1 every filed application has exactly one `intake.application.filed` (distinct event ids);
 *  I2 every sub-case ends in an expected state (intake's view) — checked by the caller's wait;
 *  I3 no effect twice: per sub-case at most one distinct `transitioned → X` event per terminal X,
 *     one distinct assessment per (case, round), one dispatch key;
 *  I4 per-application order: a sub-case's transitions, in partition order, form one chain (each
 *     `from` is the previous `to`);
 *  I5 the audit archive holds each transition once and its hash chain verifies;
 *  I6 no dead letter unless the scenario explains it.
 */
export async function checkInvariants(
  sys: System,
  expected: Expectation[],
  opts: { explainedDeadLetters?: (l: { error: { code: string }; consumerGroup: string }) => boolean } = {},
): Promise<InvariantReport> {
  const events = (await readAllEvents(sys.ns)).filter((e) => e.id !== undefined);
  const violations: string[] = [];
  const byId = new Map<string, Recorded>();
  for (const e of events) if (e.id && !byId.has(e.id)) byId.set(e.id, e);
  const distinct = [...byId.values()];
  const apps = new Set(expected.map((x) => x.applicationId));
  let subCases = 0;
  for (const applicationId of apps) {
    const filed = distinct.filter(
      (e) => e.type === 'intake.application.filed' && e.applicationId === applicationId,
    );
    if (filed.length !== 1) violations.push(`I1 ${applicationId}: ${filed.length} filed events`);
    const transitions = distinct.filter(
      (e) => e.type === 'intake.subcase.transitioned' && e.applicationId === applicationId,
    );
    const cases = new Set(transitions.map((t) => String(t.payload.caseId)));
    subCases += cases.size;
    for (const caseId of cases) {
      const mine = transitions.filter((t) => t.payload.caseId === caseId).sort((a, b) => a.offset - b.offset);
      if (new Set(mine.map((t) => t.partition)).size > 1)
        violations.push(`I4 ${caseId}: transitions on several partitions`);
      for (let i = 1; i < mine.length; i++) {
        const prev = mine[i - 1];
        const cur = mine[i];
        if (prev && cur && cur.payload.from !== prev.payload.to)
          violations.push(
            `I4 ${caseId}: ${String(prev.payload.from)}→${String(prev.payload.to)} then ${String(cur.payload.from)}→${String(cur.payload.to)}`,
          );
      }
      const tos = mine.map((t) => String(t.payload.to));
      for (const terminal of [
        'COMPLETED',
        'DENIED',
        'CANCELLED',
        'REJECTED',
        'REVOKED',
        'ACCEPTED',
        'PROCESSING',
      ]) {
        const n = tos.filter((t) => t === terminal).length;
        if (n > 1) violations.push(`I3 ${caseId}: → ${terminal} ${n} times`);
      }
      const assessments = distinct.filter(
        (e) => e.type === 'verification.assessment.completed' && e.caseId === caseId,
      );
      // A MANUAL_REVIEW assessment (a source was down) may be replaced by one later assessment of the
      // same round once the source answers (verification's re-check); anything more is a double effect.
      const decided = assessments.filter((a) => a.payload.decision !== 'MANUAL_REVIEW');
      const rounds = decided.map((a) => String(a.payload.round));
      if (new Set(rounds).size !== rounds.length)
        violations.push(`I3 ${caseId}: ${rounds.length} decided assessments for rounds ${rounds.join(',')}`);
      for (const a of decided) {
        const reviews = assessments.filter(
          (m) => m.payload.decision === 'MANUAL_REVIEW' && m.payload.round === a.payload.round,
        );
        if (reviews.length > 1)
          violations.push(
            `I3 ${caseId}: ${reviews.length} MANUAL_REVIEW assessments for round ${String(a.payload.round)}`,
          );
        if (reviews.some((m) => m.topic === a.topic && m.partition === a.partition && m.offset > a.offset))
          violations.push(`I4 ${caseId}: a MANUAL_REVIEW assessment after the decided one`);
      }
      const dispatchKeys = new Set(
        distinct
          .filter((e) => e.type === 'intake.subcase.dispatched' && e.caseId === caseId)
          .map((e) => String(e.payload.dispatchKey)),
      );
      if (dispatchKeys.size > 1) violations.push(`I3 ${caseId}: ${dispatchKeys.size} dispatch keys`);
    }
    const auditor = sys.token({ role: 'auditor' });
    const tl = await api<{ events: Array<{ eventId: string; type: string }> }>(
      sys.url.audit,
      'GET',
      `/audit/applications/${applicationId}/timeline`,
      auditor,
    );
    const ids = (tl.body.events ?? []).map((e) => e.eventId);
    if (new Set(ids).size !== ids.length)
      violations.push(`I5 ${applicationId}: audit timeline holds an event twice`);
    const exported = await fetch(`${sys.url.audit}/audit/applications/${applicationId}/export`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    const completed = (await exported.text())
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => envelopeIn(JSON.parse(l) as unknown))
      .filter((e) => e?.type === 'intake.subcase.transitioned' && e.payload?.to === 'COMPLETED')
      .map((e) => String(e?.payload?.caseId));
    if (new Set(completed).size !== completed.length)
      violations.push(`I5 ${applicationId}: a sub-case COMPLETED twice in the archive`);
    const verify = await api<{ ok: boolean }>(
      sys.url.audit,
      'GET',
      `/audit/applications/${applicationId}/verify`,
      auditor,
    );
    if (verify.body.ok !== true)
      violations.push(
        `I5 ${applicationId}: chain does not verify ${JSON.stringify(verify.body).slice(0, 200)}`,
      );
  }
  const letters = await readDeadLetters(testKafka('rel-dlq'), sys.ns.topicPrefix);
  const unexplained = letters.filter((l) => !(opts.explainedDeadLetters?.(l) ?? false));
  for (const l of unexplained)
    violations.push(
      `I6 dead letter ${l.consumerGroup} ${l.error.code} ${l.eventType ?? ''} ${l.error.message.slice(0, 120)}`,
    );
  return {
    applications: apps.size,
    subCases,
    events: events.length,
    distinctEvents: distinct.length,
    duplicateDeliveries: events.length - distinct.length,
    duplicatesByType: duplicatesByType(events),
    deadLetters: letters.length,
    violations,
  };
}

function duplicatesByType(events: Recorded[]): Record<string, number> {
  const seen = new Set<string>();
  const out: Record<string, number> = {};
  for (const e of events) {
    if (!e.id) continue;
    if (seen.has(e.id)) out[e.type ?? '?'] = (out[e.type ?? '?'] ?? 0) + 1;
    seen.add(e.id);
  }
  return out;
}

interface EnvelopeLike {
  type?: string;
  payload?: Record<string, unknown>;
}
/** The archived envelope inside an exported line, wherever the archive put it. */
function envelopeIn(line: unknown, depth = 0): EnvelopeLike | undefined {
  if (typeof line !== 'object' || line === null || depth > 3) return undefined;
  const o = line as Record<string, unknown>;
  if (typeof o.type === 'string' && typeof o.payload === 'object') return o as EnvelopeLike;
  for (const v of Object.values(o)) {
    const found = envelopeIn(v, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Re-produces every message of the namespace's business topics `times` more times (same key, value, headers). */
export async function redeliverAll(ns: TestNamespace, times: number): Promise<number> {
  const events = await readAllEvents(ns);
  const producer = testKafka('rel-redeliver').producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let n = 0;
  try {
    for (let i = 0; i < times; i++) {
      const byTopic = new Map<string, Array<{ key: string; value: string }>>();
      for (const e of events)
        byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), { key: e.key, value: e.raw }]);
      for (const [topic, messages] of byTopic) {
        await producer.send({ topic, messages });
        n += messages.length;
      }
    }
  } finally {
    await producer.disconnect();
  }
  return n;
}

/** Resident set size (kB) of a process, from /proc (Linux). */
export function rssKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Consumer lag of a service's group over the namespace's topics (sum of high − committed). Groups are named `<topic prefix><service>` (libs/messaging kafkaConsumerOptions). */
export async function consumerLag(ns: TestNamespace, service: string): Promise<number> {
  const groupId = `${ns.topicPrefix}${service}`;
  const admin = testKafka('rel-lag').admin();
  await admin.connect();
  try {
    const topics = [...BUSINESS_TOPICS, TOPICS.platform].map((t) => physicalTopic(t, ns.topicPrefix));
    let lag = 0;
    const committed = await admin.fetchOffsets({ groupId, topics });
    // Only the topics the group consumes (a committed offset somewhere): the others are not its lag.
    for (const t of committed.filter((c) => c.partitions.some((p) => Number(p.offset) >= 0))) {
      const high = new Map(
        (await admin.fetchTopicOffsets(t.topic)).map((o) => [o.partition, Number(o.high)]),
      );
      for (const p of t.partitions) {
        const c = Number(p.offset);
        const h = high.get(p.partition) ?? 0;
        lag += Math.max(0, h - (c < 0 ? 0 : c));
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** The archive lags the topics by a little: retry the check for a few seconds before believing a violation. */
export async function settledInvariants(
  sys: System,
  expected: Expectation[],
  explained?: (l: { error: { code: string }; consumerGroup: string }) => boolean,
): Promise<InvariantReport> {
  let last = await checkInvariants(sys, expected, { explainedDeadLetters: explained });
  for (let i = 0; i < 5 && last.violations.length; i++) {
    await new Promise((r) => setTimeout(r, 3000));
    last = await checkInvariants(sys, expected, { explainedDeadLetters: explained });
  }
  return last;
}
