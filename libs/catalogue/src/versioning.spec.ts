import {
  type Catalogue,
  CatalogueError,
  expandBundle,
  loadSeedCatalogue,
  nextCatalogueVersion,
  parseCatalogue,
} from '@app/catalogue';
import { bundle, entry, headAndAssetsCatalogue, item } from './test-fixtures';

const LATER = '2025-06-01T00:00:00.000Z';

function thrown(fn: () => unknown): CatalogueError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CatalogueError) return error;
    throw error;
  }
  throw new Error('expected a CatalogueError');
}

describe('nextCatalogueVersion', () => {
  let current: Catalogue;
  let snapshot: Catalogue;

  beforeEach(() => {
    current = parseCatalogue(headAndAssetsCatalogue());
    snapshot = structuredClone(current);
  });

  it('publishes version + 1 with the given publication time', () => {
    const next = nextCatalogueVersion(
      current,
      { items: [item('HEAD', { promisedTimeLimitDays: 5 })] },
      LATER,
    );
    expect([next.version, next.publishedAt]).toEqual([2, LATER]);
  });

  it('replaces an item by code in place and leaves the published version as it was', () => {
    const next = nextCatalogueVersion(
      current,
      { items: [item('HEAD', { promisedTimeLimitDays: 5 })] },
      LATER,
    );
    expect(next.items.map((i) => [i.code, i.promisedTimeLimitDays])).toEqual([
      ['HEAD', 5],
      ['ON_PATENT', 10],
      ['ON_TRADEMARK', 10],
    ]);
    expect(current).toEqual(snapshot);
    expect(current.items[0]?.promisedTimeLimitDays).toBe(10);
  });

  it('returns a deep-frozen version: nobody can edit it after publication', () => {
    const next = nextCatalogueVersion(current, { items: [item('NEW')] }, LATER);
    expect(Object.isFrozen(next)).toBe(true);
    expect(Object.isFrozen(next.items)).toBe(true);
    expect(Object.isFrozen(next.items[0]?.acceptanceConditions[0])).toBe(true);
    expect(() => {
      (next.items as ServiceItemList).push(item('SNEAKY'));
    }).toThrow(/not extensible/);
  });

  it('does not follow later edits of the objects the change was built from', () => {
    const draft = { ...item('NEW'), legalTimeLimitDays: 30 };
    const next = nextCatalogueVersion(current, { items: [draft] }, LATER);
    draft.legalTimeLimitDays = 1;
    expect(next.items.find((i) => i.code === 'NEW')?.legalTimeLimitDays).toBe(30);
  });

  it('adds a new item and bundle that the new version can expand and the old one cannot', () => {
    const next = nextCatalogueVersion(
      current,
      {
        items: [item('PLEDGE', { assetKind: 'patent' })],
        bundles: [bundle('PLEDGE_ONLY', [entry('PLEDGE', 'per-patent')])],
      },
      LATER,
    );
    expect(expandBundle(next, 'PLEDGE_ONLY', { patents: ['P1'] }).map((s) => s.key)).toEqual(['PLEDGE:P1']);
    expect(thrown(() => expandBundle(current, 'PLEDGE_ONLY', { patents: ['P1'] })).code).toBe(
      'CATALOGUE.UNKNOWN_BUNDLE',
    );
  });

  it('retires a bundle, then the item it used', () => {
    const withoutBundle = nextCatalogueVersion(current, { retireBundles: ['B'] }, LATER);
    expect(withoutBundle.bundles).toEqual([]);
    const withoutItem = nextCatalogueVersion(withoutBundle, { retireItems: ['ON_TRADEMARK'] }, LATER);
    expect([withoutItem.version, withoutItem.items.map((i) => i.code)]).toEqual([3, ['HEAD', 'ON_PATENT']]);
  });

  it('refuses to retire an item a bundle still uses (the result would be invalid) and publishes nothing', () => {
    const error = thrown(() => nextCatalogueVersion(current, { retireItems: ['ON_TRADEMARK'] }, LATER));
    expect(error.code).toBe('CATALOGUE.INVALID');
    expect(error.violations.map((v) => v.code)).toContain('CATALOGUE.UNKNOWN_ITEM');
    expect(current).toEqual(snapshot);
  });

  it('refuses an invalid replacement item (promised above legal)', () => {
    const error = thrown(() =>
      nextCatalogueVersion(current, { items: [item('HEAD', { promisedTimeLimitDays: 25 })] }, LATER),
    );
    expect(error.violations.map((v) => v.code)).toEqual(['CATALOGUE.PROMISED_EXCEEDS_LEGAL']);
  });

  it('refuses retiring an unknown code, and replacing and retiring the same code together', () => {
    const error = thrown(() =>
      nextCatalogueVersion(
        current,
        { retireItems: ['NOPE'], retireBundles: ['B'], bundles: [bundle('B', [entry('HEAD')])] },
        LATER,
      ),
    );
    expect(error.violations.map((v) => [v.code, v.path])).toEqual([
      ['CATALOGUE.UNKNOWN_ITEM', 'change.retireItems[0]'],
      ['CATALOGUE.INVALID_VALUE', 'change.retireBundles[0]'],
    ]);
  });

  it('refuses the same code twice in one change', () => {
    const error = thrown(() => nextCatalogueVersion(current, { items: [item('NEW'), item('NEW')] }, LATER));
    expect(error.violations.map((v) => [v.code, v.path])).toEqual([
      ['CATALOGUE.DUPLICATE_CODE', 'change.items[1].code'],
    ]);
  });

  it('refuses an empty change (a version must change something)', () => {
    expect(thrown(() => nextCatalogueVersion(current, {}, LATER)).code).toBe('CATALOGUE.EMPTY_CHANGE');
  });

  it('refuses a publication time before the current version', () => {
    const error = thrown(() =>
      nextCatalogueVersion(current, { items: [item('NEW')] }, '2024-01-01T00:00:00Z'),
    );
    expect(error.violations.map((v) => [v.code, v.path])).toEqual([
      ['CATALOGUE.INVALID_PUBLISHED_AT', 'publishedAt'],
    ]);
  });

  it('defaults the publication time to now', () => {
    const before = Date.now();
    const next = nextCatalogueVersion(current, { items: [item('NEW')] });
    expect(Date.parse(next.publishedAt)).toBeGreaterThanOrEqual(before);
  });
});

describe('loadSeedCatalogue', () => {
  it('returns a frozen catalogue that can only change through a new version', () => {
    const seed = loadSeedCatalogue();
    expect(Object.isFrozen(seed.items[0]?.materials[0])).toBe(true);
    const next = nextCatalogueVersion(seed, { retireBundles: ['TRADEMARK_PLEDGE'] }, LATER);
    expect(next.version).toBe(2);
    expect(seed.bundles.map((b) => b.code)).toContain('TRADEMARK_PLEDGE');
    expect(loadSeedCatalogue().bundles.map((b) => b.code)).toContain('TRADEMARK_PLEDGE');
  });
});

type ServiceItemList = Array<ReturnType<typeof item>>;
