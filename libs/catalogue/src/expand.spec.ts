import { CatalogueError, expandBundle, loadSeedCatalogue, normaliseAssetNumber } from '@app/catalogue';
import { bundle, catalogue, entry, headAndAssetsCatalogue, item, material } from './test-fixtures';

function thrown(fn: () => unknown): CatalogueError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CatalogueError) return error;
    throw error;
  }
  throw new Error('expected a CatalogueError');
}

const seed = loadSeedCatalogue();

describe('expandBundle — enterprise name change with 2 patents and 2 trademarks', () => {
  const subCases = expandBundle(seed, 'ENTERPRISE_NAME_CHANGE', {
    patents: ['2020101234567', '2021106543210'],
    trademarks: ['12345678', '87654321'],
  });

  it('fans out into 1 name change + 2 patent changes + 2 trademark changes = 5 sub-cases (no layout design listed ⇒ none)', () => {
    expect(subCases.map((s) => s.key)).toEqual([
      'MR_ENTERPRISE_NAME_CHANGE',
      'PO_APPLICANT_NAME_CHANGE:2020101234567',
      'PO_APPLICANT_NAME_CHANGE:2021106543210',
      'TO_REGISTRANT_NAME_CHANGE:12345678',
      'TO_REGISTRANT_NAME_CHANGE:87654321',
    ]);
  });

  it('makes every IP sub-case wait for the name change, and the name change wait for nothing', () => {
    expect(subCases.map((s) => s.prerequisites)).toEqual([
      [],
      ['MR_ENTERPRISE_NAME_CHANGE'],
      ['MR_ENTERPRISE_NAME_CHANGE'],
      ['MR_ENTERPRISE_NAME_CHANGE'],
      ['MR_ENTERPRISE_NAME_CHANGE'],
    ]);
  });

  it('routes each sub-case to its authority and names its asset', () => {
    expect(subCases.map((s) => [s.authority, s.asset])).toEqual([
      ['MARKET_REGULATION', undefined],
      ['PATENT_OFFICE', { kind: 'patent', number: '2020101234567' }],
      ['PATENT_OFFICE', { kind: 'patent', number: '2021106543210' }],
      ['TRADEMARK_OFFICE', { kind: 'trademark', number: '12345678' }],
      ['TRADEMARK_OFFICE', { kind: 'trademark', number: '87654321' }],
    ]);
  });

  it("copies each item's time limits and sampling rate", () => {
    const byItem = new Map(seed.items.map((i) => [i.code, i]));
    for (const s of subCases) {
      const source = byItem.get(s.itemCode);
      expect([s.promisedTimeLimitDays, s.legalTimeLimitDays, s.postHocSamplingRate]).toEqual([
        source?.promisedTimeLimitDays,
        source?.legalTimeLimitDays,
        source?.postHocSamplingRate,
      ]);
    }
  });

  it('is deterministic: the same request yields the same keys in the same order', () => {
    const again = expandBundle(seed, 'ENTERPRISE_NAME_CHANGE', {
      patents: ['2020101234567', '2021106543210'],
      trademarks: ['12345678', '87654321'],
    });
    expect(again).toEqual(subCases);
  });
});

describe('expandBundle — cardinality and prerequisites', () => {
  it('with no IP asset the name change still yields its single market-regulation sub-case (documented decision)', () => {
    expect(expandBundle(seed, 'ENTERPRISE_NAME_CHANGE', {}).map((s) => s.key)).toEqual([
      'MR_ENTERPRISE_NAME_CHANGE',
    ]);
  });

  it('refuses a bundle that would yield no sub-case at all (pledge without a patent)', () => {
    const error = thrown(() => expandBundle(seed, 'PATENT_PLEDGE', { patents: [] }));
    expect([error.code, error.path]).toEqual(['APPLICATION.NO_SUB_CASES', 'assets']);
  });

  it('expands establishment into three once-only sub-cases, trademark application and fee reduction after establishment', () => {
    const subCases = expandBundle(seed, 'ENTERPRISE_ESTABLISHMENT', {});
    expect(subCases.map((s) => [s.key, s.prerequisites])).toEqual([
      ['MR_ENTERPRISE_ESTABLISHMENT', []],
      ['TO_TRADEMARK_APPLICATION', ['MR_ENTERPRISE_ESTABLISHMENT']],
      ['PO_FEE_REDUCTION_FILING', ['MR_ENTERPRISE_ESTABLISHMENT']],
    ]);
  });

  it('expands a pledge once per patent, with no prerequisites', () => {
    expect(
      expandBundle(seed, 'PATENT_PLEDGE', { patents: ['A1', 'A2', 'A3'] }).map((s) => [
        s.key,
        s.prerequisites,
      ]),
    ).toEqual([
      ['PO_PATENT_PLEDGE:A1', []],
      ['PO_PATENT_PLEDGE:A2', []],
      ['PO_PATENT_PLEDGE:A3', []],
    ]);
  });

  it('allows a commitment only where both item and bundle allow it', () => {
    const c = catalogue(
      [item('YES'), item('NO', { commitmentAllowed: false })],
      [
        bundle('OPEN', [entry('YES'), entry('NO')]),
        bundle('CLOSED', [entry('YES')], { commitmentAllowed: false }),
      ],
    );
    expect(expandBundle(c, 'OPEN', {}).map((s) => s.commitmentAllowed)).toEqual([true, false]);
    expect(expandBundle(c, 'CLOSED', {}).map((s) => s.commitmentAllowed)).toEqual([false]);
  });

  it('puts prerequisites first even when the bundle lists the dependent item first', () => {
    const c = catalogue(
      [item('LATER'), item('FIRST')],
      [bundle('B', [entry('LATER', 'once', ['FIRST']), entry('FIRST')])],
    );
    expect(expandBundle(c, 'B', {}).map((s) => [s.key, s.prerequisites])).toEqual([
      ['FIRST', []],
      ['LATER', ['FIRST']],
    ]);
  });

  it('pairs two per-patent items asset by asset (the pledge of P2 does not wait for the change on P1)', () => {
    const c = catalogue(
      [item('CHANGE', { assetKind: 'patent' }), item('PLEDGE', { assetKind: 'patent' })],
      [bundle('B', [entry('CHANGE', 'per-patent'), entry('PLEDGE', 'per-patent', ['CHANGE'])])],
    );
    expect(expandBundle(c, 'B', { patents: ['P1', 'P2'] }).map((s) => [s.key, s.prerequisites])).toEqual([
      ['CHANGE:P1', []],
      ['CHANGE:P2', []],
      ['PLEDGE:P1', ['CHANGE:P1']],
      ['PLEDGE:P2', ['CHANGE:P2']],
    ]);
  });

  it('makes a once item wait for every sub-case of a per-asset prerequisite', () => {
    const c = catalogue(
      [item('ON_PATENT', { assetKind: 'patent' }), item('REPORT')],
      [bundle('B', [entry('ON_PATENT', 'per-patent'), entry('REPORT', 'once', ['ON_PATENT'])])],
    );
    expect(expandBundle(c, 'B', { patents: ['P1', 'P2'] }).map((s) => [s.key, s.prerequisites])).toEqual([
      ['ON_PATENT:P1', []],
      ['ON_PATENT:P2', []],
      ['REPORT', ['ON_PATENT:P1', 'ON_PATENT:P2']],
    ]);
  });

  it('looks through a prerequisite that yielded no sub-case to its own prerequisites, keeping the order', () => {
    const c = catalogue(
      [
        item('HEAD'),
        item('ON_TRADEMARK', { assetKind: 'trademark' }),
        item('ON_PATENT', { assetKind: 'patent' }),
      ],
      [
        bundle('B', [
          entry('HEAD'),
          entry('ON_TRADEMARK', 'per-trademark', ['HEAD']),
          entry('ON_PATENT', 'per-patent', ['ON_TRADEMARK']),
        ]),
      ],
    );
    expect(expandBundle(c, 'B', { patents: ['P1'] }).map((s) => [s.key, s.prerequisites])).toEqual([
      ['HEAD', []],
      ['ON_PATENT:P1', ['HEAD']],
    ]);
  });

  it('gives each sub-case its own materials with a submission decided for that sub-case alone', () => {
    const c = catalogue(
      [
        item('OPEN', { materials: [material('R', { deferrable: true, deferralWorkingDays: 5 })] }),
        item('STRICT', {
          commitmentAllowed: false,
          materials: [material('R', { deferrable: true, deferralWorkingDays: 5 })],
        }),
      ],
      [bundle('B', [entry('OPEN'), entry('STRICT')])],
    );
    const [open, strict] = expandBundle(c, 'B', {});
    expect(open?.materials.map((m) => [m.code, m.submission, m.requiredWhen])).toEqual([
      ['R', 'DEFERRABLE_UNDER_COMMITMENT', 'always'],
    ]);
    expect(strict?.materials.map((m) => [m.code, m.submission])).toEqual([['R', 'MUST_SUBMIT']]);
  });
});

describe('expandBundle — asset list errors', () => {
  it('refuses an unknown bundle with CATALOGUE.UNKNOWN_BUNDLE (not found) at path bundleCode', () => {
    const error = thrown(() => expandBundle(seed, 'ENTERPRISE_MERGER', {}));
    expect([error.code, error.kind, error.path]).toEqual([
      'CATALOGUE.UNKNOWN_BUNDLE',
      'NOT_FOUND',
      'bundleCode',
    ]);
    expect(error.text.zh).toContain('ENTERPRISE_MERGER');
  });

  it('refuses a patent listed twice, pointing at the second listing', () => {
    const error = thrown(() => expandBundle(headAndAssetsCatalogue(), 'B', { patents: ['P1', 'P2', 'P1'] }));
    expect([error.code, error.path]).toEqual(['APPLICATION.DUPLICATE_ASSET', 'assets.patents[2]']);
    expect(error.text.zh).toContain('第1项');
  });

  it('treats numbers equal after whitespace/case/width normalisation as the same asset', () => {
    const error = thrown(() =>
      expandBundle(headAndAssetsCatalogue(), 'B', {
        patents: ['zl2020 1012345 6.7', ' ＺＬ２０２０１０１２３４５６．７'],
      }),
    );
    expect([error.code, error.path]).toEqual(['APPLICATION.DUPLICATE_ASSET', 'assets.patents[1]']);
  });

  it('reports every asset problem in one error (一次性告知), the first one as the error code', () => {
    const error = thrown(() =>
      expandBundle(headAndAssetsCatalogue(), 'B', { patents: ['P1', 'P1'], trademarks: ['T1', '  ', 'T1'] }),
    );
    expect(error.violations.map((v) => [v.code, v.path])).toEqual([
      ['APPLICATION.DUPLICATE_ASSET', 'assets.patents[1]'],
      ['APPLICATION.BLANK_ASSET_NUMBER', 'assets.trademarks[1]'],
      ['APPLICATION.DUPLICATE_ASSET', 'assets.trademarks[2]'],
    ]);
    expect(error.code).toBe('APPLICATION.DUPLICATE_ASSET');
  });

  it('allows the same number under two different kinds (a patent and a trademark are different assets)', () => {
    expect(
      expandBundle(headAndAssetsCatalogue(), 'B', { patents: ['123'], trademarks: ['123'] }).map(
        (s) => s.key,
      ),
    ).toEqual(['HEAD', 'ON_PATENT:123', 'ON_TRADEMARK:123']);
  });

  it('refuses assets of a kind the bundle has no item for (trademarks on a patent pledge)', () => {
    const error = thrown(() => expandBundle(seed, 'PATENT_PLEDGE', { patents: ['P1'], trademarks: ['T1'] }));
    expect([error.code, error.path]).toEqual(['APPLICATION.ASSET_NOT_APPLICABLE', 'assets.trademarks']);
  });

  it('refuses layout designs on the establishment bundle, but accepts an empty list of them', () => {
    expect(
      thrown(() => expandBundle(seed, 'ENTERPRISE_ESTABLISHMENT', { layoutDesigns: ['BS.12500001.0'] })).path,
    ).toBe('assets.layoutDesigns');
    expect(expandBundle(seed, 'ENTERPRISE_ESTABLISHMENT', { layoutDesigns: [], patents: [] })).toHaveLength(
      3,
    );
  });

  it('keys sub-cases by the normalised number', () => {
    expect(expandBundle(seed, 'TRADEMARK_PLEDGE', { trademarks: [' 1234 5678 '] }).map((s) => s.key)).toEqual(
      ['TO_TRADEMARK_PLEDGE:12345678'],
    );
  });
});

describe('normaliseAssetNumber', () => {
  it.each([
    ['zl 2020 1 0123456.7', 'ZL202010123456.7'],
    ['\t2020101234567\n', '2020101234567'],
    ['１２３４５６７８', '12345678'],
    ['ｂｓ．１２５０００１', 'BS.1250001'],
    ['2021\u30001065', '20211065'],
  ])('%p → %p (whitespace, case and full-width only; format is checked elsewhere)', (raw, expected) => {
    expect(normaliseAssetNumber(raw)).toBe(expected);
  });
});
