import { randomBytes } from 'node:crypto';
import { Consumer } from 'kafkajs';
import { mintToken, type Principal } from '@app/auth';
import {
  createEvent,
  physicalTopic,
  TOPICS,
  type EventEnvelope,
  type MaterialAssessment,
  type TypedEnvelope,
} from '@app/contracts';
import { makeUscc } from '@app/identifiers';
import { testKafka, waitFor, type AppProcess, type TestNamespace } from '@app/testing';

/** Test helpers: act as intake and verification on Kafka, read the commitment topic, call the API. */
const TOKENS = {
  secret: 'local-development-secret-change-me',
  issuer: 'ipw-local',
  audience: 'ipw-services',
};

export function token(p: Principal): string {
  return mintToken(TOKENS, p);
}
export const applicant = (uscc: string, subject = `user-${uscc.slice(-4)}`): string =>
  token({ subject, role: 'applicant', uscc });
export const caseworker = (authority: string, subject = `cw-${authority}`): string =>
  token({ subject, role: 'caseworker', authority });
export const supervisor = (): string => token({ subject: 'sup-1', role: 'supervisor' });

export function newUscc(): string {
  const digits = randomBytes(8).readBigUInt64BE().toString().padStart(20, '0').slice(0, 8);
  return makeUscc(`91310000${digits}X`.slice(0, 17));
}

export function newId(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

export interface AssessmentSpec {
  applicationId: string;
  caseId: string;
  uscc: string;
  authority?: string;
  itemCode?: string;
  round?: number;
  decision?: 'ALL_CLEAR' | 'DEFERRABLE_GAPS_ONLY' | 'CORRECTION_NEEDED' | 'REJECT' | 'MANUAL_REVIEW';
  commitmentSigned?: boolean;
  commitmentAllowed?: boolean;
  samplingBasisPoints?: number;
  /** Missing deferrable materials and their deferral working days. */
  missing: Array<{ code: string; days: number }>;
}

export function assessmentEvent(s: AssessmentSpec): TypedEnvelope<'verification.assessment.completed'> {
  const materials: MaterialAssessment[] = [
    {
      materialCode: 'APPLICATION-FORM',
      outcome: 'VERIFIED',
      deferrable: false,
      reason: { zh: '已核验', en: 'verified' },
      evidenceIds: [],
    },
    ...s.missing.map((m) => ({
      materialCode: m.code,
      outcome: 'MISSING' as const,
      deferrable: true,
      deferralWorkingDays: m.days,
      reason: { zh: '未提交', en: 'not submitted' },
      evidenceIds: [],
    })),
  ];
  return createEvent(
    'verification.assessment.completed',
    {
      caseId: s.caseId,
      round: s.round ?? 1,
      itemCode: s.itemCode ?? 'PATENT-APPLICANT-NAME-CHANGE',
      authority: s.authority ?? 'CNIPA',
      uscc: s.uscc,
      materials,
      crossChecks: [],
      decision: s.decision ?? 'DEFERRABLE_GAPS_ONLY',
      commitmentSigned: s.commitmentSigned ?? true,
      commitmentAllowed: s.commitmentAllowed ?? true,
      postHocSamplingRateBasisPoints: s.samplingBasisPoints ?? 0,
    },
    {
      producer: 'verification',
      applicationId: s.applicationId,
      caseId: s.caseId,
      actor: { kind: 'system', id: 'verification' },
    },
  );
}

export function supplementChecked(
  applicationId: string,
  ob: { obligationId: string; caseId: string; materialCode: string },
  outcome: 'VERIFIED' | 'MISMATCH' | 'MANUAL_REVIEW',
): TypedEnvelope<'verification.supplement.checked'> {
  return createEvent(
    'verification.supplement.checked',
    {
      obligationId: ob.obligationId,
      caseId: ob.caseId,
      materialCode: ob.materialCode,
      outcome,
      reason:
        outcome === 'VERIFIED'
          ? { zh: '核验一致', en: 'consistent' }
          : { zh: '与登记信息不一致', en: 'does not match the register' },
      evidenceIds: [],
    },
    {
      producer: 'verification',
      applicationId,
      caseId: ob.caseId,
      actor: { kind: 'system', id: 'verification' },
    },
  );
}

export async function produce(
  ns: TestNamespace,
  topic: keyof typeof TOPICS,
  events: TypedEnvelope[],
): Promise<void> {
  const producer = testKafka().producer();
  await producer.connect();
  await producer.send({
    topic: physicalTopic(TOPICS[topic], ns.topicPrefix),
    messages: events.map((e) => ({ key: e.applicationId, value: JSON.stringify(e) })),
  });
  await producer.disconnect();
}

/** Everything the commitment service publishes, read from the beginning of its topic. */
export class CommitmentTopic {
  readonly events: EventEnvelope<Record<string, unknown>>[] = [];
  private consumer?: Consumer;

  async start(ns: TestNamespace): Promise<void> {
    this.consumer = testKafka().consumer({ groupId: `reader-${ns.id}-${randomBytes(3).toString('hex')}` });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topic: physicalTopic(TOPICS.commitment, ns.topicPrefix),
      fromBeginning: true,
    });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value)
          this.events.push(JSON.parse(message.value.toString()) as EventEnvelope<Record<string, unknown>>);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  of(type: string, caseId?: string): EventEnvelope<Record<string, unknown>>[] {
    return this.events.filter(
      (e) => e.type === type && (caseId === undefined || e.payload.caseId === caseId),
    );
  }

  async next(
    type: string,
    caseId: string,
    count = 1,
    timeoutMs = 20000,
  ): Promise<EventEnvelope<Record<string, unknown>>[]> {
    return waitFor(
      `${count}× ${type} for ${caseId}`,
      async () => (this.of(type, caseId).length >= count ? this.of(type, caseId) : undefined),
      timeoutMs,
    );
  }
}

export async function call(
  app: AppProcess,
  method: string,
  path: string,
  bearer: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export const SHA = 'a'.repeat(64);
