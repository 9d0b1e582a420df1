import type { FieldViolation } from '@app/contracts';
import {
  type ApplicationErrorCode,
  CatalogueError,
  invalidCatalogue,
  throwApplicationViolations,
} from './errors';
import { submissionLabel } from './labels';
import {
  ASSET_KINDS,
  type AssetKind,
  type AssetRef,
  type Bundle,
  type BundleAssets,
  type BundleItem,
  type Cardinality,
  type Catalogue,
  type MaterialRequirement,
  type MaterialSpec,
  type ServiceItem,
  type SubCaseSpec,
  type SubmissionMode,
} from './model';

/** Where each asset kind is listed in the applicant's request. */
export const ASSET_LIST_KEY: Readonly<Record<AssetKind, keyof BundleAssets>> = Object.freeze({
  patent: 'patents',
  trademark: 'trademarks',
  'layout-design': 'layoutDesigns',
});

const ASSET_KIND_OF_CARDINALITY: Readonly<Record<Cardinality, AssetKind | undefined>> = Object.freeze({
  once: undefined,
  'per-patent': 'patent',
  'per-trademark': 'trademark',
  'per-layout-design': 'layout-design',
});

const KIND_NAME: Readonly<Record<AssetKind, { zh: string; en: string }>> = {
  patent: { zh: '专利', en: 'patent' },
  trademark: { zh: '商标', en: 'trademark' },
  'layout-design': { zh: '集成电路布图设计', en: 'layout design' },
};

/**
 * Only cosmetic normalisation: full-width characters to half-width (NFKC, so a number typed with a
 * Chinese input method matches), whitespace removed, upper case. Whether the result is a well-formed
 * patent/trademark number is for the identifiers library to decide.
 */
export function normaliseAssetNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

export function findBundle(catalogue: Catalogue, bundleCode: string): Bundle | undefined {
  return catalogue.bundles.find((b) => b.code === bundleCode);
}

export function findItem(catalogue: Catalogue, itemCode: string): ServiceItem | undefined {
  return catalogue.items.find((i) => i.code === itemCode);
}

export function requireBundle(catalogue: Catalogue, bundleCode: string): Bundle {
  const bundle = findBundle(catalogue, bundleCode);
  if (bundle) return bundle;
  const message = {
    zh: `服务事项清单（第${catalogue.version}版）中没有一件事“${bundleCode}”`,
    en: `Catalogue version ${catalogue.version} has no bundle "${bundleCode}"`,
  };
  throw new CatalogueError(
    'CATALOGUE.UNKNOWN_BUNDLE',
    message,
    [{ path: 'bundleCode', code: 'CATALOGUE.UNKNOWN_BUNDLE', message }],
    'NOT_FOUND',
  );
}

type AssetNumbers = Readonly<Record<AssetKind, readonly string[]>>;
type ApplicationViolation = FieldViolation & { code: ApplicationErrorCode };

/**
 * Normalises the listed asset numbers and reports, all at once, blank numbers, numbers listed twice
 * (after normalisation) and asset kinds the bundle has no item for.
 */
export function normaliseBundleAssets(bundle: Bundle, assets: BundleAssets): AssetNumbers {
  const applicable = new Set(bundle.items.map((b) => ASSET_KIND_OF_CARDINALITY[b.cardinality]));
  const violations: ApplicationViolation[] = [];
  const result: Record<AssetKind, string[]> = { patent: [], trademark: [], 'layout-design': [] };
  for (const kind of ASSET_KINDS) {
    const key = ASSET_LIST_KEY[kind];
    const listed: readonly unknown[] = assets[key] ?? [];
    if (listed.length === 0) continue;
    if (!applicable.has(kind)) {
      violations.push({
        path: `assets.${key}`,
        code: 'APPLICATION.ASSET_NOT_APPLICABLE',
        message: {
          zh: `“${bundle.name.zh}”不涉及${KIND_NAME[kind].zh}，请勿填报${KIND_NAME[kind].zh}号`,
          en: `Bundle "${bundle.name.en}" has no ${KIND_NAME[kind].en} item; do not list ${KIND_NAME[kind].en} numbers`,
        },
      });
      continue;
    }
    const firstIndex = new Map<string, number>();
    listed.forEach((raw, index) => {
      const path = `assets.${key}[${index}]`;
      const number = typeof raw === 'string' ? normaliseAssetNumber(raw) : '';
      if (number === '') {
        violations.push({
          path,
          code: 'APPLICATION.BLANK_ASSET_NUMBER',
          message: {
            zh: `${KIND_NAME[kind].zh}号不能为空`,
            en: `${KIND_NAME[kind].en} number must not be blank`,
          },
        });
        return;
      }
      const first = firstIndex.get(number);
      if (first !== undefined) {
        violations.push({
          path,
          code: 'APPLICATION.DUPLICATE_ASSET',
          message: {
            zh: `${KIND_NAME[kind].zh}号 ${number} 与第${first + 1}项重复`,
            en: `${KIND_NAME[kind].en} number ${number} is already listed at position ${first + 1}`,
          },
        });
        return;
      }
      firstIndex.set(number, index);
      result[kind].push(number);
    });
  }
  throwApplicationViolations(violations);
  return result;
}

/** Bundle items ordered so that every item comes after its prerequisites; ties keep catalogue order. */
export function orderByDependencies(bundle: Bundle): BundleItem[] {
  const inBundle = new Set(bundle.items.map((b) => b.itemCode));
  const placed = new Set<string>();
  const ordered: BundleItem[] = [];
  const remaining = [...bundle.items];
  while (remaining.length > 0) {
    const index = remaining.findIndex((b) => b.dependsOn.every((d) => placed.has(d) || !inBundle.has(d)));
    const next = remaining[index];
    if (index < 0 || !next) {
      throw invalidCatalogue([
        {
          path: `bundles(${bundle.code}).items`,
          code: 'CATALOGUE.DEPENDENCY_CYCLE',
          message: { zh: '前置关系构成循环', en: 'dependency cycle' },
        },
      ]);
    }
    remaining.splice(index, 1);
    placed.add(next.itemCode);
    ordered.push(next);
  }
  return ordered;
}

/** How one sub-case alone would have the material provided (the merged notice may be stricter). */
export function submissionFor(material: MaterialSpec, commitmentAllowed: boolean): SubmissionMode {
  if (material.provableBy.length > 0) return 'EXEMPT_DATA_SHARING';
  if (material.deferrable && commitmentAllowed) return 'DEFERRABLE_UNDER_COMMITMENT';
  return 'MUST_SUBMIT';
}

function requirementOf(material: MaterialSpec, commitmentAllowed: boolean): MaterialRequirement {
  const submission = submissionFor(material, commitmentAllowed);
  return {
    ...material,
    requiredWhen: material.requiredWhen ?? 'always',
    submission,
    submissionLabel: submissionLabel(submission, material),
  };
}

export function subCaseKey(itemCode: string, asset?: AssetRef): string {
  return asset ? `${itemCode}:${asset.number}` : itemCode;
}

/**
 * Fans a bundle out into its sub-cases: one per `once` item, one per listed asset for a `per-…` item.
 *
 * Decisions:
 * - A `per-…` item with no asset of its kind yields no sub-case. A bundle that still yields at least
 *   one sub-case is accepted: an enterprise with no trademark may still file the name change with
 *   its patents, and one with no IP at all still gets the market-regulation change through the same
 *   window. Only an expansion with no sub-case at all is refused (`APPLICATION.NO_SUB_CASES`).
 * - Prerequisites: a sub-case waits for every sub-case of each item it depends on, except that two
 *   items repeated per asset of the same kind are paired asset by asset (the pledge of patent A does
 *   not wait for the change on patent B). A dependency that yielded no sub-case is looked through to
 *   its own prerequisites, so the order of what remains is kept.
 * - Sub-cases come in dependency order (prerequisites first), assets in the order listed.
 * - Per sub-case, materials keep their `requiredWhen` (the agent is not known here) and a submission
 *   decided for that sub-case alone; `oneTimeNotice` aligns them with the merged, strictest rule.
 */
export function expandBundle(catalogue: Catalogue, bundleCode: string, assets: BundleAssets): SubCaseSpec[] {
  const bundle = requireBundle(catalogue, bundleCode);
  const numbers = normaliseBundleAssets(bundle, assets);
  const entries = new Map(bundle.items.map((b) => [b.itemCode, b]));
  const subCasesByItem = new Map<string, SubCaseSpec[]>();
  const effectiveKeys = (itemCode: string, seen: ReadonlySet<string>): string[] => {
    const own = subCasesByItem.get(itemCode) ?? [];
    if (own.length > 0) return own.map((s) => s.key);
    const entry = entries.get(itemCode);
    if (!entry || seen.has(itemCode)) return [];
    const next = new Set(seen).add(itemCode);
    return entry.dependsOn.flatMap((d) => effectiveKeys(d, next));
  };
  const subCases: SubCaseSpec[] = [];
  for (const entry of orderByDependencies(bundle)) {
    const item = findItem(catalogue, entry.itemCode);
    if (!item) {
      throw invalidCatalogue([
        {
          path: `bundles(${bundle.code}).items`,
          code: 'CATALOGUE.UNKNOWN_ITEM',
          message: { zh: `清单中没有事项“${entry.itemCode}”`, en: `unknown item "${entry.itemCode}"` },
        },
      ]);
    }
    const kind = ASSET_KIND_OF_CARDINALITY[entry.cardinality];
    const targets: Array<AssetRef | undefined> = kind
      ? numbers[kind].map((number) => ({ kind, number }))
      : [undefined];
    const commitmentAllowed = item.commitmentAllowed && bundle.commitmentAllowed;
    const own: SubCaseSpec[] = targets.map((asset) => {
      const prerequisites = entry.dependsOn.flatMap((dep) => {
        const depSubCases = subCasesByItem.get(dep) ?? [];
        const paired =
          asset !== undefined &&
          entries.get(dep)?.cardinality === entry.cardinality &&
          depSubCases.length > 0;
        return paired
          ? depSubCases.filter((s) => s.asset?.number === asset.number).map((s) => s.key)
          : effectiveKeys(dep, new Set());
      });
      return {
        key: subCaseKey(item.code, asset),
        itemCode: item.code,
        itemName: item.name,
        authority: item.authority,
        ...(asset ? { asset } : {}),
        prerequisites: [...new Set(prerequisites)],
        promisedTimeLimitDays: item.promisedTimeLimitDays,
        legalTimeLimitDays: item.legalTimeLimitDays,
        commitmentAllowed,
        postHocSamplingRate: item.postHocSamplingRate,
        materials: item.materials.map((m) => requirementOf(m, commitmentAllowed)),
      };
    });
    subCasesByItem.set(item.code, own);
    subCases.push(...own);
  }
  if (subCases.length === 0) {
    const kinds = [...new Set(bundle.items.map((b) => ASSET_KIND_OF_CARDINALITY[b.cardinality]))].filter(
      (k): k is AssetKind => k !== undefined,
    );
    throwApplicationViolations([
      {
        path: 'assets',
        code: 'APPLICATION.NO_SUB_CASES',
        message: {
          zh: `“${bundle.name.zh}”须至少填报一项${kinds.map((k) => KIND_NAME[k].zh).join('或')}`,
          en: `Bundle "${bundle.name.en}" needs at least one ${kinds.map((k) => KIND_NAME[k].en).join(' or ')} number`,
        },
      },
    ]);
  }
  return subCases;
}
