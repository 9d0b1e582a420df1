import type { Consumer } from 'kafkajs';
import { PlatformConfig } from '@app/config';
import { mintToken, type Principal } from '@app/auth';
import {
  createEvent,
  physicalTopic,
  TOPICS,
  type EventEnvelope,
  type SubCaseStateName,
  type TypedEnvelope,
} from '@app/contracts';
import { testKafka, type TestNamespace } from '@app/testing';

const defaults = new PlatformConfig();
const settings = {
  secret: defaults.JWT_SECRET,
  issuer: defaults.JWT_ISSUER,
  audience: defaults.JWT_AUDIENCE,
};

export function token(principal: Principal): string {
  return mintToken(settings, principal);
}

export const as = {
  applicant: (uscc: string): string => token({ subject: `applicant-${uscc}`, role: 'applicant', uscc }),
  caseworker: (authority: string): string =>
    token({ subject: `caseworker-${authority}`, role: 'caseworker', authority }),
  supervisor: (): string => token({ subject: 'supervisor-1', role: 'supervisor' }),
};

export interface Call {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

export async function call(
  base: string,
  method: string,
  path: string,
  bearer?: string,
  body?: unknown,
): Promise<Call> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

export interface CaseSpec {
  caseId: string;
  itemCode: string;
  authority: string;
}

const system = { kind: 'system' as const, id: 'intake-test' };

export function filed(
  applicationId: string,
  uscc: string,
  cases: CaseSpec[],
  at: Date,
): TypedEnvelope<'intake.application.filed'> {
  return createEvent(
    'intake.application.filed',
    {
      uscc,
      enterpriseName: `企业 ${uscc}`,
      bundleCode: 'ENTERPRISE_NAME_CHANGE',
      catalogueVersion: 1,
      channel: 'online',
      legalRepresentative: { name: '张三', idNumberMasked: '110101********123X', idNumberDigest: 'digest' },
      agentAppointed: false,
      formValues: { newName: '新名称' },
      materials: [],
      subCases: cases.map((c) => ({
        caseId: c.caseId,
        key: c.caseId,
        itemCode: c.itemCode,
        authority: c.authority,
        prerequisites: [],
        promisedTimeLimitDays: 5,
        legalTimeLimitDays: 20,
        commitmentAllowed: true,
        materials: [],
      })),
    },
    {
      producer: 'intake',
      applicationId,
      actor: { kind: 'applicant', id: `applicant-${uscc}`, uscc },
      occurredAt: at,
    },
  );
}

export function transitioned(
  applicationId: string,
  c: CaseSpec,
  from: SubCaseStateName,
  to: SubCaseStateName,
  at: Date,
  days?: { elapsed: number; promised: number },
): TypedEnvelope<'intake.subcase.transitioned'> {
  return createEvent(
    'intake.subcase.transitioned',
    {
      caseId: c.caseId,
      itemCode: c.itemCode,
      authority: c.authority,
      from,
      to,
      ...(days === undefined
        ? {}
        : { elapsedWorkingDays: days.elapsed, pausedWorkingDays: 0, promisedTimeLimitDays: days.promised }),
    },
    { producer: 'intake', applicationId, caseId: c.caseId, actor: system, occurredAt: at },
  );
}

export function assessed(
  applicationId: string,
  uscc: string,
  c: CaseSpec,
  outcomes: Array<'EXEMPT' | 'VERIFIED'>,
  at: Date,
): TypedEnvelope<'verification.assessment.completed'> {
  return createEvent(
    'verification.assessment.completed',
    {
      caseId: c.caseId,
      round: 1,
      itemCode: c.itemCode,
      authority: c.authority,
      uscc,
      materials: outcomes.map((outcome, i) => ({
        materialCode: `M${i}`,
        outcome,
        deferrable: false,
        reason: { zh: '核验', en: 'checked' },
        evidenceIds: [],
      })),
      crossChecks: [],
      decision: 'ALL_CLEAR',
      commitmentSigned: false,
      commitmentAllowed: true,
      postHocSamplingRateBasisPoints: 0,
    },
    {
      producer: 'verification',
      applicationId,
      caseId: c.caseId,
      actor: { kind: 'system', id: 'verification' },
      occurredAt: at,
    },
  );
}

/** Acts as another service: produces its events, keyed by applicationId, on its topic. */
export async function produce(ns: TestNamespace, events: TypedEnvelope[]): Promise<void> {
  const producer = testKafka().producer();
  await producer.connect();
  try {
    for (const event of events) {
      const topic = event.type.startsWith('intake.')
        ? TOPICS.intake
        : event.type.startsWith('verification.')
          ? TOPICS.verification
          : TOPICS.commitment;
      await producer.send({
        topic: physicalTopic(topic, ns.topicPrefix),
        messages: [{ key: event.applicationId, value: JSON.stringify(event) }],
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Reads everything the service publishes on its topic, from the beginning. */
export async function watchEvents(
  ns: TestNamespace,
  topic: string,
): Promise<{ events: EventEnvelope[]; stop: () => Promise<void> }> {
  const events: EventEnvelope[] = [];
  const consumer: Consumer = testKafka().consumer({ groupId: `watch-${ns.id}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({
    topic: physicalTopic(topic as (typeof TOPICS)[keyof typeof TOPICS], ns.topicPrefix),
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.value) events.push(JSON.parse(message.value.toString()) as EventEnvelope);
    },
  });
  return { events, stop: () => consumer.disconnect() };
}
