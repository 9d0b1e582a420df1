import type { AssetKindName } from '@app/contracts';

/**
 * What the data-sharing sources told us, already reduced to the facts the rules need. Adapters
 * produce these; the rules never see HTTP, and never see a personal ID number (only its keyed digest).
 */
export const SOURCE_CODES = [
  'enterprise-registry',
  'e-licence',
  'identity',
  'patent-register',
  'trademark-register',
  'layout-design-register',
] as const;
export type SourceCode = (typeof SOURCE_CODES)[number];

export const ASSET_SOURCE: Readonly<Record<AssetKindName, SourceCode>> = Object.freeze({
  patent: 'patent-register',
  trademark: 'trademark-register',
  'layout-design': 'layout-design-register',
});

export function isSourceCode(value: string): value is SourceCode {
  return (SOURCE_CODES as readonly string[]).includes(value);
}

export const ENTERPRISE_STATUSES = ['IN_BUSINESS', 'REVOKED', 'DEREGISTERED'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

export interface NameHistoryEntry {
  /** A name the enterprise bore before. */
  readonly name: string;
  /** ISO date the name stopped being current. */
  readonly until: string;
}

export interface EnterpriseFacts {
  readonly uscc: string;
  readonly name: string;
  readonly status: EnterpriseStatus;
  readonly address: string;
  readonly nameHistory: readonly NameHistoryEntry[];
  readonly addressHistory: readonly { readonly address: string; readonly until: string }[];
  readonly legalRepresentative: {
    readonly name: string;
    readonly idNumberDigest: string;
    readonly idNumberMasked: string;
  };
}

export interface ELicenceFacts {
  readonly uscc: string;
  readonly name: string;
  readonly licenceNumber: string;
  readonly valid: boolean;
}

export interface IdentityFacts {
  readonly uscc: string;
  /** The legal representative on the register: name and keyed digest of the ID number. */
  readonly registeredName: string;
  readonly registeredIdNumberDigest: string;
  readonly registeredIdNumberMasked: string;
}

export interface AssetFacts {
  readonly kind: AssetKindName;
  readonly number: string;
  readonly holder: string;
}

export interface SourceFactsMap {
  'enterprise-registry': EnterpriseFacts;
  'e-licence': ELicenceFacts;
  identity: IdentityFacts;
  'patent-register': AssetFacts;
  'trademark-register': AssetFacts;
  'layout-design-register': AssetFacts;
}

/** One source's answer to one query. UNAVAILABLE = still failing after retries (or breaker open). */
export type SourceAnswer<T> =
  | { readonly status: 'FOUND'; readonly data: T; readonly evidenceId: string }
  | { readonly status: 'NOT_FOUND'; readonly evidenceId: string }
  | { readonly status: 'UNAVAILABLE'; readonly error: string };

export type SourceAnswers = { readonly [S in SourceCode]?: SourceAnswer<SourceFactsMap[S]> };
