/**
 * Generates the AsyncAPI 3.0 document for every topic and event type from libs/contracts
 * (`npm run docs:asyncapi` writes docs/asyncapi.yaml; the unit test checks it is current and valid).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { asyncApiDocument, eventCatalogueMarkdown } from '@app/contracts';

if (require.main === module) {
  const target = join(__dirname, '..', 'docs', 'asyncapi.yaml');
  writeFileSync(target, stringify(asyncApiDocument(), { lineWidth: 0 }));
  process.stdout.write(`wrote ${target}\n`);
  const catalogue = join(__dirname, '..', 'docs', 'event-catalogue.md');
  writeFileSync(catalogue, eventCatalogueMarkdown());
  process.stdout.write(`wrote ${catalogue}\n`);
}
