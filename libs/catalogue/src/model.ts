import { ASSET_KINDS, type AssetKindName, type LocalizedText } from '@app/contracts';

/**
 * The public service-item catalogue (公共服务事项清单) of the integrated window, as §(一)(二) of the
 * 2024 opinion asks for: every item states 受理条件、申请材料、办结时限; the catalogue is published in
 * numbered versions so that an application is always judged by the version it was filed under.
 */

export type { LocalizedText };

export const AUTHORITY_CODES = [
  'MARKET_REGULATION',
  'PATENT_OFFICE',
  'TRADEMARK_OFFICE',
  'LAYOUT_DESIGN_OFFICE',
] as const;
export type Authority = (typeof AUTHORITY_CODES)[number];

export const AUTHORITIES: Readonly<Record<Authority, LocalizedText>> = Object.freeze({
  MARKET_REGULATION: { zh: '市场监督管理部门', en: 'Market regulation authority' },
  PATENT_OFFICE: { zh: '国家知识产权局专利局', en: 'Patent Office of CNIPA' },
  TRADEMARK_OFFICE: { zh: '国家知识产权局商标局', en: 'Trademark Office of CNIPA' },
  LAYOUT_DESIGN_OFFICE: {
    zh: '集成电路布图设计登记部门',
    en: 'Integrated circuit layout-design registration authority',
  },
});

export const DATA_SHARING_SOURCE_CODES = [
  'enterprise-registry',
  'e-licence',
  'identity',
  'patent-register',
  'trademark-register',
  'layout-design-register',
] as const;
export type DataSharingSource = (typeof DATA_SHARING_SOURCE_CODES)[number];

export const DATA_SHARING_SOURCES: Readonly<Record<DataSharingSource, LocalizedText>> = Object.freeze({
  'enterprise-registry': { zh: '企业登记信息库', en: 'Enterprise registration database' },
  'e-licence': { zh: '电子证照库', en: 'Electronic licence library' },
  identity: { zh: '公民身份信息核验', en: 'Citizen identity verification' },
  'patent-register': { zh: '专利登记簿', en: 'Patent register' },
  'trademark-register': { zh: '商标注册簿', en: 'Trademark register' },
  'layout-design-register': { zh: '集成电路布图设计登记簿', en: 'Layout-design register' },
});

export const PROVABLE_FACT_CODES = [
  'enterprise.registration',
  'enterprise.name-history',
  'enterprise.address-history',
  'legal-representative.identity',
  'asset.holder',
] as const;
export type ProvableFact = (typeof PROVABLE_FACT_CODES)[number];

export const PROVABLE_FACTS: Readonly<Record<ProvableFact, LocalizedText>> = Object.freeze({
  'enterprise.registration': { zh: '企业登记状态', en: 'Enterprise registration status' },
  'enterprise.name-history': { zh: '企业名称变更记录', en: 'Enterprise name history' },
  'enterprise.address-history': { zh: '企业住所变更记录', en: 'Enterprise address history' },
  'legal-representative.identity': { zh: '法定代表人身份', en: 'Identity of the legal representative' },
  'asset.holder': { zh: '权利人登记信息', en: 'Registered holder of the right' },
});

/**
 * Which facts each data-sharing source can actually vouch for. A catalogue that claims an exemption
 * the source cannot prove would exempt a material nobody checks, so validation rejects it.
 */
export const SOURCE_FACTS: Readonly<Record<DataSharingSource, readonly ProvableFact[]>> = Object.freeze({
  'enterprise-registry': ['enterprise.registration', 'enterprise.name-history', 'enterprise.address-history'],
  'e-licence': ['enterprise.registration'],
  identity: ['legal-representative.identity'],
  'patent-register': ['asset.holder'],
  'trademark-register': ['asset.holder'],
  'layout-design-register': ['asset.holder'],
});

export { ASSET_KINDS };
export type AssetKind = AssetKindName;

export const CARDINALITIES = ['once', 'per-patent', 'per-trademark', 'per-layout-design'] as const;
export type Cardinality = (typeof CARDINALITIES)[number];

/** The cardinality a bundle must use for an item that acts on one asset of this kind. */
export const CARDINALITY_OF_ASSET_KIND: Readonly<Record<AssetKind, Cardinality>> = Object.freeze({
  patent: 'per-patent',
  trademark: 'per-trademark',
  'layout-design': 'per-layout-design',
});

export const MATERIAL_CONDITIONS = ['always', 'agent-appointed'] as const;
export type MaterialCondition = (typeof MATERIAL_CONDITIONS)[number];

export interface DataSharingProof {
  readonly source: DataSharingSource;
  readonly fact: ProvableFact;
}

export interface MaterialSpec {
  readonly code: string;
  readonly name: LocalizedText;
  readonly description: LocalizedText;
  /** Non-empty ⇒ exempt from submission (免于提交): the window verifies it through data sharing. */
  readonly provableBy: readonly DataSharingProof[];
  /** May be supplied later under a signed commitment (告知承诺+容缺办理). */
  readonly deferrable: boolean;
  readonly deferralWorkingDays?: number;
  readonly mediaTypes: readonly string[];
  readonly maxBytes: number;
  /** Absent means 'always'. */
  readonly requiredWhen?: MaterialCondition;
}

export const FIELD_TYPES = ['string', 'date', 'enum', 'boolean', 'integer'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldOption {
  readonly value: string;
  readonly label: LocalizedText;
}

export interface FormFieldSpec {
  /** Same code = same question in every item (一表申请 asks it once). */
  readonly code: string;
  readonly label: LocalizedText;
  readonly type: FieldType;
  readonly required: boolean;
  /** Counted in characters (code points), so 50 means fifty Chinese characters. */
  readonly maxLength?: number;
  /** Must match the whole value, like the HTML `pattern` attribute. */
  readonly pattern?: string;
  readonly options?: readonly FieldOption[];
  /** Inclusive bounds of an integer field. */
  readonly min?: number;
  readonly max?: number;
}

export interface ServiceItem {
  readonly code: string;
  readonly name: LocalizedText;
  readonly authority: Authority;
  /** 受理条件 */
  readonly acceptanceConditions: readonly LocalizedText[];
  readonly materials: readonly MaterialSpec[];
  readonly formFields: readonly FormFieldSpec[];
  /** 告知承诺: the item accepts a signed commitment in place of deferrable materials. */
  readonly commitmentAllowed: boolean;
  /** Share of commitment cases drawn for post-hoc verification (事后核查), 0..1. */
  readonly postHocSamplingRate: number;
  /** 法定办结时限, working days. */
  readonly legalTimeLimitDays: number;
  /** 承诺办结时限, working days, never above the legal limit. */
  readonly promisedTimeLimitDays: number;
  /** Present when the item acts on one asset: the bundle then repeats it per asset. */
  readonly assetKind?: AssetKind;
}

export interface BundleItem {
  readonly itemCode: string;
  readonly cardinality: Cardinality;
  /** Item codes of the same bundle whose sub-cases must complete first. */
  readonly dependsOn: readonly string[];
}

/** An integrated matter (一件事): items handled together under one form and one set of materials. */
export interface Bundle {
  readonly code: string;
  readonly name: LocalizedText;
  readonly description: LocalizedText;
  readonly items: readonly BundleItem[];
  readonly commitmentAllowed: boolean;
}

export interface Catalogue {
  readonly version: number;
  /** ISO-8601 instant. */
  readonly publishedAt: string;
  readonly items: readonly ServiceItem[];
  readonly bundles: readonly Bundle[];
}

/** How the applicant must provide a material in this application. */
export const SUBMISSION_MODES = [
  'EXEMPT_DATA_SHARING',
  'MUST_SUBMIT',
  'DEFERRABLE_UNDER_COMMITMENT',
] as const;
export type SubmissionMode = (typeof SUBMISSION_MODES)[number];

/** Asset numbers the applicant lists for a bundle; a kind left out means none. */
export interface BundleAssets {
  readonly patents?: readonly string[];
  readonly trademarks?: readonly string[];
  readonly layoutDesigns?: readonly string[];
}

export interface AssetRef {
  readonly kind: AssetKind;
  readonly number: string;
}

/** A material as one sub-case needs it, with the decision how it is to be provided. */
export interface MaterialRequirement extends MaterialSpec {
  readonly requiredWhen: MaterialCondition;
  readonly submission: SubmissionMode;
  readonly submissionLabel: LocalizedText;
}

/** One linked process of the bundled application (one item, or one item for one asset). */
export interface SubCaseSpec {
  /** Deterministic: `itemCode`, or `itemCode:assetNumber` for per-asset items. */
  readonly key: string;
  readonly itemCode: string;
  readonly itemName: LocalizedText;
  readonly authority: Authority;
  readonly asset?: AssetRef;
  /** Keys of the sub-cases this one waits for. */
  readonly prerequisites: readonly string[];
  readonly promisedTimeLimitDays: number;
  readonly legalTimeLimitDays: number;
  /** Item allows commitment AND bundle allows commitment. */
  readonly commitmentAllowed: boolean;
  readonly postHocSamplingRate: number;
  readonly materials: readonly MaterialRequirement[];
}

/** A question of the single merged form (一表申请), with the items that need the answer. */
export interface MergedField extends FormFieldSpec {
  readonly askedBy: readonly string[];
}

/** A material of the single set of materials (一套材料), with the sub-cases that rely on it. */
export interface MergedMaterial extends MaterialSpec {
  readonly requiredWhen: MaterialCondition;
  readonly neededBy: readonly string[];
  readonly submission: SubmissionMode;
  readonly submissionLabel: LocalizedText;
}

export interface NoticeOptions {
  readonly agentAppointed: boolean;
  /**
   * undefined: the applicant has not decided yet, so the notice shows what a commitment would allow;
   * true: signed; false: declined, so nothing can be deferred.
   */
  readonly commitmentSigned?: boolean;
}

/** 一次告知: everything the applicant must know and provide, stated once. */
export interface OneTimeNotice {
  readonly bundle: Bundle;
  readonly catalogueVersion: number;
  readonly fields: readonly MergedField[];
  readonly materials: readonly MergedMaterial[];
  readonly subCases: readonly SubCaseSpec[];
}
