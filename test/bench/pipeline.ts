import { BSON } from 'mongodb';
import { Consumer } from 'kafkajs';
import { BUSINESS_TOPICS, physicalTopic, TOPICS } from '@app/contracts';
import { testKafka, withMongo } from '@app/testing';
import { api, System } from '../e2e/support/system';
import { Fixture, MergedMaterial, fixtures, upload } from '../e2e/support/flows';
import { median, sleep, summarize, LatencySummary } from './lib/stats';

/**
 * "Accepted": the sub-case left VERIFYING for a state that means its materials were accepted —
 * ACCEPTED, ACCEPTED_WITH_DEFERRAL, or one the saga moves an accepted case to (WAITING_PREREQUISITE,
 * PROCESSING, COMPLETED). Observed as the `intake.subcase.transitioned` event on Kafka: intake writes
 * it in the same single-document write as the state, so seeing it means the state is persisted
 * (the relay's publish and the observer's fetch are inside the measured time).
 */
export const ACCEPTED_STATES: ReadonlySet<string> = new Set([
  'ACCEPTED',
  'ACCEPTED_WITH_DEFERRAL',
  'WAITING_PREREQUISITE',
  'PROCESSING',
  'COMPLETED',
]);
const REFUSED_STATES: ReadonlySet<string> = new Set([
  'CORRECTION_REQUIRED',
  'REJECTED',
  'DENIED',
  'CANCELLED',
]);

interface ObservedEnvelope {
  id: string;
  type: string;
  producer: string;
  applicationId: string;
  occurredAt: string;
  payload: { caseId?: string; to?: string };
}

/** Watches every business topic of the namespace from the beginning, as a plain kafkajs consumer. */
export class PipelineObserver {
  readonly accepted = new Map<string, number>();
  readonly completed = new Map<string, number>();
  readonly refused = new Map<string, string>();
  events = 0;
  bytes = 0;
  lastEventAt = 0;
  /** (producer, application, occurredAt): events written by one use case share one write. */
  readonly emittingWrites = new Set<string>();
  /** Raw JSON of every event of the sampled applications (templates for the replay benchmark). */
  readonly sample = new Map<string, string[]>();
  /** Per sub-case, the producers' clock at each stage (same machine, so comparable). */
  readonly stages = new Map<string, { requested?: number; assessed?: number; accepted?: number }>();
  /** Observed minus occurredAt per producer: outbox relay + Kafka + this consumer. */
  readonly relayLag = new Map<string, number[]>();
  private consumer?: Consumer;

  /** Medians of the stages of the pipeline, for finding the slow one. */
  stageReport(): Record<string, number> {
    const req: number[] = [];
    const acc: number[] = [];
    for (const s of this.stages.values()) {
      if (s.requested !== undefined && s.assessed !== undefined) req.push(s.assessed - s.requested);
      if (s.assessed !== undefined && s.accepted !== undefined) acc.push(s.accepted - s.assessed);
    }
    const out: Record<string, number> = {
      'verification: requested→assessed (p50 ms)': median(req),
      'intake: assessed→accepted (p50 ms)': median(acc),
    };
    for (const [producer, lags] of this.relayLag)
      out[`relay+Kafka lag of ${producer} (p50 ms)`] = median(lags);
    return out;
  }

  constructor(
    private readonly prefix: string,
    private readonly sampleApps = 40,
  ) {}

  async start(): Promise<void> {
    const consumer = testKafka('bench-observer').consumer({
      groupId: `${this.prefix}bench-observer`,
      maxWaitTimeInMs: 50,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({
      topics: BUSINESS_TOPICS.map((t) => physicalTopic(t, this.prefix)),
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const now = performance.now();
        if (!message.value) return;
        const text = message.value.toString();
        const e = JSON.parse(text) as ObservedEnvelope;
        this.events++;
        this.bytes += message.value.length;
        this.lastEventAt = now;
        this.emittingWrites.add(`${e.producer}|${e.applicationId}|${e.occurredAt}`);
        const occurred = Date.parse(e.occurredAt);
        const lags = this.relayLag.get(e.producer) ?? [];
        lags.push(Date.now() - occurred);
        this.relayLag.set(e.producer, lags);
        if (e.payload.caseId) {
          const st = this.stages.get(e.payload.caseId) ?? {};
          if (e.type === 'intake.subcase.verification-requested' && st.requested === undefined)
            st.requested = occurred;
          if (e.type === 'verification.assessment.completed' && st.assessed === undefined)
            st.assessed = occurred;
          if (
            e.type === 'intake.subcase.transitioned' &&
            e.payload.to &&
            ACCEPTED_STATES.has(e.payload.to) &&
            st.accepted === undefined
          )
            st.accepted = occurred;
          this.stages.set(e.payload.caseId, st);
        }
        const kept = this.sample.get(e.applicationId);
        if (kept) kept.push(text);
        else if (this.sample.size < this.sampleApps && e.type === 'intake.application.filed')
          this.sample.set(e.applicationId, [text]);
        if (e.type !== 'intake.subcase.transitioned' || !e.payload.caseId || !e.payload.to) return;
        const caseId = e.payload.caseId;
        if (ACCEPTED_STATES.has(e.payload.to) && !this.accepted.has(caseId)) this.accepted.set(caseId, now);
        if (e.payload.to === 'COMPLETED') this.completed.set(caseId, now);
        if (REFUSED_STATES.has(e.payload.to)) this.refused.set(caseId, e.payload.to);
      },
    });
    // Wait for the group to be assigned before anything is filed (fromBeginning covers the rest).
    await sleep(500);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  /** Resolves when no event arrived for `quietMs` (the pipeline drained), or after `maxMs`. */
  async quiesce(quietMs: number, maxMs: number): Promise<void> {
    const deadline = performance.now() + maxMs;
    while (performance.now() < deadline && performance.now() - this.lastEventAt < quietMs) await sleep(100);
  }
}

export interface PreparedFiling {
  fixture: Fixture;
  token: string;
  body: Record<string, unknown>;
}

/** One filing body per fixture enterprise; documents uploaded once beforehand (not timed), reused by every filing. */
export async function prepareFilings(
  sys: System,
  patents: number,
  trademarks: number,
  layoutDesigns = 0,
  from?: Fixture[],
): Promise<PreparedFiling[]> {
  const enterprises = from ?? (await fixtures(sys)).inBusiness;
  const out: PreparedFiling[] = [];
  for (const f of enterprises) {
    const assets = {
      patents: f.patents.slice(0, patents),
      trademarks: f.trademarks.slice(0, trademarks),
      layoutDesigns: f.layoutDesigns.slice(0, layoutDesigns),
    };
    const notice = await api<{ materials: MergedMaterial[] }>(
      sys.url.intake,
      'POST',
      '/catalogue/bundles/ENTERPRISE_NAME_CHANGE/notice',
      undefined,
      { assets, agentAppointed: false, commitmentSigned: false },
    );
    if (notice.status >= 300) throw new Error(`notice ${notice.status} ${JSON.stringify(notice.body)}`);
    const materials = [];
    for (const m of notice.body.materials.filter((x) => x.submission !== 'EXEMPT_DATA_SHARING'))
      materials.push({ materialCode: m.code, documentId: await upload(sys, f.uscc, m.code) });
    out.push({
      fixture: f,
      token: sys.token({ role: 'applicant', uscc: f.uscc }),
      body: {
        uscc: f.uscc,
        enterpriseName: f.name,
        legalRepresentative: f.legalRepresentative,
        contact: { name: '联系人', phone: '13800138000' },
        bundleCode: 'ENTERPRISE_NAME_CHANGE',
        assets,
        formValues: {
          unifiedSocialCreditCode: f.uscc,
          oldName: f.name,
          newName: `${f.name.replace(/有限公司$/, '')}智能科技有限公司`,
          changeReason: 'BUSINESS_DEVELOPMENT',
          contactName: '联系人',
          contactPhone: '13800138000',
        },
        materials,
      },
    });
  }
  return out;
}

interface Filing {
  postStart: number;
  postEnd?: number;
  status?: number;
  applicationId?: string;
  caseIds: string[];
  error?: string;
}

export interface StepResult {
  offeredPerS: number;
  filed: number;
  httpErrors: number;
  incomplete: number;
  refused: number;
  /** Applications fully accepted per second, first POST to last completion. */
  completedPerS: number;
  latencyMs: LatencySummary;
  postMs: LatencySummary;
  /** Median latency of the last third over the first third: > 2 means a queue was building. */
  trend: number;
  sustained: boolean;
  errorSample?: string;
}

/**
 * Files at a fixed open-loop rate for `seconds` (each POST fires on schedule, not after the previous
 * answer), then waits up to `graceS` for every sub-case of every filing to be accepted.
 */
export async function runStep(
  sys: System,
  obs: PipelineObserver,
  filings: PreparedFiling[],
  rate: number,
  seconds: number,
  graceS: number,
): Promise<StepResult> {
  const n = Math.max(4, Math.round(rate * seconds));
  const list: Filing[] = [];
  const t0 = performance.now() + 50;
  const inflight: Array<Promise<void>> = [];
  for (let i = 0; i < n; i++) {
    const at = t0 + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
    const prepared = filings[i % filings.length];
    if (!prepared) throw new Error('no prepared filing');
    const f: Filing = { postStart: performance.now(), caseIds: [] };
    list.push(f);
    inflight.push(
      api<{ applicationId: string; subCases: Array<{ caseId: string }> }>(
        sys.url.intake,
        'POST',
        '/applications',
        prepared.token,
        prepared.body,
      )
        .then((res) => {
          f.postEnd = performance.now();
          f.status = res.status;
          if (res.status !== 201) f.error = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          else {
            f.applicationId = res.body.applicationId;
            f.caseIds = res.body.subCases.map((s) => s.caseId);
          }
        })
        .catch((e: unknown) => {
          f.postEnd = performance.now();
          f.error = String(e);
        }),
    );
  }
  await Promise.all(inflight);
  const deadline = performance.now() + graceS * 1000;
  const doneAt = (f: Filing): number | undefined => {
    if (!f.caseIds.length) return undefined;
    let last = 0;
    for (const c of f.caseIds) {
      const t = obs.accepted.get(c);
      if (t === undefined) return undefined;
      last = Math.max(last, t);
    }
    return last;
  };
  const refusedOf = (f: Filing): boolean => f.caseIds.some((c) => obs.refused.has(c) && !obs.accepted.has(c));
  while (
    performance.now() < deadline &&
    list.some((f) => !f.error && doneAt(f) === undefined && !refusedOf(f))
  )
    await sleep(100);
  const ok = list.filter((f) => doneAt(f) !== undefined);
  const latencies = ok.map((f) => (doneAt(f) ?? 0) - f.postStart);
  const third = Math.max(1, Math.floor(ok.length / 3));
  const trend =
    ok.length >= 3 ? median(latencies.slice(-third)) / Math.max(1, median(latencies.slice(0, third))) : 1;
  const lastDone = Math.max(...ok.map((f) => doneAt(f) ?? 0));
  const httpErrors = list.filter((f) => f.error).length;
  const refused = list.filter(refusedOf).length;
  const incomplete = list.length - ok.length - httpErrors - refused;
  const completedPerS = ok.length / Math.max(0.001, (lastDone - t0) / 1000);
  const latencyMs = summarize(latencies);
  return {
    offeredPerS: rate,
    filed: list.length,
    httpErrors,
    incomplete,
    refused,
    completedPerS,
    latencyMs,
    postMs: summarize(list.filter((f) => f.postEnd !== undefined).map((f) => (f.postEnd ?? 0) - f.postStart)),
    trend,
    // Sustained: every filing accepted, no backlog building up, completions keep pace with arrivals.
    sustained:
      httpErrors === 0 &&
      incomplete === 0 &&
      refused === 0 &&
      trend <= 2 &&
      latencyMs.p95 < 10000 &&
      completedPerS >= 0.85 * rate,
    errorSample: list.find((f) => f.error)?.error,
  };
}

/** Document count and mean BSON size per collection of the namespace's databases. */
export async function namespaceDocuments(dbPrefix: string): Promise<{
  documents: number;
  meanBytes: number;
  byCollection: Record<string, { count: number; meanBytes: number }>;
}> {
  return withMongo(async (client) => {
    const dbs = (await client.db('admin').admin().listDatabases()).databases.filter((d) =>
      d.name.startsWith(dbPrefix),
    );
    const byCollection: Record<string, { count: number; meanBytes: number }> = {};
    let documents = 0;
    let bytes = 0;
    for (const d of dbs) {
      const db = client.db(d.name);
      for (const c of await db.listCollections().toArray()) {
        const coll = db.collection(c.name);
        const count = await coll.countDocuments();
        if (!count) continue;
        const sample = await coll.find({}).limit(50).toArray();
        const meanBytes =
          sample.reduce((a, doc) => a + BSON.calculateObjectSize(doc), 0) / Math.max(1, sample.length);
        byCollection[`${d.name.slice(dbPrefix.length)}.${c.name}`] = {
          count,
          meanBytes: Math.round(meanBytes),
        };
        documents += count;
        bytes += count * meanBytes;
      }
    }
    return { documents, meanBytes: documents ? bytes / documents : 0, byCollection };
  });
}

/** One stored intake application document (as the repository wrote it), for the persistence benchmark. */
export async function sampleApplicationDocument(
  dbPrefix: string,
): Promise<Record<string, unknown> | undefined> {
  return withMongo(async (client) => {
    const db = client.db(`${dbPrefix}ipw_intake`);
    const doc = await db.collection('applications').findOne({});
    if (!doc) return undefined;
    // The history is kept apart from the aggregate (application_history); the benches want both.
    const log = await db
      .collection<{ _id: string; events: unknown[] }>('application_history')
      .findOne({ _id: String(doc._id) });
    return JSON.parse(JSON.stringify({ ...doc, history: log?.events ?? [] })) as Record<string, unknown>;
  });
}

export const INTAKE_TOPIC = TOPICS.intake;
