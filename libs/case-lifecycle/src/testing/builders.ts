import {
  type ApplicationFiledV1,
  type EventEnvelope,
  type EventType,
  type PayloadOf,
  type Reason,
  type SubCaseOpened,
  type SubCaseStateName,
  type SubCaseTransitionedV1,
  type TypedEnvelope,
  EVENT_DEFINITIONS,
  SYSTEM_ACTOR,
} from '@app/contracts';

/**
 * Test builders for envelopes and the payloads the reducers fold. Deterministic: ids are a
 * zero-padded sequence (a valid, sortable ULID shape) and, unless overridden, each event occurs one
 * minute after the previous one. No clock, no randomness.
 */
export const TEST_APPLICATION_ID = 'APP-0001';
const BASE_TIME = Date.parse('2025-03-03T01:00:00.000Z');
let sequence = 0;

/** Restarts ids and default times, for suites that compare them. */
export function resetEventSequence(): void {
  sequence = 0;
}

export type EnvelopeOverrides = Partial<Omit<EventEnvelope, 'type' | 'payload'>>;

export function anEvent<T extends EventType>(
  type: T,
  payload: PayloadOf<T>,
  overrides: EnvelopeOverrides = {},
): TypedEnvelope<T> {
  sequence += 1;
  const id = overrides.id ?? String(sequence).padStart(26, '0');
  const envelope: EventEnvelope<PayloadOf<T>> = {
    id,
    type,
    version: EVENT_DEFINITIONS[type].version,
    occurredAt: new Date(BASE_TIME + sequence * 60_000).toISOString(),
    producer: 'test',
    applicationId: TEST_APPLICATION_ID,
    correlationId: id,
    causationId: id,
    actor: SYSTEM_ACTOR,
    ...overrides,
    payload,
  };
  return envelope as TypedEnvelope<T>;
}

export function aSubCaseOpened(overrides: Partial<SubCaseOpened> = {}): SubCaseOpened {
  return {
    caseId: 'CASE-1',
    key: 'name-change',
    itemCode: 'SAMR-NAME-CHANGE',
    authority: 'SAMR',
    prerequisites: [],
    promisedTimeLimitDays: 5,
    legalTimeLimitDays: 20,
    commitmentAllowed: true,
    materials: [],
    ...overrides,
  };
}

export function anApplicationFiled(overrides: Partial<ApplicationFiledV1> = {}): ApplicationFiledV1 {
  return {
    uscc: '91310000MA1FL0000X',
    enterpriseName: '上海示例科技有限公司',
    bundleCode: 'ENTERPRISE-NAME-CHANGE',
    catalogueVersion: 1,
    channel: 'online',
    legalRepresentative: { name: '张三', idNumberMasked: '110101********123X', idNumberDigest: 'digest' },
    agentAppointed: false,
    formValues: {},
    materials: [],
    subCases: [aSubCaseOpened()],
    ...overrides,
  };
}

export function aTransition(
  caseId: string,
  from: SubCaseStateName,
  to: SubCaseStateName,
  reason?: Reason,
): SubCaseTransitionedV1 {
  return { caseId, itemCode: 'ITEM', authority: 'AUTHORITY', from, to, ...(reason ? { reason } : {}) };
}

export function aReason(code = 'TEST.REASON', zh = '测试原因', en = 'test reason'): Reason {
  return { code, text: { zh, en } };
}
