import {
  CatalogueError,
  catalogueIssues,
  type Catalogue,
  loadSeedCatalogue,
  parseCatalogue,
  validateCatalogue,
} from '@app/catalogue';
import { bundle, catalogue, entry, field, headAndAssetsCatalogue, item, material } from './test-fixtures';

/** The (code, path) pairs a catalogue is reported for. */
function issues(c: Catalogue): Array<[string, string]> {
  return catalogueIssues(c).map((i) => [i.code, i.path]);
}

function thrown(fn: () => unknown): CatalogueError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CatalogueError) return error;
    throw error;
  }
  throw new Error('expected a CatalogueError');
}

describe('validateCatalogue', () => {
  it('accepts a well-formed catalogue (baseline for every negative case below)', () => {
    expect(issues(headAndAssetsCatalogue())).toEqual([]);
    expect(() => validateCatalogue(headAndAssetsCatalogue())).not.toThrow();
  });

  it('throws CATALOGUE.INVALID listing every defect with its own code and path, all at once', () => {
    const c = catalogue(
      [item('A', { promisedTimeLimitDays: 30, legalTimeLimitDays: 20, postHocSamplingRate: 2 })],
      [bundle('B', [entry('GHOST')])],
    );
    const error = thrown(() => validateCatalogue(c));
    expect(error.code).toBe('CATALOGUE.INVALID');
    expect(error.violations.map((v) => [v.code, v.path])).toEqual([
      ['CATALOGUE.PROMISED_EXCEEDS_LEGAL', 'items[0].promisedTimeLimitDays'],
      ['CATALOGUE.SAMPLING_RATE_OUT_OF_RANGE', 'items[0].postHocSamplingRate'],
      ['CATALOGUE.UNKNOWN_ITEM', 'bundles[0].items[0].itemCode'],
    ]);
    expect(error.text.zh).toContain('3 处问题');
    expect(error.message).toContain('CATALOGUE.UNKNOWN_ITEM');
  });

  describe('bundle references', () => {
    it('rejects a bundle naming an item the catalogue does not have (UNKNOWN_ITEM)', () => {
      const c = catalogue([item('A')], [bundle('B', [entry('A'), entry('MISSING', 'once', ['A'])])]);
      expect(issues(c)).toEqual([['CATALOGUE.UNKNOWN_ITEM', 'bundles[0].items[1].itemCode']]);
    });

    it('rejects a dependsOn naming an item outside the bundle, even one the catalogue has (UNKNOWN_DEPENDENCY)', () => {
      const c = catalogue([item('A'), item('C')], [bundle('B', [entry('A', 'once', ['C'])])]);
      expect(issues(c)).toEqual([['CATALOGUE.UNKNOWN_DEPENDENCY', 'bundles[0].items[0].dependsOn[0]']]);
    });

    it('rejects a two-item dependency cycle and names it', () => {
      const c = catalogue(
        [item('A'), item('C')],
        [bundle('B', [entry('A', 'once', ['C']), entry('C', 'once', ['A'])])],
      );
      const found = catalogueIssues(c);
      expect(found.map((i) => [i.code, i.path])).toEqual([
        ['CATALOGUE.DEPENDENCY_CYCLE', 'bundles[0].items'],
      ]);
      expect(found[0]?.message.en).toBe('dependency cycle: A → C → A');
    });

    it('rejects a longer cycle behind an acyclic head', () => {
      const c = catalogue(
        [item('A'), item('C'), item('D'), item('E')],
        [
          bundle('B', [
            entry('A'),
            entry('C', 'once', ['A', 'E']),
            entry('D', 'once', ['C']),
            entry('E', 'once', ['D']),
          ]),
        ],
      );
      const found = catalogueIssues(c);
      expect(found.map((i) => i.code)).toEqual(['CATALOGUE.DEPENDENCY_CYCLE']);
      expect(found[0]?.message.en).toBe('dependency cycle: C → E → D → C');
    });

    it('rejects an item depending on itself as a cycle', () => {
      const c = catalogue([item('A')], [bundle('B', [entry('A', 'once', ['A'])])]);
      expect(issues(c)).toContainEqual(['CATALOGUE.DEPENDENCY_CYCLE', 'bundles[0].items[0].dependsOn[0]']);
    });

    it('accepts a diamond (two paths to one prerequisite is not a cycle)', () => {
      const c = catalogue(
        [item('A'), item('C'), item('D'), item('E')],
        [
          bundle('B', [
            entry('A'),
            entry('C', 'once', ['A']),
            entry('D', 'once', ['A']),
            entry('E', 'once', ['C', 'D']),
          ]),
        ],
      );
      expect(issues(c)).toEqual([]);
    });

    it('requires per-asset cardinality exactly for items acting on an asset (CARDINALITY_MISMATCH both ways)', () => {
      const c = catalogue(
        [item('A'), item('P', { assetKind: 'patent' })],
        [
          bundle('B1', [entry('P', 'once')]),
          bundle('B2', [entry('A', 'per-patent')]),
          bundle('B3', [entry('P', 'per-trademark')]),
        ],
      );
      expect(issues(c)).toEqual([
        ['CATALOGUE.CARDINALITY_MISMATCH', 'bundles[0].items[0].cardinality'],
        ['CATALOGUE.CARDINALITY_MISMATCH', 'bundles[1].items[0].cardinality'],
        ['CATALOGUE.CARDINALITY_MISMATCH', 'bundles[2].items[0].cardinality'],
      ]);
    });

    it('rejects an empty bundle', () => {
      expect(issues(catalogue([item('A')], [bundle('B', [])]))).toEqual([
        ['CATALOGUE.INVALID_VALUE', 'bundles[0].items'],
      ]);
    });
  });

  describe('duplicate codes', () => {
    it.each([
      ['items', catalogue([item('A'), item('A')], []), 'items[1].code'],
      [
        'bundles',
        catalogue([item('A')], [bundle('B', [entry('A')]), bundle('B', [entry('A')])]),
        'bundles[1].code',
      ],
      [
        'materials within an item',
        catalogue([item('A', { materials: [material('M'), material('M')] })], []),
        'items[0].materials[1].code',
      ],
      [
        'fields within an item',
        catalogue([item('A', { formFields: [field('f'), field('f')] })], []),
        'items[0].formFields[1].code',
      ],
      [
        'items within a bundle',
        catalogue([item('A')], [bundle('B', [entry('A'), entry('A')])]),
        'bundles[0].items[1].itemCode',
      ],
      [
        'prerequisites of one entry',
        catalogue([item('A'), item('C')], [bundle('B', [entry('A'), entry('C', 'once', ['A', 'A'])])]),
        'bundles[0].items[1].dependsOn[1]',
      ],
    ])('reports duplicate %s at the second occurrence', (_what, c, path) => {
      expect(issues(c)).toContainEqual(['CATALOGUE.DUPLICATE_CODE', path]);
    });
  });

  describe('time limits', () => {
    it('rejects a promised time limit above the legal one', () => {
      expect(issues(catalogue([item('A', { legalTimeLimitDays: 5, promisedTimeLimitDays: 6 })], []))).toEqual(
        [['CATALOGUE.PROMISED_EXCEEDS_LEGAL', 'items[0].promisedTimeLimitDays']],
      );
    });

    it('accepts a promised time limit equal to the legal one (boundary)', () => {
      expect(issues(catalogue([item('A', { legalTimeLimitDays: 5, promisedTimeLimitDays: 5 })], []))).toEqual(
        [],
      );
    });

    it.each([0, -1, 1.5])(
      'rejects a non-positive or fractional limit (%p) without also claiming promised > legal',
      (days) => {
        expect(
          issues(catalogue([item('A', { legalTimeLimitDays: days, promisedTimeLimitDays: 1 })], [])),
        ).toEqual([['CATALOGUE.INVALID_VALUE', 'items[0].legalTimeLimitDays']]);
      },
    );
  });

  describe('post-hoc sampling rate', () => {
    it.each([-0.01, 1.01, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', (rate) => {
      expect(issues(catalogue([item('A', { postHocSamplingRate: rate })], []))).toEqual([
        ['CATALOGUE.SAMPLING_RATE_OUT_OF_RANGE', 'items[0].postHocSamplingRate'],
      ]);
    });

    it.each([0, 1, 0.05])('accepts %p (bounds inclusive)', (rate) => {
      expect(issues(catalogue([item('A', { postHocSamplingRate: rate })], []))).toEqual([]);
    });
  });

  describe('materials', () => {
    const withMaterial = (m: ReturnType<typeof material>) => catalogue([item('A', { materials: [m] })], []);

    it('rejects a deferrable material without a deferral period', () => {
      expect(issues(withMaterial(material('M', { deferrable: true })))).toEqual([
        ['CATALOGUE.DEFERRAL_DAYS_MISSING', 'items[0].materials[0].deferralWorkingDays'],
      ]);
    });

    it('rejects a deferral period on a material that cannot be deferred', () => {
      expect(issues(withMaterial(material('M', { deferrable: false, deferralWorkingDays: 10 })))).toEqual([
        ['CATALOGUE.INVALID_VALUE', 'items[0].materials[0].deferralWorkingDays'],
      ]);
    });

    it('rejects a zero deferral period', () => {
      expect(issues(withMaterial(material('M', { deferrable: true, deferralWorkingDays: 0 })))).toEqual([
        ['CATALOGUE.INVALID_VALUE', 'items[0].materials[0].deferralWorkingDays'],
      ]);
    });

    it('rejects an exemption the data-sharing source cannot prove (e-licence does not know name history)', () => {
      const m = material('M', { provableBy: [{ source: 'e-licence', fact: 'enterprise.name-history' }] });
      expect(issues(withMaterial(m))).toEqual([
        ['CATALOGUE.INVALID_VALUE', 'items[0].materials[0].provableBy[0]'],
      ]);
    });

    it('rejects no media type, a malformed media type and a non-positive size cap', () => {
      expect(issues(withMaterial(material('M', { mediaTypes: [] })))).toEqual([
        ['CATALOGUE.INVALID_VALUE', 'items[0].materials[0].mediaTypes'],
      ]);
      expect(issues(withMaterial(material('M', { mediaTypes: ['pdf'] })))).toEqual([
        ['CATALOGUE.INVALID_VALUE', 'items[0].materials[0].mediaTypes[0]'],
      ]);
      expect(issues(withMaterial(material('M', { maxBytes: 0 })))).toEqual([
        ['CATALOGUE.INVALID_VALUE', 'items[0].materials[0].maxBytes'],
      ]);
    });

    it('rejects the same material code meaning different documents in two items (CONFLICTING_MATERIAL)', () => {
      const c = catalogue(
        [
          item('A', { materials: [material('M')] }),
          item('C', { materials: [material('M', { name: { zh: '别的', en: 'Other' } })] }),
        ],
        [],
      );
      expect(issues(c)).toEqual([['CATALOGUE.CONFLICTING_MATERIAL', 'items[1].materials[0]']]);
    });

    it('rejects the same material exempt in one item and not in another (exemption belongs to the document)', () => {
      const proof = { source: 'e-licence' as const, fact: 'enterprise.registration' as const };
      const c = catalogue(
        [
          item('A', { materials: [material('M', { provableBy: [proof] })] }),
          item('C', { materials: [material('M')] }),
        ],
        [],
      );
      expect(issues(c)).toEqual([['CATALOGUE.CONFLICTING_MATERIAL', 'items[1].materials[0]']]);
    });

    it('lets items differ on deferral, size cap and condition for the same material (merged later by the strictest rule)', () => {
      const c = catalogue(
        [
          item('A', {
            materials: [material('M', { deferrable: true, deferralWorkingDays: 20, maxBytes: 500 })],
          }),
          item('C', {
            materials: [material('M', { requiredWhen: 'agent-appointed', mediaTypes: ['application/pdf'] })],
          }),
        ],
        [],
      );
      expect(issues(c)).toEqual([]);
    });
  });

  describe('form fields', () => {
    it('rejects the same field code asking a different question in two items (CONFLICTING_FIELD)', () => {
      const c = catalogue(
        [
          item('A', { formFields: [field('newName', { maxLength: 100 })] }),
          item('C', { formFields: [field('newName', { maxLength: 50 })] }),
        ],
        [],
      );
      expect(issues(c)).toEqual([['CATALOGUE.CONFLICTING_FIELD', 'items[1].formFields[0]']]);
    });

    it('rejects differing enum options under the same code', () => {
      const a = field('reason', { type: 'enum', options: [{ value: 'X', label: { zh: '甲', en: 'X' } }] });
      const b = field('reason', { type: 'enum', options: [{ value: 'Y', label: { zh: '乙', en: 'Y' } }] });
      const c = catalogue([item('A', { formFields: [a] }), item('C', { formFields: [b] })], []);
      expect(issues(c)).toEqual([['CATALOGUE.CONFLICTING_FIELD', 'items[1].formFields[0]']]);
    });

    it('allows `required` alone to differ (the merged form asks it as required if any item needs it)', () => {
      const c = catalogue(
        [
          item('A', { formFields: [field('effectiveDate', { type: 'date', required: true })] }),
          item('C', { formFields: [field('effectiveDate', { type: 'date', required: false })] }),
        ],
        [],
      );
      expect(issues(c)).toEqual([]);
    });

    it.each([
      ['enum without options', field('f', { type: 'enum' }), 'items[0].formFields[0].options'],
      [
        'options on a non-enum',
        field('f', { options: [{ value: 'X', label: { zh: '甲', en: 'X' } }] }),
        'items[0].formFields[0].options',
      ],
      ['an invalid regular expression', field('f', { pattern: '([' }), 'items[0].formFields[0].pattern'],
      [
        'a pattern on an integer',
        field('f', { type: 'integer', pattern: '[0-9]+' }),
        'items[0].formFields[0].pattern',
      ],
      ['min above max', field('f', { type: 'integer', min: 5, max: 4 }), 'items[0].formFields[0].min'],
      ['min on a string', field('f', { min: 1 }), 'items[0].formFields[0].min'],
      ['maxLength 0', field('f', { maxLength: 0 }), 'items[0].formFields[0].maxLength'],
      ['an unknown type', field('f', { type: 'money' as 'string' }), 'items[0].formFields[0].type'],
    ])('rejects %s', (_what, f, path) => {
      expect(issues(catalogue([item('A', { formFields: [f] })], []))).toEqual([
        ['CATALOGUE.INVALID_VALUE', path],
      ]);
    });

    it('rejects duplicate option values', () => {
      const options = [
        { value: 'X', label: { zh: '甲', en: 'X' } },
        { value: 'X', label: { zh: '乙', en: 'Y' } },
      ];
      expect(
        issues(catalogue([item('A', { formFields: [field('f', { type: 'enum', options })] })], [])),
      ).toEqual([['CATALOGUE.DUPLICATE_CODE', 'items[0].formFields[0].options[1].value']]);
    });
  });

  describe('codes, enums and header', () => {
    it('rejects badly formed codes (they become keys and field paths)', () => {
      const c = catalogue([item('a:b', { formFields: [field('new.name')], materials: [material('m')] })], []);
      expect(issues(c)).toEqual([
        ['CATALOGUE.INVALID_CODE', 'items[0].code'],
        ['CATALOGUE.INVALID_CODE', 'items[0].materials[0].code'],
        ['CATALOGUE.INVALID_CODE', 'items[0].formFields[0].code'],
      ]);
    });

    it('rejects an unknown authority, asset kind and material condition', () => {
      const c = catalogue(
        [
          item('A', {
            authority: 'TAX_BUREAU' as 'PATENT_OFFICE',
            assetKind: 'domain-name' as 'patent',
            materials: [material('M', { requiredWhen: 'sometimes' as 'always' })],
          }),
        ],
        [],
      );
      expect(issues(c)).toEqual([
        ['CATALOGUE.INVALID_VALUE', 'items[0].authority'],
        ['CATALOGUE.INVALID_VALUE', 'items[0].assetKind'],
        ['CATALOGUE.INVALID_VALUE', 'items[0].materials[0].requiredWhen'],
      ]);
    });

    it('requires acceptance conditions (受理条件) and bilingual names', () => {
      const c = catalogue([item('A', { acceptanceConditions: [], name: { zh: '名称', en: ' ' } })], []);
      expect(issues(c)).toEqual([
        ['CATALOGUE.INVALID_VALUE', 'items[0].name'],
        ['CATALOGUE.INVALID_VALUE', 'items[0].acceptanceConditions'],
      ]);
    });

    it('rejects version 0 and a publishedAt that is not an ISO instant', () => {
      expect(issues(catalogue([], [], { version: 0, publishedAt: '2025-01-02' }))).toEqual([
        ['CATALOGUE.INVALID_VALUE', 'version'],
        ['CATALOGUE.INVALID_PUBLISHED_AT', 'publishedAt'],
      ]);
    });
  });
});

describe('parseCatalogue (untrusted JSON)', () => {
  it('reports structural defects with their paths before judging values', () => {
    const raw = JSON.parse(JSON.stringify(headAndAssetsCatalogue())) as Record<string, unknown>;
    const items = raw['items'] as Array<Record<string, unknown>>;
    items[0] = { ...items[0], materials: [{ ...material('M'), maxBytes: '10MB' }] };
    delete raw['bundles'];
    const error = thrown(() => parseCatalogue(raw));
    expect(error.code).toBe('CATALOGUE.INVALID');
    expect(error.violations.map((v) => [v.code, v.path])).toEqual([
      ['CATALOGUE.INVALID_SHAPE', 'items[0].materials[0].maxBytes'],
      ['CATALOGUE.INVALID_SHAPE', 'bundles'],
    ]);
  });

  it('rejects a non-object', () => {
    expect(thrown(() => parseCatalogue('catalogue')).violations[0]?.path).toBe('(root)');
  });

  it('returns a frozen copy and leaves the input alone', () => {
    const raw = headAndAssetsCatalogue();
    const parsed = parseCatalogue(raw);
    expect(parsed).toEqual(raw);
    expect(parsed).not.toBe(raw);
    expect(Object.isFrozen(parsed.items[0])).toBe(true);
    expect(Object.isFrozen(raw.items[0])).toBe(false);
  });
});

describe('seed catalogue (data/catalogue/catalogue.json)', () => {
  const seed = loadSeedCatalogue();
  const authorityOf = (code: string) => seed.items.find((i) => i.code === code)?.authority;

  it('is version 1 and passes every rule', () => {
    expect(seed.version).toBe(1);
    expect(catalogueIssues(seed)).toEqual([]);
  });

  it('has the items of the brief, each with the authority that handles it', () => {
    const byName = new Map(seed.items.map((i) => [i.name.zh, i]));
    expect(byName.get('企业名称变更登记')?.authority).toBe('MARKET_REGULATION');
    expect(byName.get('企业住所变更登记')?.authority).toBe('MARKET_REGULATION');
    expect(byName.get('企业设立登记')?.authority).toBe('MARKET_REGULATION');
    expect(byName.get('专利申请人（专利权人）姓名或者名称变更（著录项目变更）')).toMatchObject({
      authority: 'PATENT_OFFICE',
      assetKind: 'patent',
    });
    expect(byName.get('商标注册人名义变更')).toMatchObject({
      authority: 'TRADEMARK_OFFICE',
      assetKind: 'trademark',
    });
    expect(byName.get('集成电路布图设计登记事项变更（权利人名称）')).toMatchObject({
      authority: 'LAYOUT_DESIGN_OFFICE',
      assetKind: 'layout-design',
    });
    for (const name of ['商标注册申请', '专利费用减缴备案', '专利权质押登记', '注册商标专用权质押登记']) {
      expect(byName.has(name)).toBe(true);
    }
  });

  it('has the five bundles, IP items depending on the enterprise registration', () => {
    const shape = (code: string) =>
      seed.bundles
        .find((b) => b.code === code)
        ?.items.map((e) => [authorityOf(e.itemCode), e.cardinality, e.dependsOn.length]);
    expect(shape('ENTERPRISE_NAME_CHANGE')).toEqual([
      ['MARKET_REGULATION', 'once', 0],
      ['PATENT_OFFICE', 'per-patent', 1],
      ['TRADEMARK_OFFICE', 'per-trademark', 1],
      ['LAYOUT_DESIGN_OFFICE', 'per-layout-design', 1],
    ]);
    expect(shape('ENTERPRISE_ADDRESS_CHANGE')).toEqual(shape('ENTERPRISE_NAME_CHANGE'));
    expect(shape('ENTERPRISE_ESTABLISHMENT')).toEqual([
      ['MARKET_REGULATION', 'once', 0],
      ['TRADEMARK_OFFICE', 'once', 1],
      ['PATENT_OFFICE', 'once', 1],
    ]);
    expect(shape('PATENT_PLEDGE')).toEqual([['PATENT_OFFICE', 'per-patent', 0]]);
    expect(shape('TRADEMARK_PLEDGE')).toEqual([['TRADEMARK_OFFICE', 'per-trademark', 0]]);
  });
});
