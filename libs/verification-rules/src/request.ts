import type { AssetKindName } from '@app/contracts';
import { ASSET_SOURCE, type SourceCode } from './facts';

/** The part of a verification request the rules read (mirrors VerificationRequestedV1). */
export interface RequiredMaterialInput {
  readonly code: string;
  readonly name: { readonly zh: string; readonly en: string };
  /** Data-sharing sources, pairwise with `provableFacts` (source i proves fact i). */
  readonly provableBy: readonly string[];
  readonly provableFacts: readonly string[];
  readonly deferrable: boolean;
  readonly deferralWorkingDays?: number;
}

export interface VerificationInput {
  readonly itemCode: string;
  readonly uscc: string;
  readonly enterpriseName: string;
  readonly asset?: { readonly kind: AssetKindName; readonly number: string };
  readonly legalRepresentative: {
    readonly name: string;
    readonly idNumberDigest: string;
    readonly idNumberMasked: string;
  };
  readonly formValues: Readonly<Record<string, string | number | boolean>>;
  readonly materials: readonly RequiredMaterialInput[];
  readonly submitted: readonly {
    readonly materialCode: string;
    readonly documentId: string;
    readonly sha256: string;
  }[];
  readonly commitmentSigned: boolean;
  readonly commitmentAllowed: boolean;
}

export interface Proof {
  readonly source: string;
  readonly fact: string;
}

/** The (source, fact) pairs that would exempt a material; an unpaired source proves "its record exists". */
export function proofsOf(material: RequiredMaterialInput): Proof[] {
  return material.provableBy.map((source, i) => ({
    source,
    fact: material.provableFacts[i] ?? material.provableFacts[0] ?? 'record.exists',
  }));
}

/**
 * The sources to ask for one request: the enterprise registry and the identity check always (the
 * cross-checks need them), the register of the listed asset, and whatever a material names.
 */
export function sourcesNeeded(input: VerificationInput): SourceCode[] {
  const needed = new Set<SourceCode>(['enterprise-registry', 'identity']);
  if (input.asset) needed.add(ASSET_SOURCE[input.asset.kind]);
  for (const m of input.materials) for (const p of proofsOf(m)) if (isKnown(p.source)) needed.add(p.source);
  return [...needed];
}

function isKnown(source: string): source is SourceCode {
  return [
    'enterprise-registry',
    'e-licence',
    'identity',
    'patent-register',
    'trademark-register',
    'layout-design-register',
  ].includes(source);
}

/** A form value as text, or undefined when absent or blank. */
export function formText(values: VerificationInput['formValues'], key: string): string | undefined {
  const v = values[key];
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}
