import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse, stringify } from 'yaml';
import { asyncApiDocument, eventCatalogueMarkdown } from './asyncapi';
import { EVENT_DEFINITIONS } from '../registry';

describe('AsyncAPI document generated from the contracts', () => {
  const doc = asyncApiDocument();

  it('is valid for the AsyncAPI parser (no errors)', async () => {
    const { diagnostics, document } = await new Parser().parse(stringify(doc));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.code}: ${e.message} at ${e.path.join('.')}`)).toEqual([]);
    expect(document).toBeDefined();
  });

  it('documents every event type of the registry', () => {
    const messages = Object.values(
      (doc.components as { messages: Record<string, { name: string }> }).messages,
    ).map((m) => m.name);
    expect(messages).toEqual(expect.arrayContaining(Object.keys(EVENT_DEFINITIONS)));
  });

  it('docs/asyncapi.yaml is current (regenerate with npm run docs:asyncapi)', () => {
    const committed = parse(
      readFileSync(join(__dirname, '../../../../docs/asyncapi.yaml'), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('docs/event-catalogue.md is current and lists every event type', () => {
    const committed = readFileSync(join(__dirname, '../../../../docs/event-catalogue.md'), 'utf8');
    expect(committed).toBe(eventCatalogueMarkdown());
    for (const type of Object.keys(EVENT_DEFINITIONS)) expect(committed).toContain(`\`${type}\``);
  });
});
