import { createHash, createHmac } from 'node:crypto';
import { maskResidentId, piiDigest } from '@app/identifiers';
import {
  Asset,
  AssetKind,
  Enterprise,
  FIXTURE_LAYOUT,
  generateRegistry,
  RegistryData,
  STATUS_LABEL,
} from './seed';

/** JSON with sorted keys, so the hash of a document does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export const ISSUERS = {
  'enterprise-registry': {
    code: 'SAMR-ENTERPRISE-REGISTRY',
    name: { zh: '国家企业信用信息（沙箱）', en: 'Enterprise registry (sandbox)' },
  },
  'e-licence': {
    code: 'SAMR-E-LICENCE',
    name: { zh: '电子营业执照库（沙箱）', en: 'Electronic business licence library (sandbox)' },
  },
  identity: {
    code: 'MPS-IDENTITY',
    name: { zh: '公民身份信息核验（沙箱）', en: 'Citizen identity check (sandbox)' },
  },
  'patent-register': {
    code: 'CNIPA-PATENT-REGISTER',
    name: { zh: '专利登记簿（沙箱）', en: 'Patent register (sandbox)' },
  },
  'trademark-register': {
    code: 'CNIPA-TRADEMARK-REGISTER',
    name: { zh: '商标注册簿（沙箱）', en: 'Trademark register (sandbox)' },
  },
  'layout-design-register': {
    code: 'CNIPA-LAYOUT-DESIGN-REGISTER',
    name: { zh: '集成电路布图设计登记簿（沙箱）', en: 'Layout-design register (sandbox)' },
  },
} as const;
export type SourceName = keyof typeof ISSUERS;

export interface EvidenceDocument<T> {
  evidenceNo: string;
  issuer: { code: string; name: { zh: string; en: string } };
  issuedAt: string;
  query: Record<string, string>;
  found: boolean;
  data: T | null;
  /** SHA-256 (hex) of the canonical JSON of `data`. */
  sha256: string;
  /** HMAC-SHA256 over `${issuer.code}|${issuedAt}|${sha256}` with the sandbox signing key. */
  signature: string;
}

export function signEvidence<T>(
  source: SourceName,
  query: Record<string, string>,
  data: T | null,
  key: string,
  now: Date,
): EvidenceDocument<T> {
  const issuer = ISSUERS[source];
  const issuedAt = now.toISOString();
  const sha256 = createHash('sha256').update(canonicalJson(data)).digest('hex');
  const signature = createHmac('sha256', key).update(`${issuer.code}|${issuedAt}|${sha256}`).digest('hex');
  return {
    evidenceNo: `${issuer.code}-${sha256.slice(0, 12)}-${now.getTime()}`,
    issuer,
    issuedAt,
    query,
    found: data !== null,
    data,
    sha256,
    signature,
  };
}

export interface LinkedCase {
  dispatchKey: string;
  caseId: string;
  applicationId: string;
  authority: string;
  itemCode: string;
  uscc: string;
  asset?: { kind: AssetKind; number: string };
  formValues: Record<string, string | number | boolean>;
  callbackUrl: string;
}

export interface LinkedOutcome {
  outcome: 'COMPLETED' | 'DENIED';
  reason?: string;
  changes: string[];
}

function text(values: LinkedCase['formValues'], key: string): string | undefined {
  const v = values[key];
  return v === undefined || String(v).trim() === '' ? undefined : String(v).trim();
}

/** The registers, in memory, seeded from a seed; linked registration processes change them. */
export class Registry {
  private readonly byUscc = new Map<string, Enterprise>();
  private readonly byAsset = new Map<string, Asset>();

  constructor(readonly data: RegistryData) {
    for (const e of data.enterprises) this.byUscc.set(e.uscc, e);
    for (const a of data.assets) this.byAsset.set(`${a.kind}:${a.number}`, a);
  }

  static seeded(seed: string, count: number): Registry {
    return new Registry(generateRegistry(seed, count));
  }

  enterprise(uscc: string): Enterprise | undefined {
    return this.byUscc.get(uscc.trim().toUpperCase());
  }

  asset(kind: AssetKind, number: string): Asset | undefined {
    return this.byAsset.get(`${kind}:${number.trim().toUpperCase()}`);
  }

  assetsOf(enterprise: Enterprise): Asset[] {
    const names = new Set([enterprise.name, ...enterprise.nameHistory.map((h) => h.name)]);
    return this.data.assets.filter((a) => names.has(a.holder));
  }

  /** Public enterprise record as a data-sharing interface returns it (ID number masked + keyed digest). */
  enterpriseView(e: Enterprise, piiKey: string): Record<string, unknown> {
    return {
      uscc: e.uscc,
      name: e.name,
      status: e.status,
      statusLabel: STATUS_LABEL[e.status],
      establishedOn: e.establishedOn,
      address: e.address,
      nameHistory: e.nameHistory,
      addressHistory: e.addressHistory,
      legalRepresentative: {
        name: e.legalRepresentative.name,
        idNumberMasked: maskResidentId(e.legalRepresentative.idNumber),
        idNumberDigest: piiDigest(e.legalRepresentative.idNumber, piiKey),
      },
    };
  }

  licenceView(e: Enterprise): Record<string, unknown> {
    return {
      uscc: e.uscc,
      name: e.name,
      licenceNumber: `EL-${e.uscc}`,
      valid: e.status === 'IN_BUSINESS',
      legalRepresentativeName: e.legalRepresentative.name,
      address: e.address,
      establishedOn: e.establishedOn,
    };
  }

  /**
   * Identity check of a person against an enterprise: the caller sends the name and either the ID
   * number or its keyed digest; the answer never contains the full number.
   */
  identityCheck(
    e: Enterprise,
    name: string,
    idNumber: string | undefined,
    idNumberDigest: string | undefined,
    piiKey: string,
  ): Record<string, unknown> {
    const registeredDigest = piiDigest(e.legalRepresentative.idNumber, piiKey);
    const declaredDigest = idNumber ? piiDigest(idNumber.trim().toUpperCase(), piiKey) : idNumberDigest;
    const nameMatches = name.trim() === e.legalRepresentative.name;
    const idNumberMatches = declaredDigest === registeredDigest;
    return {
      uscc: e.uscc,
      verdict: nameMatches && idNumberMatches ? 'MATCH' : 'MISMATCH',
      nameMatches,
      idNumberMatches,
      registered: {
        name: e.legalRepresentative.name,
        idNumberMasked: maskResidentId(e.legalRepresentative.idNumber),
        idNumberDigest: registeredDigest,
      },
    };
  }

  /**
   * Carries out a linked registration process and changes the registers accordingly: a name change
   * renames the enterprise and keeps the old name in its history; an IP holder-name change renames
   * the holder of the asset; address changes likewise.
   */
  carryOut(c: LinkedCase, now: Date): LinkedOutcome {
    const e = this.enterprise(c.uscc);
    if (c.formValues.sandboxOutcome === 'DENY')
      return { outcome: 'DENIED', reason: 'sandboxOutcome=DENY', changes: [] };
    if (!e) return { outcome: 'DENIED', reason: 'ENTERPRISE_NOT_FOUND', changes: [] };
    if (e.flagged) return { outcome: 'DENIED', reason: 'ENTERPRISE_FLAGGED', changes: [] };
    if (e.status !== 'IN_BUSINESS')
      return { outcome: 'DENIED', reason: 'ENTERPRISE_NOT_IN_BUSINESS', changes: [] };
    const today = now.toISOString().slice(0, 10);
    const newName = text(c.formValues, 'newName');
    const newAddress = text(c.formValues, 'newAddress');
    switch (c.itemCode) {
      case 'MR_ENTERPRISE_NAME_CHANGE': {
        if (!newName) return { outcome: 'DENIED', reason: 'NEW_NAME_MISSING', changes: [] };
        if (newName === e.name) return { outcome: 'COMPLETED', changes: [] };
        e.nameHistory.unshift({ name: e.name, until: today });
        e.name = newName;
        return { outcome: 'COMPLETED', changes: [`enterprise ${e.uscc} name → ${newName}`] };
      }
      case 'MR_ENTERPRISE_ADDRESS_CHANGE': {
        if (!newAddress) return { outcome: 'DENIED', reason: 'NEW_ADDRESS_MISSING', changes: [] };
        e.addressHistory.unshift({ address: e.address, until: today });
        e.address = newAddress;
        return { outcome: 'COMPLETED', changes: [`enterprise ${e.uscc} address → ${newAddress}`] };
      }
      case 'PO_APPLICANT_NAME_CHANGE':
      case 'TO_REGISTRANT_NAME_CHANGE':
      case 'LD_HOLDER_NAME_CHANGE': {
        const asset = c.asset ? this.asset(c.asset.kind, c.asset.number) : undefined;
        if (!asset) return { outcome: 'DENIED', reason: 'ASSET_NOT_FOUND', changes: [] };
        const names = new Set([e.name, ...e.nameHistory.map((h) => h.name)]);
        if (!names.has(asset.holder))
          return { outcome: 'DENIED', reason: 'ASSET_NOT_HELD_BY_ENTERPRISE', changes: [] };
        const target = newName ?? e.name;
        if (asset.holder !== target) {
          asset.holderHistory.unshift({ holder: asset.holder, until: today });
          asset.holder = target;
        }
        return { outcome: 'COMPLETED', changes: [`${asset.kind} ${asset.number} holder → ${target}`] };
      }
      case 'PO_PATENTEE_ADDRESS_CHANGE':
      case 'TO_REGISTRANT_ADDRESS_CHANGE':
      case 'LD_HOLDER_ADDRESS_CHANGE': {
        const asset = c.asset ? this.asset(c.asset.kind, c.asset.number) : undefined;
        if (!asset) return { outcome: 'DENIED', reason: 'ASSET_NOT_FOUND', changes: [] };
        asset.holderAddress = newAddress ?? e.address;
        return {
          outcome: 'COMPLETED',
          changes: [`${asset.kind} ${asset.number} holder address → ${asset.holderAddress}`],
        };
      }
      default:
        return { outcome: 'COMPLETED', changes: [] };
    }
  }

  /** The documented fixtures: what tests and the demo file applications with. */
  fixtures(): Record<string, unknown> {
    const view = (i: number): Record<string, unknown> => {
      const e = this.data.enterprises[i];
      if (!e) return {};
      const assets = this.assetsOf(e);
      return {
        index: i,
        uscc: e.uscc,
        name: e.name,
        status: e.status,
        address: e.address,
        nameHistory: e.nameHistory,
        // SYNTHETIC sandbox data only: the full ID number is exposed here so tests and the demo can
        // file applications as this legal representative. No real registry interface does this.
        legalRepresentative: { name: e.legalRepresentative.name, idNumber: e.legalRepresentative.idNumber },
        flagged: e.flagged,
        patents: assets.filter((a) => a.kind === 'patent').map((a) => a.number),
        trademarks: assets.filter((a) => a.kind === 'trademark').map((a) => a.number),
        layoutDesigns: assets.filter((a) => a.kind === 'layout-design').map((a) => a.number),
      };
    };
    return {
      description: {
        zh: '沙箱固定样例：0–9 号在业且各有 3 件专利、3 件商标、1 件布图设计；10 号吊销；11 号注销；12 号有名称变更记录（专利仍登记在曾用名下）；13 号被标记（关联登记一律不予办理）；portfolio 为持有 10 件专利、9 件商标的在业企业（一件事 20 个子事项）。',
        en: 'Sandbox fixtures: 0–9 in business with 3 patents, 3 trademarks and 1 layout design each; 10 revoked; 11 deregistered; 12 renamed (its patents still under the former name); 13 flagged (every linked process DENIED); portfolio holds 10 patents and 9 trademarks (a 20-sub-case bundle).',
      },
      inBusiness: FIXTURE_LAYOUT.inBusiness.map(view),
      revoked: view(FIXTURE_LAYOUT.revoked),
      deregistered: view(FIXTURE_LAYOUT.deregistered),
      renamed: view(FIXTURE_LAYOUT.renamed),
      flagged: view(FIXTURE_LAYOUT.flagged),
      ...(this.data.portfolio === undefined ? {} : { portfolio: view(this.data.portfolio) }),
      counts: {
        enterprises: this.data.enterprises.length,
        patents: this.data.assets.filter((a) => a.kind === 'patent').length,
        trademarks: this.data.assets.filter((a) => a.kind === 'trademark').length,
        layoutDesigns: this.data.assets.filter((a) => a.kind === 'layout-design').length,
      },
    };
  }
}
