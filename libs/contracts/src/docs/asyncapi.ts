import { getMetadataStorage } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENT_DEFINITIONS, EventType, TOPICS } from '../registry';

type Schema = Record<string, unknown>;

// class-transformer keeps its metadata store in a module without type declarations.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: never;
};

/** JSON Schema of every decorated class (payloads and their nested parts), from class-validator. */
function allSchemas(): Record<string, Schema> {
  return validationMetadatasToSchemas({
    classValidatorMetadataStorage: getMetadataStorage(),
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
  }) as Record<string, Schema>;
}

function schemaName(cls: { name: string }): string {
  return cls.name;
}

/** The AsyncAPI 3.0 document of the whole system, generated from the one contracts library. */
export function asyncApiDocument(): Schema {
  const channels: Schema = {};
  const operations: Schema = {};
  const messages: Schema = {};
  const generated = allSchemas();
  const schemas: Schema = {};
  // Only the contracts' classes (and what they reference), sorted for a stable document.
  const addSchemaTree = (cls: { name: string }): void => {
    const pending = [cls.name];
    while (pending.length) {
      const name = pending.pop() ?? '';
      if (schemas[name] || !generated[name]) continue;
      schemas[name] = generated[name];
      for (const m of JSON.stringify(generated[name]).matchAll(/#\/components\/schemas\/([A-Za-z0-9_]+)/g))
        pending.push(m[1] ?? '');
    }
  };
  const byTopic = new Map<string, EventType[]>();
  for (const type of Object.keys(EVENT_DEFINITIONS) as EventType[]) {
    const def = EVENT_DEFINITIONS[type];
    byTopic.set(def.topic, [...(byTopic.get(def.topic) ?? []), type]);
    const payload = def.versions[def.version];
    addSchemaTree(payload);
    messages[type.replace(/\./g, '_')] = {
      name: type,
      title: `${def.summary.zh} / ${def.summary.en}`,
      summary: def.summary.en,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: {
          'event-id': { type: 'string' },
          'event-type': { type: 'string', const: type },
          'correlation-id': { type: 'string' },
          'causation-id': { type: 'string' },
        },
      },
      payload: {
        allOf: [
          { $ref: '#/components/schemas/EventEnvelope' },
          {
            type: 'object',
            properties: {
              type: { const: type },
              version: { const: def.version },
              payload: { $ref: `#/components/schemas/${schemaName(payload)}` },
            },
          },
        ],
      },
    };
  }
  schemas.EventEnvelope = {
    type: 'object',
    description: 'The one envelope of every event. Kafka key = applicationId.',
    required: [
      'id',
      'type',
      'version',
      'occurredAt',
      'producer',
      'applicationId',
      'correlationId',
      'causationId',
      'actor',
      'payload',
    ],
    properties: {
      id: { type: 'string', description: 'ULID' },
      type: { type: 'string' },
      version: { type: 'integer', minimum: 1 },
      occurredAt: { type: 'string', format: 'date-time' },
      producer: { type: 'string' },
      applicationId: { type: 'string' },
      caseId: { type: 'string' },
      correlationId: { type: 'string' },
      causationId: { type: 'string' },
      actor: {
        type: 'object',
        required: ['kind', 'id'],
        properties: {
          kind: { type: 'string', enum: ['applicant', 'caseworker', 'supervisor', 'auditor', 'system'] },
          id: { type: 'string' },
          uscc: { type: 'string' },
          authority: { type: 'string' },
        },
      },
      payload: { type: 'object' },
    },
  };
  for (const [topic, types] of byTopic) {
    const key = topic.replace(/[.-]/g, '_');
    channels[key] = {
      address: topic,
      description: `Kafka topic ${topic}; key = applicationId (per-application order).`,
      messages: Object.fromEntries(
        types.map((t) => [t.replace(/\./g, '_'), { $ref: `#/components/messages/${t.replace(/\./g, '_')}` }]),
      ),
    };
    operations[`publish_${key}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${key}` },
      messages: types.map((t) => ({ $ref: `#/channels/${key}/messages/${t.replace(/\./g, '_')}` })),
    };
  }
  channels.dead_letter = {
    address: TOPICS.deadLetter,
    description:
      'Dead letters: the original message (value, key, headers, origin topic/partition/offset) with the error and attempts.',
    messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
  };
  messages.deadLetter = {
    name: 'dead-letter',
    contentType: 'application/json',
    payload: {
      type: 'object',
      required: ['deadLetteredAt', 'consumerGroup', 'error', 'origin', 'value', 'valueEncoding'],
      properties: {
        deadLetteredAt: { type: 'string', format: 'date-time' },
        consumerGroup: { type: 'string' },
        error: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            attempts: { type: 'integer' },
          },
        },
        origin: { type: 'object' },
        eventId: { type: 'string' },
        eventType: { type: 'string' },
        value: { type: 'string' },
        valueEncoding: { type: 'string', enum: ['utf8', 'base64'] },
      },
    },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: '一件事一次办 — integrated IP service window events',
      version: '1.0.0',
      description:
        'Every topic and event type, generated from libs/contracts. 所有主题与事件类型，由契约库生成。',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:19092',
        protocol: 'kafka',
        description: 'Local KRaft broker started by npm run stack:up',
      },
    },
    channels,
    operations,
    components: {
      messages,
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}

/** The event catalogue as Markdown (docs/event-catalogue.md), generated from the same registry. */
export function eventCatalogueMarkdown(): string {
  const lines = [
    '# Event catalogue 事件目录',
    '',
    'Generated from `libs/contracts` (`npm run docs:asyncapi`); the machine-readable form is `docs/asyncapi.yaml`.',
    'Every event travels in the one envelope (ADR 0001); Kafka key = `applicationId`.',
    '',
    '| topic | type | v | 说明 | meaning | payload fields |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const schemas = allSchemas();
  for (const type of Object.keys(EVENT_DEFINITIONS) as EventType[]) {
    const def = EVENT_DEFINITIONS[type];
    const cls = def.versions[def.version];
    const props = Object.keys((schemas[cls.name]?.properties as Record<string, unknown> | undefined) ?? {});
    lines.push(
      `| \`${def.topic}\` | \`${type}\` | ${def.version} | ${def.summary.zh} | ${def.summary.en} | ${props.map((p) => `\`${p}\``).join(', ')} |`,
    );
  }
  lines.push(
    '',
    `Dead letters go to \`${TOPICS.deadLetter}\` with the original value, key, headers, origin and the error.`,
    '',
  );
  return lines.join('\n');
}
