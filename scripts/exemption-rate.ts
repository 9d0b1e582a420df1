/**
 * The exemption rate (免于提交率): share of required materials that data sharing exempted, over a
 * generated batch of applications. Pure and reproducible: the registry is the sandbox's seeded data
 * (same seed as the sandbox), applications are expanded from the seed catalogue, and each sub-case is
 * judged by the same rules the verification service uses.
 *
 *   npx ts-node -T -r tsconfig-paths/register scripts/exemption-rate.ts [count] [seed]
 */
import { expandBundle, loadSeedCatalogue } from '@app/catalogue';
import { maskResidentId, piiDigest } from '@app/identifiers';
import {
  assessSubCase,
  exemptionRate,
  type AssetFacts,
  type SourceAnswers,
  type VerificationInput,
} from '@app/verification-rules';
import {
  generateRegistry,
  seededRandom,
  type Asset,
  type Enterprise,
} from '../apps/registry-sandbox/src/domain/seed';

const COUNT = Number(process.argv[2] ?? 500);
const SEED = process.argv[3] ?? process.env.SANDBOX_SEED ?? 'ipw-sandbox-1';
const PII_KEY = process.env.PII_HMAC_KEY ?? 'local-development-pii-key-change-me';
const BUNDLES = ['ENTERPRISE_NAME_CHANGE', 'ENTERPRISE_ADDRESS_CHANGE', 'PATENT_PLEDGE', 'TRADEMARK_PLEDGE'];

const registry = generateRegistry(SEED, 300);
const catalogue = loadSeedCatalogue();
const rnd = seededRandom(`${SEED}:applications`);
const pick = <T>(list: readonly T[]): T => {
  const v = list[Math.floor(rnd() * list.length)];
  if (v === undefined) throw new Error('empty');
  return v;
};

function holdings(e: Enterprise): Asset[] {
  const names = new Set([e.name, ...e.nameHistory.map((h) => h.name)]);
  return registry.assets.filter((a) => names.has(a.holder));
}

function answersFor(e: Enterprise, asset: Asset | undefined): SourceAnswers {
  const digest = piiDigest(e.legalRepresentative.idNumber, PII_KEY);
  const masked = maskResidentId(e.legalRepresentative.idNumber);
  const assetAnswer = asset
    ? {
        status: 'FOUND' as const,
        data: { kind: asset.kind, number: asset.number, holder: asset.holder } as AssetFacts,
        evidenceId: 'asset',
      }
    : undefined;
  return {
    'enterprise-registry': {
      status: 'FOUND',
      evidenceId: 'ent',
      data: {
        uscc: e.uscc,
        name: e.name,
        status: e.status,
        address: e.address,
        nameHistory: e.nameHistory,
        addressHistory: e.addressHistory,
        legalRepresentative: {
          name: e.legalRepresentative.name,
          idNumberDigest: digest,
          idNumberMasked: masked,
        },
      },
    },
    ...(e.status === 'DEREGISTERED'
      ? { 'e-licence': { status: 'NOT_FOUND', evidenceId: 'lic' } }
      : {
          'e-licence': {
            status: 'FOUND',
            evidenceId: 'lic',
            data: {
              uscc: e.uscc,
              name: e.name,
              licenceNumber: `EL-${e.uscc}`,
              valid: e.status === 'IN_BUSINESS',
            },
          },
        }),
    identity: {
      status: 'FOUND',
      evidenceId: 'id',
      data: {
        uscc: e.uscc,
        registeredName: e.legalRepresentative.name,
        registeredIdNumberDigest: digest,
        registeredIdNumberMasked: masked,
      },
    },
    ...(assetAnswer
      ? {
          'patent-register': assetAnswer,
          'trademark-register': assetAnswer,
          'layout-design-register': assetAnswer,
        }
      : {}),
  };
}

const perBundle = new Map<string, { exempt: number; total: number; applications: number }>();
const decisions = new Map<string, number>();
const all: ReturnType<typeof assessSubCase>[] = [];
for (let i = 0; i < COUNT; i++) {
  const e = pick(registry.enterprises);
  const bundleCode = pick(BUNDLES);
  const owned = holdings(e);
  const patents = owned.filter((a) => a.kind === 'patent').map((a) => a.number);
  const trademarks = owned.filter((a) => a.kind === 'trademark').map((a) => a.number);
  const layoutDesigns = owned.filter((a) => a.kind === 'layout-design').map((a) => a.number);
  const assets =
    bundleCode === 'PATENT_PLEDGE'
      ? { patents: patents.slice(0, 1) }
      : bundleCode === 'TRADEMARK_PLEDGE'
        ? { trademarks: trademarks.slice(0, 1) }
        : { patents, trademarks, layoutDesigns };
  if (
    (bundleCode === 'PATENT_PLEDGE' && !patents.length) ||
    (bundleCode === 'TRADEMARK_PLEDGE' && !trademarks.length)
  )
    continue;
  const agentAppointed = rnd() < 0.3;
  const commitmentSigned = rnd() < 0.6;
  const formValues = {
    oldName: e.name,
    newName: `${e.name}（更名）`,
    oldAddress: e.address,
    newAddress: `${e.address}（新址）`,
  };
  const stats = perBundle.get(bundleCode) ?? { exempt: 0, total: 0, applications: 0 };
  stats.applications++;
  for (const sub of expandBundle(catalogue, bundleCode, assets)) {
    const materials = sub.materials.filter((m) => m.requiredWhen === 'always' || agentAppointed);
    // The applicant submits every non-provable material, except (sometimes) deferrable ones under a commitment.
    const submitted = materials
      .filter((m) => m.provableBy.length === 0 && !(m.deferrable && commitmentSigned && rnd() < 0.5))
      .map((m) => ({ materialCode: m.code, documentId: `d-${m.code}`, sha256: '0'.repeat(64) }));
    const asset = sub.asset
      ? registry.assets.find((a) => a.kind === sub.asset?.kind && a.number === sub.asset.number)
      : undefined;
    const input: VerificationInput = {
      itemCode: sub.itemCode,
      uscc: e.uscc,
      enterpriseName: e.name,
      ...(sub.asset ? { asset: { kind: sub.asset.kind, number: sub.asset.number } } : {}),
      legalRepresentative: {
        name: e.legalRepresentative.name,
        idNumberDigest: piiDigest(e.legalRepresentative.idNumber, PII_KEY),
        idNumberMasked: maskResidentId(e.legalRepresentative.idNumber),
      },
      formValues,
      materials: materials.map((m) => ({
        code: m.code,
        name: m.name,
        provableBy: m.provableBy.map((p) => p.source),
        provableFacts: m.provableBy.map((p) => p.fact),
        deferrable: m.deferrable,
        ...(m.deferralWorkingDays ? { deferralWorkingDays: m.deferralWorkingDays } : {}),
      })),
      submitted,
      commitmentSigned,
      commitmentAllowed: sub.commitmentAllowed,
    };
    const result = assessSubCase(input, answersFor(e, asset));
    all.push(result);
    decisions.set(result.decision, (decisions.get(result.decision) ?? 0) + 1);
    const r = exemptionRate([result]);
    stats.exempt += r.exempt;
    stats.total += r.total;
  }
  perBundle.set(bundleCode, stats);
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const overall = exemptionRate(all);
const filed = [...perBundle.values()].reduce((n, s) => n + s.applications, 0);
console.log(
  `免于提交率 Exemption rate — seed "${SEED}", ${filed} generated applications (of ${COUNT} drawn; pledges without assets skipped), ${all.length} sub-cases`,
);
for (const [bundle, s] of [...perBundle.entries()].sort()) {
  console.log(
    `  ${bundle.padEnd(28)} applications ${String(s.applications).padStart(4)}  exempt ${String(s.exempt).padStart(5)} / ${String(s.total).padStart(5)}  ${pct(s.total ? s.exempt / s.total : 0)}`,
  );
}
console.log(
  `  ${'ALL'.padEnd(28)} ${' '.repeat(17)} exempt ${String(overall.exempt).padStart(5)} / ${String(overall.total).padStart(5)}  ${pct(overall.rate)}`,
);
console.log(`  decisions: ${[...decisions.entries()].map(([d, n]) => `${d} ${n}`).join(', ')}`);
console.log(
  '  (exempt = proven by a data-sharing source for an enterprise in business; materials of revoked/deregistered enterprises are not exempt)',
);
