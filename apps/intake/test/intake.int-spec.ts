import { createHash } from 'node:crypto';
import { createServer, get as httpGet, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Consumer, Producer } from 'kafkajs';
import { AssessmentDecisionName, createEvent, EventEnvelope, physicalTopic, TOPICS } from '@app/contracts';
import { mintToken, Principal } from '@app/auth';
import {
  AppProcess,
  createNamespace,
  dropNamespace,
  testKafka,
  TestNamespace,
  waitFor,
  withMongo,
} from '@app/testing';
import {
  LEGAL_REP_ID,
  nameChangeRequest,
  PATENTS,
  USCC_A,
  USCC_B,
} from '../src/usecases/testing/filing-data';

/**
 * Intake against the real engines: filing, the fan-out saga over Kafka events (this test acts as
 * verification and as the linked registration processes), corrections, scoping and bad input.
 */

interface Dispatch {
  authority: string;
  body: {
    dispatchKey: string;
    caseId: string;
    applicationId: string;
    itemCode: string;
    uscc: string;
    callbackUrl: string;
  };
}

/** A stand-in for the registry sandbox: records hand-overs; the first attempt of each key fails (503) to prove the retry. */
class FakeLinkedProcesses {
  readonly received: Dispatch[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const match = /^\/linked-processes\/([A-Z_]+)\/cases$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) {
          res.writeHead(404).end();
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString()) as Dispatch['body'];
        const firstTime = !this.received.some((d) => d.body.dispatchKey === body.dispatchKey);
        this.received.push({ authority: match[1] ?? '', body });
        res
          .writeHead(firstTime ? 503 : 202, { 'content-type': 'application/json' })
          .end(JSON.stringify({ accepted: !firstTime }));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  keys(): Set<string> {
    return new Set(this.received.map((d) => d.body.dispatchKey));
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

const TOKENS = {
  secret: 'local-development-secret-change-me',
  issuer: 'ipw-local',
  audience: 'ipw-services',
};
const token = (p: Principal): string => mintToken(TOKENS, p);
const APPLICANT_A = token({ subject: 'user-a', role: 'applicant', uscc: USCC_A });
const APPLICANT_B = token({ subject: 'user-b', role: 'applicant', uscc: USCC_B });
const ADMIN = token({ subject: 'sandbox', role: 'admin' });
const PATENT_CASEWORKER = token({ subject: 'cw-p', role: 'caseworker', authority: 'PATENT_OFFICE' });
const TRADEMARK_CASEWORKER = token({ subject: 'cw-t', role: 'caseworker', authority: 'TRADEMARK_OFFICE' });

interface Receipt {
  applicationId: string;
  catalogueVersion: number;
  subCases: Array<{ caseId: string; itemCode: string; authority: string; prerequisites: string[] }>;
}
interface Detail {
  status: string;
  subCases: Array<{
    caseId: string;
    state: string;
    dueDate: string;
    workingDaysLeft: number;
    pausedWorkingDays: number;
    overdue: boolean;
    reason?: { code: string };
  }>;
  notices: Array<{
    noticeId: string;
    affectedCaseIds: string[];
    deficiencies: Array<{ caseId: string; materialCode: string }>;
  }>;
}
interface Problem {
  code: string;
  violations: Array<{ path: string; code: string }>;
  message: { zh: string; en: string };
}

describe('intake service (real Kafka, FerretDB, Redis)', () => {
  let ns: TestNamespace;
  let intake: AppProcess;
  const sandbox = new FakeLinkedProcesses();
  let consumer: Consumer;
  let producer: Producer;
  const intakeEvents: EventEnvelope[] = [];
  let documentId = '';

  const http = async (
    method: string,
    path: string,
    auth?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${intake.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const detail = async (id: string, auth = APPLICANT_A): Promise<Detail> =>
    json<Detail>(await http('GET', `/applications/${id}`, auth));
  const eventsOf = (applicationId: string, type: string): EventEnvelope[] =>
    intakeEvents.filter((e) => e.applicationId === applicationId && e.type === type);
  const countApplications = (): Promise<number> =>
    withMongo((c) => c.db(`${ns.dbPrefix}ipw_intake`).collection('applications').countDocuments({}));

  const assess = async (
    r: Receipt,
    decisions: Record<string, AssessmentDecisionName>,
    round = 1,
    missing: Record<string, string> = {},
  ): Promise<void> => {
    const messages = r.subCases.map((s) => {
      const decision = decisions[s.caseId] ?? 'ALL_CLEAR';
      const material = missing[s.caseId];
      const event = createEvent(
        'verification.assessment.completed',
        {
          caseId: s.caseId,
          round,
          itemCode: s.itemCode,
          authority: s.authority,
          uscc: USCC_A,
          materials: material
            ? [
                {
                  materialCode: material,
                  outcome: 'MISSING',
                  deferrable: false,
                  reason: { zh: '未提交', en: 'Not submitted' },
                  evidenceIds: [],
                },
              ]
            : [],
          crossChecks: [],
          decision,
          commitmentSigned: false,
          commitmentAllowed: true,
          postHocSamplingRateBasisPoints: 0,
        },
        {
          producer: 'verification',
          applicationId: r.applicationId,
          caseId: s.caseId,
          actor: { kind: 'system', id: 'verification' },
        },
      );
      return { key: r.applicationId, value: JSON.stringify(event) };
    });
    await producer.send({ topic: physicalTopic(TOPICS.verification, ns.topicPrefix), messages });
  };
  const fileNameChange = async (key?: string): Promise<Receipt> => {
    const res = await http(
      'POST',
      '/applications',
      APPLICANT_A,
      nameChangeRequest(USCC_A, [{ materialCode: 'SHAREHOLDERS_RESOLUTION', documentId }]),
      key ? { 'idempotency-key': key } : {},
    );
    expect(res.status).toBe(201);
    return json<Receipt>(res);
  };
  const callback = (r: Receipt, caseId: string, outcome: 'COMPLETED' | 'DENIED'): Promise<Response> =>
    http('POST', '/internal/dispatch-results', ADMIN, {
      dispatchKey: caseId,
      caseId,
      applicationId: r.applicationId,
      outcome,
      ...(outcome === 'DENIED' ? { reason: '名称与在先登记冲突' } : {}),
    });

  beforeAll(async () => {
    ns = await createNamespace('intake', 1);
    await sandbox.start();
    intake = await AppProcess.start('intake', {
      ...ns.env,
      REGISTRY_SANDBOX_URL: sandbox.url,
      DOCUMENT_MAX_BYTES: '4096',
      DISPATCH_BACKOFF_MS: '100',
      DISPATCH_SWEEP_MS: '1000',
    });
    const kafka = testKafka();
    producer = kafka.producer();
    await producer.connect();
    consumer = kafka.consumer({ groupId: `test-reader-${ns.id}` });
    await consumer.connect();
    await consumer.subscribe({ topic: physicalTopic(TOPICS.intake, ns.topicPrefix), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void intakeEvents.push(JSON.parse(message.value?.toString() ?? '{}') as EventEnvelope),
    });
  }, 90000);

  afterAll(async () => {
    if (process.env.INTAKE_TEST_LOGS)
      console.log(
        intake
          ?.logs()
          .split('\n')
          .filter((l) => !l.includes('"msg":"http"') && !l.includes('DispatchProcessor'))
          .join('\n')
          .slice(-8000),
      );
    await consumer?.disconnect();
    await producer?.disconnect();
    await intake?.stop();
    await sandbox.stop();
    if (ns) await dropNamespace(ns);
  });

  it('serves the catalogue publicly and the one-time notice: merged form and one set of materials, each asked once', async () => {
    const bundles = await json<{ version: number; bundles: Array<{ code: string }> }>(
      await http('GET', '/catalogue/bundles'),
    );
    expect(bundles.version).toBe(1);
    expect(bundles.bundles.map((b) => b.code)).toEqual(
      expect.arrayContaining([
        'ENTERPRISE_NAME_CHANGE',
        'ENTERPRISE_ADDRESS_CHANGE',
        'ENTERPRISE_ESTABLISHMENT',
        'PATENT_PLEDGE',
        'TRADEMARK_PLEDGE',
      ]),
    );
    expect((await http('GET', '/catalogue/items/MR_ENTERPRISE_NAME_CHANGE')).status).toBe(200);
    const unknown = await http('GET', '/catalogue/items/NOPE');
    expect(unknown.status).toBe(404);
    expect((await json<Problem>(unknown)).code).toBe('CATALOGUE.UNKNOWN_ITEM');
    const res = await http('POST', '/catalogue/bundles/ENTERPRISE_NAME_CHANGE/notice', undefined, {
      assets: { patents: PATENTS, trademarks: ['12345678'], layoutDesigns: [] },
      agentAppointed: false,
    });
    expect(res.status).toBe(200);
    const notice = await json<{
      fields: Array<{ code: string }>;
      materials: Array<{ code: string; submission: string; submissionLabel: { zh: string; en: string } }>;
      subCases: unknown[];
    }>(res);
    const fieldCodes = notice.fields.map((f) => f.code);
    expect(new Set(fieldCodes).size).toBe(fieldCodes.length);
    const materialCodes = notice.materials.map((m) => m.code);
    expect(new Set(materialCodes).size).toBe(materialCodes.length);
    expect(notice.subCases).toHaveLength(4);
    expect(notice.materials.find((m) => m.code === 'BUSINESS_LICENCE')?.submission).toBe(
      'EXEMPT_DATA_SHARING',
    );
    expect(notice.materials.find((m) => m.code === 'SHAREHOLDERS_RESOLUTION')?.submission).toBe(
      'DEFERRABLE_UNDER_COMMITMENT',
    );
    expect(notice.materials.every((m) => m.submissionLabel.zh && m.submissionLabel.en)).toBe(true);
  });

  it('answers repeated public catalogue reads from its response cache: same bytes, ETag revalidation, never for a caller with credentials, never a refusal', async () => {
    const first = await http('GET', '/catalogue/bundles/PATENT_PLEDGE');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const body = await first.text();
    const again = await http('GET', '/catalogue/bundles/PATENT_PLEDGE');
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);
    expect(again.headers.get('x-request-id')).toBeTruthy();
    expect(await again.text()).toBe(body);
    // node:http, not fetch: fetch adds `cache-control: no-cache` to a conditional request.
    const revalidated = await new Promise<number | undefined>((resolve, reject) =>
      httpGet(
        `${intake.url}/catalogue/bundles/PATENT_PLEDGE`,
        { headers: { 'if-none-match': etag ?? '' } },
        (r) => {
          r.resume();
          resolve(r.statusCode);
        },
      ).on('error', reject),
    );
    expect(revalidated).toBe(304);
    // A request carrying credentials always runs the whole pipeline (guard included).
    const withToken = await http('GET', '/catalogue/bundles/PATENT_PLEDGE', APPLICANT_A);
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('x-cache')).toBeNull();
    // Refusals are not kept: the validators refuse the same bad query every time.
    for (let i = 0; i < 2; i++) {
      const bad = await http('GET', '/catalogue/bundles?version=abc');
      expect(bad.status).toBe(422);
      expect(bad.headers.get('x-cache')).toBeNull();
      expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // A one-time notice is keyed by its body: another set of assets is another answer.
    const notice = (patents: string[]): Promise<Response> =>
      http('POST', '/catalogue/bundles/ENTERPRISE_NAME_CHANGE/notice', undefined, {
        assets: { patents, trademarks: [], layoutDesigns: [] },
        agentAppointed: false,
      });
    const one = await json<{ subCases: unknown[] }>(await notice(PATENTS.slice(0, 1)));
    const oneAgain = await notice(PATENTS.slice(0, 1));
    expect(oneAgain.headers.get('x-cache')).toBe('HIT');
    expect(await json<{ subCases: unknown[] }>(oneAgain)).toEqual(one);
    const two = await notice(PATENTS.slice(0, 2));
    expect(two.headers.get('x-cache')).toBeNull();
    expect((await json<{ subCases: unknown[] }>(two)).subCases.length).toBe(one.subCases.length + 1);
    const unknownField = await http('POST', '/catalogue/bundles/ENTERPRISE_NAME_CHANGE/notice', undefined, {
      assets: { patents: [], trademarks: [], layoutDesigns: [] },
      agentAppointed: false,
      extra: 1,
    });
    expect(unknownField.status).toBe(422);
  });

  it('uploads a document: sha256 returned, type and size limits enforced with problem+json', async () => {
    const content = Buffer.from('%PDF-1.7 股东会决议 shareholders resolution');
    const res = await fetch(`${intake.url}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${APPLICANT_A}`, 'content-type': 'application/pdf' },
      body: content,
    });
    expect(res.status).toBe(201);
    const doc = await json<{ documentId: string; sha256: string; size: number; mediaType: string }>(res);
    expect(doc.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(doc.size).toBe(content.length);
    documentId = doc.documentId;
    const tooLarge = await fetch(`${intake.url}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${APPLICANT_A}`, 'content-type': 'application/pdf' },
      body: Buffer.alloc(5000, 1),
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toContain('application/problem+json');
    expect((await json<Problem>(tooLarge)).code).toBe('DOCUMENT.TOO_LARGE');
    const wrongType = await fetch(`${intake.url}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${APPLICANT_A}`, 'content-type': 'application/zip' },
      body: Buffer.from('PK'),
    });
    expect(wrongType.status).toBe(415);
    expect((await json<Problem>(wrongType)).code).toBe('DOCUMENT.UNSUPPORTED_MEDIA_TYPE');
    const anonymous = await fetch(`${intake.url}/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: content,
    });
    expect(anonymous.status).toBe(401);
    const files = await withMongo((c) =>
      c.db(`${ns.dbPrefix}ipw_intake`).collection('documents.files').countDocuments({}),
    );
    expect(files).toBe(1);
  });

  it('end to end: 2 patents + 2 trademarks → 5 sub-cases; IP sub-cases wait for the name change, then proceed and complete', async () => {
    const r = await fileNameChange('e2e-key-1');
    expect(r.subCases).toHaveLength(5);
    const [head, ...ip] = r.subCases;
    if (!head) throw new Error('no head');
    await waitFor(
      'filed + 5 verification requests on Kafka',
      async () =>
        eventsOf(r.applicationId, 'intake.subcase.verification-requested').length === 5 &&
        eventsOf(r.applicationId, 'intake.application.filed').length === 1,
    );
    expect(JSON.stringify(eventsOf(r.applicationId, 'intake.application.filed'))).not.toContain(LEGAL_REP_ID);

    await assess(r, {});
    await waitFor('head processing, IP waiting', async () => {
      const d = await detail(r.applicationId);
      return (
        d.subCases[0]?.state === 'PROCESSING' &&
        d.subCases.slice(1).every((s) => s.state === 'WAITING_PREREQUISITE')
      );
    });
    // Dispatched once in effect despite the failed first attempt: retried with the same key.
    await waitFor(
      'head dispatched',
      async () => eventsOf(r.applicationId, 'intake.subcase.dispatched').length === 1,
      30000,
    );
    const headDispatches = sandbox.received.filter((d) => d.body.dispatchKey === head.caseId);
    expect(headDispatches.length).toBeGreaterThanOrEqual(2);
    expect(headDispatches[0]?.authority).toBe('MARKET_REGULATION');
    expect(headDispatches[0]?.body.callbackUrl).toBe(`${intake.url}/internal/dispatch-results`);
    expect(ip.some((s) => sandbox.keys().has(s.caseId))).toBe(false);

    expect((await callback(r, head.caseId, 'COMPLETED')).status).toBe(200);
    const repeated = await json<{ applied: boolean }>(await callback(r, head.caseId, 'COMPLETED'));
    expect(repeated.applied).toBe(false);
    await waitFor(
      'IP sub-cases dispatched',
      async () =>
        ip.every((s) =>
          eventsOf(r.applicationId, 'intake.subcase.dispatched').some((e) => e.caseId === s.caseId),
        ),
      30000,
    );
    expect(
      sandbox.received.filter((d) => ip.some((s) => s.caseId === d.body.dispatchKey)).map((d) => d.authority),
    ).toEqual(expect.arrayContaining(['PATENT_OFFICE', 'TRADEMARK_OFFICE']));
    for (const s of ip) expect((await callback(r, s.caseId, 'COMPLETED')).status).toBe(200);
    const done = await detail(r.applicationId);
    if (done.status !== 'COMPLETED')
      console.log(JSON.stringify(done.subCases.map((s) => [s.caseId, s.state])), intake.logs().slice(-3000));
    expect(done.status).toBe('COMPLETED');
    expect(done.subCases.every((s) => s.state === 'COMPLETED' && s.overdue === false)).toBe(true);
    await waitFor('terminal transitions carry the clock', async () => {
      const terminal = eventsOf(r.applicationId, 'intake.subcase.transitioned').filter(
        (e) => (e.payload as { to: string }).to === 'COMPLETED',
      );
      return (
        terminal.length === 5 &&
        terminal.every(
          (e) => typeof (e.payload as { elapsedWorkingDays?: number }).elapsedWorkingDays === 'number',
        )
      );
    });
    const timeline = await json<Array<{ type: string }>>(
      await http('GET', `/applications/${r.applicationId}/timeline`, APPLICANT_A),
    );
    expect(timeline[0]?.type).toBe('intake.application.filed');
    expect(timeline.filter((e) => e.type === 'intake.subcase.dispatched')).toHaveLength(5);
    // The history is kept out of the aggregate: the relay logs published events, each once, in order.
    const { aggregate, log } = await withMongo(async (c) => {
      const db = c.db(`${ns.dbPrefix}ipw_intake`);
      return {
        aggregate: await db.collection('applications').findOne({ _id: r.applicationId } as never),
        log: await db
          .collection<{ _id: string; events: Array<{ id: string }> }>('application_history')
          .findOne({ _id: r.applicationId }),
      };
    });
    expect(aggregate).not.toHaveProperty('history');
    const ids = timeline.map((e) => (e as { eventId?: string }).eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, log?.events.length ?? 0)).toEqual(
      [...new Set(log?.events.map((e) => e.id))].slice(0, ids.length),
    );
  });

  it('Idempotency-Key: same key and body → same application (200, same body); same key, other body → 409', async () => {
    const body = nameChangeRequest(USCC_A, [{ materialCode: 'SHAREHOLDERS_RESOLUTION', documentId }]);
    const first = await http('POST', '/applications', APPLICANT_A, body, { 'idempotency-key': 'idem-2' });
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const before = await countApplications();
    const again = await http('POST', '/applications', APPLICANT_A, body, { 'idempotency-key': 'idem-2' });
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(firstBody);
    const other = await http(
      'POST',
      '/applications',
      APPLICANT_A,
      { ...body, enterpriseName: '另一家公司' },
      { 'idempotency-key': 'idem-2' },
    );
    expect(other.status).toBe(409);
    expect((await json<Problem>(other)).code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(await countApplications()).toBe(before);
  });

  it('a denied name change cancels the 4 dependents', async () => {
    const r = await fileNameChange();
    const head = r.subCases[0]?.caseId ?? '';
    await assess(r, {});
    await waitFor(
      'head dispatched',
      async () => eventsOf(r.applicationId, 'intake.subcase.dispatched').length === 1,
      30000,
    ).catch(async (e: unknown) => {
      console.log(
        JSON.stringify(await detail(r.applicationId)),
        JSON.stringify(sandbox.received.map((d) => d.body.dispatchKey)),
        intake.logs().slice(-3000),
      );
      throw e;
    });
    expect((await callback(r, head, 'DENIED')).status).toBe(200);
    const d = await detail(r.applicationId);
    expect(d.subCases.map((s) => s.state)).toEqual([
      'DENIED',
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
      'CANCELLED',
    ]);
    expect(d.subCases[1]?.reason?.code).toBe('SAGA.PREREQUISITE_FAILED');
  });

  it('a rejected name change (verification REJECT) cancels the 4 dependents and nothing is dispatched', async () => {
    const r = await fileNameChange();
    const head = r.subCases[0]?.caseId ?? '';
    await assess(r, { [head]: 'REJECT' });
    await waitFor('rejected and cancelled', async () => {
      const d = await detail(r.applicationId);
      return d.subCases[0]?.state === 'REJECTED' && d.subCases.slice(1).every((s) => s.state === 'CANCELLED');
    });
    expect(r.subCases.some((s) => sandbox.keys().has(s.caseId))).toBe(false);
  });

  it('one consolidated correction notice across sub-cases; the clock pauses; answered once; round 2 requested', async () => {
    const r = await fileNameChange();
    const [head, patent1] = r.subCases.map((s) => s.caseId);
    if (!head || !patent1) throw new Error('missing cases');
    await assess(r, { [head]: 'CORRECTION_NEEDED', [patent1]: 'CORRECTION_NEEDED' }, 1, {
      [head]: 'SHAREHOLDERS_RESOLUTION',
      [patent1]: 'PATENT_BIBLIO_CHANGE_FORM',
    });
    await waitFor(
      'notice issued',
      async () => eventsOf(r.applicationId, 'intake.correction.notice-issued').length === 1,
    );
    const d = await detail(r.applicationId);
    expect(d.status).toBe('CORRECTION_REQUIRED');
    expect(d.notices).toHaveLength(1);
    expect(d.notices[0]?.affectedCaseIds.sort()).toEqual([head, patent1].sort());
    expect(d.notices[0]?.deficiencies.map((x) => x.materialCode).sort()).toEqual([
      'PATENT_BIBLIO_CHANGE_FORM',
      'SHAREHOLDERS_RESOLUTION',
    ]);
    const noticeId = d.notices[0]?.noticeId ?? '';
    const materials = [
      { materialCode: 'SHAREHOLDERS_RESOLUTION', documentId },
      { materialCode: 'PATENT_BIBLIO_CHANGE_FORM', documentId },
    ];
    expect(
      (
        await http('POST', `/applications/${r.applicationId}/corrections`, APPLICANT_B, {
          noticeId,
          materials,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await http('POST', `/applications/${r.applicationId}/corrections`, APPLICANT_A, {
          noticeId,
          materials,
        })
      ).status,
    ).toBe(200);
    const twice = await http('POST', `/applications/${r.applicationId}/corrections`, APPLICANT_A, {
      noticeId,
      materials,
    });
    expect(twice.status).toBe(409);
    expect((await json<Problem>(twice)).code).toBe('CORRECTION.ALREADY_SUBMITTED');
    await waitFor('round 2 requested for the two corrected cases', async () => {
      const round2 = eventsOf(r.applicationId, 'intake.subcase.verification-requested').filter(
        (e) => (e.payload as { round: number }).round === 2,
      );
      return round2.length === 2;
    });
    expect(eventsOf(r.applicationId, 'intake.correction.notice-issued')).toHaveLength(1);
  });

  it('each bad input gets problem+json with a stable code and field path, and nothing is stored', async () => {
    const good = nameChangeRequest(USCC_A, [{ materialCode: 'SHAREHOLDERS_RESOLUTION', documentId }]);
    const badUscc = `${USCC_A.slice(0, 17)}${USCC_A.endsWith('0') ? '1' : '0'}`;
    const badId = `${LEGAL_REP_ID.slice(0, 17)}${LEGAL_REP_ID.endsWith('0') ? '1' : '0'}`;
    const cases: Array<[string, unknown, number, string, string]> = [
      ['bad USCC check character', { ...good, uscc: badUscc }, 422, 'IDENTIFIER.', 'uscc'],
      [
        'bad ID check digit',
        { ...good, legalRepresentative: { name: '张伟', idNumber: badId } },
        422,
        'IDENTIFIER.',
        'legalRepresentative.idNumber',
      ],
      [
        'unknown bundle',
        { ...good, bundleCode: 'NO_SUCH_BUNDLE' },
        404,
        'CATALOGUE.UNKNOWN_BUNDLE',
        'bundleCode',
      ],
      [
        'asset listed twice',
        { ...good, assets: { patents: [PATENTS[0], PATENTS[0]] } },
        422,
        'APPLICATION.DUPLICATE_ASSET',
        'assets.patents[1]',
      ],
      [
        'field of the wrong type',
        { ...good, formValues: { ...good.formValues, oldName: 7 } },
        422,
        'FORM.TYPE',
        'formValues.oldName',
      ],
      [
        'required field missing',
        { ...good, formValues: { ...good.formValues, newName: '' } },
        422,
        'FORM.REQUIRED',
        'formValues.newName',
      ],
      ['unknown property', { ...good, surprise: true }, 422, 'REQUEST.INVALID', 'surprise'],
      [
        'commitment where the bundle does not allow it',
        {
          ...good,
          bundleCode: 'PATENT_PLEDGE',
          assets: { patents: [PATENTS[0]] },
          commitment: {
            textVersion: 'v1',
            signerName: '张伟',
            signedAt: '2026-11-20T09:00:00+08:00',
            signedHash: 'a'.repeat(64),
          },
        },
        422,
        'APPLICATION.COMMITMENT_NOT_ALLOWED',
        'commitment',
      ],
      [
        'stale catalogue version',
        { ...good, catalogueVersion: 7 },
        409,
        'CATALOGUE.STALE_VERSION',
        'catalogueVersion',
      ],
    ];
    const before = await countApplications();
    for (const [name, body, status, code, path] of cases) {
      const res = await http('POST', '/applications', APPLICANT_A, body);
      const problem = await json<Problem>(res);
      expect({ name, status: res.status }).toEqual({ name, status });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(problem.code.startsWith(code)).toBe(true);
      expect(problem.violations.map((v) => v.path)).toContain(path);
      expect(problem.message.zh && problem.message.en).toBeTruthy();
      expect(JSON.stringify(problem)).not.toContain(LEGAL_REP_ID.slice(6, 14));
    }
    const forOther = await http('POST', '/applications', APPLICANT_B, good);
    expect(forOther.status).toBe(403);
    expect(await countApplications()).toBe(before);
  });

  it('who sees what: another enterprise gets 404; caseworkers see only their authority; roles are enforced', async () => {
    const r = await fileNameChange();
    expect((await http('GET', `/applications/${r.applicationId}`, APPLICANT_B)).status).toBe(404);
    expect((await http('GET', `/applications/${r.applicationId}/timeline`, APPLICANT_B)).status).toBe(404);
    const own = await json<{ items: Array<{ applicationId: string }>; total: number }>(
      await http('GET', '/applications?page=1&pageSize=50', APPLICANT_A),
    );
    expect(own.items.map((i) => i.applicationId)).toContain(r.applicationId);
    const others = await json<{ total: number }>(await http('GET', '/applications', APPLICANT_B));
    expect(others.total).toBe(0);
    const patent = await json<Array<{ caseId: string; authority: string; dueDate: string }>>(
      await http('GET', '/subcases?state=VERIFYING', PATENT_CASEWORKER),
    );
    expect(patent.length).toBeGreaterThan(0);
    expect(patent.every((s) => s.authority === 'PATENT_OFFICE')).toBe(true);
    const trademark = await json<Array<{ caseId: string; authority: string }>>(
      await http('GET', '/subcases', TRADEMARK_CASEWORKER),
    );
    expect(trademark.every((s) => s.authority === 'TRADEMARK_OFFICE')).toBe(true);
    expect(trademark.some((s) => patent.some((p) => p.caseId === s.caseId))).toBe(false);
    expect((await http('GET', '/subcases', APPLICANT_A)).status).toBe(403);
    expect(
      (
        await http('POST', '/internal/dispatch-results', APPLICANT_A, {
          dispatchKey: 'x',
          caseId: 'x',
          applicationId: 'x',
          outcome: 'COMPLETED',
        })
      ).status,
    ).toBe(403);

    const withdrawn = await http('POST', `/applications/${r.applicationId}/withdraw`, APPLICANT_A, {
      note: '暂缓变更',
    });
    expect(withdrawn.status).toBe(200);
    const d = await json<Detail>(withdrawn);
    expect(d.status).toBe('WITHDRAWN');
    expect(d.subCases.every((s) => s.state === 'CANCELLED')).toBe(true);
    await waitFor(
      'withdrawn event',
      async () => eventsOf(r.applicationId, 'intake.application.withdrawn').length === 1,
    );
  });

  it('a credit record from commitment blocks the commitment path at filing, naming the record; nothing is stored', async () => {
    const record = createEvent(
      'commitment.credit.recorded',
      {
        creditRecordId: 'CR-INT-1',
        uscc: USCC_A,
        caseId: 'x',
        cause: 'DEADLINE_MISSED',
        severity: 'SERIOUS',
        startsAt: new Date(Date.now() - 60000).toISOString(),
        expiresAt: new Date(Date.now() + 365 * 86400000).toISOString(),
        reason: { zh: '逾期未补交容缺材料', en: 'Deferred material not supplied in time' },
      },
      { producer: 'commitment', applicationId: 'other-app', actor: { kind: 'system', id: 'commitment' } },
    );
    await producer.send({
      topic: physicalTopic(TOPICS.commitment, ns.topicPrefix),
      messages: [{ key: 'other-app', value: JSON.stringify(record) }],
    });
    const body = nameChangeRequest(USCC_A, [{ materialCode: 'SHAREHOLDERS_RESOLUTION', documentId }], {
      commitment: {
        textVersion: 'CNIPA-2024-1',
        signerName: '张伟',
        signedAt: '2026-11-20T09:00:00+08:00',
        signedHash: 'b'.repeat(64),
      },
    });
    const before = await countApplications();
    await waitFor(
      'credit record consumed',
      async () =>
        (await withMongo((c) =>
          c
            .db(`${ns.dbPrefix}ipw_intake`)
            .collection('credit_blocks')
            .countDocuments({ _id: 'CR-INT-1' } as never),
        )) === 1,
    );
    const res = await http('POST', '/applications', APPLICANT_A, body);
    expect(res.status).toBe(422);
    const problem = await json<Problem>(res);
    expect(problem.violations.map((v) => v.path)).toContain('commitment');
    expect(problem).toMatchObject({ code: 'COMMITMENT.CREDIT_RECORD_ACTIVE' });
    expect(JSON.stringify(problem)).toContain('CR-INT-1');
    expect(await countApplications()).toBe(before);
  });

  it('an admin publishes a new catalogue version; old versions stay readable; an applicant may not publish', async () => {
    const change = { retireBundles: ['TRADEMARK_PLEDGE'] };
    // Read twice first, so that the answer sits in the response cache: publishing here clears it.
    await http('GET', '/catalogue/bundles/TRADEMARK_PLEDGE');
    expect((await http('GET', '/catalogue/bundles/TRADEMARK_PLEDGE')).headers.get('x-cache')).toBe('HIT');
    expect((await http('POST', '/catalogue/versions', APPLICANT_A, change)).status).toBe(403);
    const res = await http('POST', '/catalogue/versions', ADMIN, change);
    expect(res.status).toBe(201);
    expect((await json<{ version: number }>(res)).version).toBe(2);
    expect((await http('GET', '/catalogue/bundles/TRADEMARK_PLEDGE')).status).toBe(404);
    expect((await http('GET', '/catalogue/bundles/TRADEMARK_PLEDGE?version=1')).status).toBe(200);
    const stale = await http('POST', '/applications', APPLICANT_A, {
      ...nameChangeRequest(USCC_A, []),
      catalogueVersion: 1,
    });
    expect(stale.status).toBe(409);
    expect((await json<Problem>(stale)).code).toBe('CATALOGUE.STALE_VERSION');
    const current = await http('POST', '/applications', APPLICANT_A, {
      ...nameChangeRequest(USCC_A, []),
      catalogueVersion: 2,
    });
    expect(current.status).toBe(201);
    expect((await json<Receipt>(current)).catalogueVersion).toBe(2);
  });
});
