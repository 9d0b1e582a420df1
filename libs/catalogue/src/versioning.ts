import { CatalogueError, type CatalogueIssue, invalidCatalogue } from './errors';
import type { Bundle, Catalogue, ServiceItem } from './model';
import { hasCatalogueShape } from './shape';
import { deepFreeze } from './util';
import { catalogueIssues } from './validate';

/**
 * One step of the catalogue's dynamic management (§(二) 动态管理, 及时更新、动态调整): items and
 * bundles are added or replaced by code, and may be retired by code.
 */
export interface CatalogueChange {
  readonly items?: readonly ServiceItem[];
  readonly bundles?: readonly Bundle[];
  readonly retireItems?: readonly string[];
  readonly retireBundles?: readonly string[];
}

/**
 * Reads an untrusted catalogue (JSON file, database document, editor request): shape first, then every
 * rule of `validateCatalogue`. Returns a deep-frozen copy; the input is left untouched.
 */
export function parseCatalogue(raw: unknown): Catalogue {
  const issues: CatalogueIssue[] = [];
  if (!hasCatalogueShape(raw, issues)) throw invalidCatalogue(issues);
  const copy = structuredClone(raw);
  const semantic = catalogueIssues(copy);
  if (semantic.length > 0) throw invalidCatalogue(semantic);
  return deepFreeze(copy);
}

function upsert<T extends { readonly code: string }>(
  current: readonly T[],
  replacements: readonly T[],
  retired: readonly string[],
  path: string,
  issues: CatalogueIssue[],
): T[] {
  const seen = new Set<string>();
  replacements.forEach((r, i) => {
    if (seen.has(r.code)) {
      issues.push({
        path: `change.${path}[${i}].code`,
        code: 'CATALOGUE.DUPLICATE_CODE',
        message: { zh: `变更中编码“${r.code}”出现多次`, en: `code "${r.code}" appears twice in the change` },
      });
    }
    seen.add(r.code);
  });
  const byCode = new Map(replacements.map((r) => [r.code, r]));
  const kept = current.filter((c) => !retired.includes(c.code)).map((c) => byCode.get(c.code) ?? c);
  const added = replacements.filter((r) => !current.some((c) => c.code === r.code));
  return [...kept, ...added];
}

function checkRetirements(
  codes: readonly string[],
  current: readonly { readonly code: string }[],
  replaced: readonly { readonly code: string }[],
  path: string,
  unknownCode: 'CATALOGUE.UNKNOWN_ITEM' | 'CATALOGUE.UNKNOWN_BUNDLE',
  issues: CatalogueIssue[],
): void {
  codes.forEach((code, i) => {
    if (!current.some((c) => c.code === code)) {
      issues.push({
        path: `change.${path}[${i}]`,
        code: unknownCode,
        message: {
          zh: `要撤销的“${code}”不在当前清单中`,
          en: `"${code}" to retire is not in the current catalogue`,
        },
      });
    } else if (replaced.some((r) => r.code === code)) {
      issues.push({
        path: `change.${path}[${i}]`,
        code: 'CATALOGUE.INVALID_VALUE',
        message: {
          zh: `“${code}”不能在同一次变更中既修改又撤销`,
          en: `"${code}" cannot be both replaced and retired`,
        },
      });
    }
  });
}

/**
 * Publishes the next version: a new, validated, deep-frozen catalogue with version + 1. The current
 * version is never touched, so applications filed under it are still judged by it.
 * `publishedAt` defaults to now and may not precede the current version's publication.
 */
export function nextCatalogueVersion(
  current: Catalogue,
  change: CatalogueChange,
  publishedAt: string = new Date().toISOString(),
): Catalogue {
  const items = change.items ?? [];
  const bundles = change.bundles ?? [];
  const retireItems = change.retireItems ?? [];
  const retireBundles = change.retireBundles ?? [];
  if (items.length + bundles.length + retireItems.length + retireBundles.length === 0) {
    throw new CatalogueError('CATALOGUE.EMPTY_CHANGE', {
      zh: '变更内容为空，不发布新版本',
      en: 'The change is empty; no new version is published',
    });
  }
  const issues: CatalogueIssue[] = [];
  checkRetirements(retireItems, current.items, items, 'retireItems', 'CATALOGUE.UNKNOWN_ITEM', issues);
  checkRetirements(
    retireBundles,
    current.bundles,
    bundles,
    'retireBundles',
    'CATALOGUE.UNKNOWN_BUNDLE',
    issues,
  );
  const candidate = {
    version: current.version + 1,
    publishedAt,
    items: upsert(current.items, items, retireItems, 'items', issues),
    bundles: upsert(current.bundles, bundles, retireBundles, 'bundles', issues),
  };
  if (Date.parse(publishedAt) < Date.parse(current.publishedAt)) {
    issues.push({
      path: 'publishedAt',
      code: 'CATALOGUE.INVALID_PUBLISHED_AT',
      message: {
        zh: `新版本发布时间早于第${current.version}版（${current.publishedAt}）`,
        en: `publishedAt precedes version ${current.version} (${current.publishedAt})`,
      },
    });
  }
  if (issues.length > 0) throw invalidCatalogue(issues);
  // Clone through the structural check: the caller's change objects may be mutated later, the
  // published version must not follow them.
  return parseCatalogue(candidate);
}
