import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EventEnvelope } from './envelope';
import { DomainError, FieldViolation } from './errors';
import { EVENT_DEFINITIONS, isEventType, TypedEnvelope } from './registry';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const error of errors) {
    const path = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({
        path,
        code: `VALIDATION.${constraint.toUpperCase()}`,
        message: { zh: `字段 ${path} 不符合要求：${message}`, en: message },
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/**
 * Parses and validates an event from the wire: envelope first, then the payload against the class
 * bound to (type, version). Never trust a message because "our own service produced it".
 */
export function parseEnvelope(raw: unknown): TypedEnvelope {
  let value = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      value = JSON.parse(raw.toString());
    } catch {
      throw new DomainError('EVENT.NOT_JSON', { zh: '消息不是合法的 JSON', en: 'Message is not valid JSON' });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError('EVENT.NOT_OBJECT', {
      zh: '消息不是 JSON 对象',
      en: 'Message is not a JSON object',
    });
  }
  const envelope = plainToInstance(EventEnvelope, value);
  const envelopeErrors = validateSync(envelope, { forbidUnknownValues: false });
  if (envelopeErrors.length) {
    throw new DomainError(
      'EVENT.INVALID_ENVELOPE',
      { zh: '事件信封不合法', en: 'Invalid event envelope' },
      flattenValidationErrors(envelopeErrors),
    );
  }
  if (!isEventType(envelope.type)) {
    throw new DomainError('EVENT.UNKNOWN_TYPE', {
      zh: `未知事件类型：${envelope.type}`,
      en: `Unknown event type: ${envelope.type}`,
    });
  }
  const payloadClass = EVENT_DEFINITIONS[envelope.type].versions[envelope.version];
  if (!payloadClass) {
    throw new DomainError('EVENT.UNKNOWN_VERSION', {
      zh: `事件 ${envelope.type} 没有版本 ${envelope.version}`,
      en: `Event ${envelope.type} has no version ${envelope.version}`,
    });
  }
  const payload = plainToInstance(payloadClass, envelope.payload);
  const payloadErrors = validateSync(payload, { forbidUnknownValues: false, whitelist: false });
  if (payloadErrors.length) {
    throw new DomainError(
      'EVENT.INVALID_PAYLOAD',
      { zh: `事件 ${envelope.type} 的内容不合法`, en: `Invalid payload for ${envelope.type}` },
      flattenValidationErrors(payloadErrors, 'payload'),
    );
  }
  // Keep the plain payload: downstream code treats events as data, not class instances.
  return { ...(value as object), payload: envelope.payload } as TypedEnvelope;
}
