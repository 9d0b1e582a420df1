/**
 * Small hand-made catalogues for the unit specs (not exported from the library). Each builder returns
 * a valid piece; a spec changes exactly the property whose rule it proves.
 */
import type { Bundle, BundleItem, Catalogue, FormFieldSpec, MaterialSpec, ServiceItem } from './model';

export function material(code: string, overrides: Partial<MaterialSpec> = {}): MaterialSpec {
  return {
    code,
    name: { zh: `材料${code}`, en: `Material ${code}` },
    description: { zh: `材料${code}说明`, en: `Material ${code} description` },
    provableBy: [],
    deferrable: false,
    mediaTypes: ['application/pdf'],
    maxBytes: 1000,
    ...overrides,
  };
}

export function field(code: string, overrides: Partial<FormFieldSpec> = {}): FormFieldSpec {
  return {
    code,
    label: { zh: `问题${code}`, en: `Question ${code}` },
    type: 'string',
    required: true,
    ...overrides,
  };
}

export function item(code: string, overrides: Partial<ServiceItem> = {}): ServiceItem {
  return {
    code,
    name: { zh: `事项${code}`, en: `Item ${code}` },
    authority: 'MARKET_REGULATION',
    acceptanceConditions: [{ zh: '申请人为依法登记的企业', en: 'The applicant is a registered enterprise' }],
    materials: [],
    formFields: [],
    commitmentAllowed: true,
    postHocSamplingRate: 0.1,
    legalTimeLimitDays: 20,
    promisedTimeLimitDays: 10,
    ...overrides,
  };
}

export function entry(
  itemCode: string,
  cardinality: BundleItem['cardinality'] = 'once',
  dependsOn: string[] = [],
): BundleItem {
  return { itemCode, cardinality, dependsOn };
}

export function bundle(code: string, items: BundleItem[], overrides: Partial<Bundle> = {}): Bundle {
  return {
    code,
    name: { zh: `一件事${code}`, en: `Bundle ${code}` },
    description: { zh: '说明', en: 'Description' },
    items,
    commitmentAllowed: true,
    ...overrides,
  };
}

export function catalogue(
  items: ServiceItem[],
  bundles: Bundle[],
  overrides: Partial<Catalogue> = {},
): Catalogue {
  return { version: 1, publishedAt: '2025-01-02T09:00:00+08:00', items, bundles, ...overrides };
}

/**
 * A "head" item done once and a patent item and a trademark item depending on it, the shape of the
 * name-change bundle, with neutral codes so specs do not depend on the seed file.
 */
export function headAndAssetsCatalogue(): Catalogue {
  return catalogue(
    [
      item('HEAD'),
      item('ON_PATENT', { authority: 'PATENT_OFFICE', assetKind: 'patent' }),
      item('ON_TRADEMARK', { authority: 'TRADEMARK_OFFICE', assetKind: 'trademark' }),
    ],
    [
      bundle('B', [
        entry('HEAD'),
        entry('ON_PATENT', 'per-patent', ['HEAD']),
        entry('ON_TRADEMARK', 'per-trademark', ['HEAD']),
      ]),
    ],
  );
}
