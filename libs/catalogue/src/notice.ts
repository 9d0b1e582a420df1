import { throwApplicationViolations } from './errors';
import { expandBundle, findItem, requireBundle } from './expand';
import { submissionLabel } from './labels';
import type {
  BundleAssets,
  Catalogue,
  FormFieldSpec,
  MaterialCondition,
  MaterialRequirement,
  MaterialSpec,
  MergedField,
  MergedMaterial,
  NoticeOptions,
  OneTimeNotice,
  SubCaseSpec,
  SubmissionMode,
} from './model';

function neededUnder(requirement: MaterialRequirement, opts: NoticeOptions): boolean {
  return requirement.requiredWhen === 'always' || opts.agentAppointed;
}

interface MaterialAccumulator {
  readonly spec: MaterialSpec;
  readonly neededBy: string[];
  everyItemDefers: boolean;
  everySubCaseAllowsCommitment: boolean;
  deferralWorkingDays: number | undefined;
  maxBytes: number;
  requiredWhen: MaterialCondition;
}

/**
 * The single set of materials (一套材料): each material once, with the sub-cases relying on it.
 * When the items disagree the strictest rule wins, because one document serves them all:
 * - deferrable only if every needing item marks it deferrable AND every needing sub-case allows a
 *   commitment (item and bundle), and the applicant has not declined to sign;
 * - the deferral period is the shortest one; the size cap is the smallest one;
 * - needed 'always' as soon as one item always needs it.
 * Exemption by data sharing is a property of the document itself (validation keeps it identical).
 */
function mergeMaterials(subCases: readonly SubCaseSpec[], opts: NoticeOptions): MergedMaterial[] {
  const byCode = new Map<string, MaterialAccumulator>();
  for (const subCase of subCases) {
    for (const requirement of subCase.materials) {
      if (!neededUnder(requirement, opts)) continue;
      const acc = byCode.get(requirement.code);
      if (!acc) {
        byCode.set(requirement.code, {
          spec: requirement,
          neededBy: [subCase.key],
          everyItemDefers: requirement.deferrable,
          everySubCaseAllowsCommitment: subCase.commitmentAllowed,
          deferralWorkingDays: requirement.deferralWorkingDays,
          maxBytes: requirement.maxBytes,
          requiredWhen: requirement.requiredWhen,
        });
        continue;
      }
      acc.neededBy.push(subCase.key);
      acc.everyItemDefers &&= requirement.deferrable;
      acc.everySubCaseAllowsCommitment &&= subCase.commitmentAllowed;
      acc.deferralWorkingDays = minDefined(acc.deferralWorkingDays, requirement.deferralWorkingDays);
      acc.maxBytes = Math.min(acc.maxBytes, requirement.maxBytes);
      if (requirement.requiredWhen === 'always') acc.requiredWhen = 'always';
    }
  }
  return [...byCode.values()].map((acc) => {
    const deferrable = acc.everyItemDefers;
    const deferralWorkingDays = deferrable ? acc.deferralWorkingDays : undefined;
    let submission: SubmissionMode = 'MUST_SUBMIT';
    if (acc.spec.provableBy.length > 0) submission = 'EXEMPT_DATA_SHARING';
    else if (deferrable && acc.everySubCaseAllowsCommitment && opts.commitmentSigned !== false) {
      submission = 'DEFERRABLE_UNDER_COMMITMENT';
    }
    const merged: MaterialSpec = {
      code: acc.spec.code,
      name: acc.spec.name,
      description: acc.spec.description,
      provableBy: acc.spec.provableBy,
      deferrable,
      ...(deferralWorkingDays !== undefined ? { deferralWorkingDays } : {}),
      mediaTypes: acc.spec.mediaTypes,
      maxBytes: acc.maxBytes,
    };
    return {
      ...merged,
      requiredWhen: acc.requiredWhen,
      neededBy: acc.neededBy,
      submission,
      submissionLabel: submissionLabel(submission, merged),
    };
  });
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/**
 * The single form (一表申请): every question once, in the order the sub-cases first ask it. A field
 * is required when any asking item requires it (the rest of its definition is identical by validation).
 */
function mergeFields(catalogue: Catalogue, subCases: readonly SubCaseSpec[]): MergedField[] {
  const itemCodes = [...new Set(subCases.map((s) => s.itemCode))];
  const byCode = new Map<string, { spec: FormFieldSpec; askedBy: string[]; required: boolean }>();
  for (const itemCode of itemCodes) {
    for (const field of findItem(catalogue, itemCode)?.formFields ?? []) {
      const acc = byCode.get(field.code);
      if (!acc) byCode.set(field.code, { spec: field, askedBy: [itemCode], required: field.required });
      else {
        acc.askedBy.push(itemCode);
        acc.required ||= field.required;
      }
    }
  }
  return [...byCode.values()].map((acc) => ({ ...acc.spec, required: acc.required, askedBy: acc.askedBy }));
}

/** Sub-case requirements restated as the merged notice decided them, so every party reads the same rule. */
function alignSubCase(
  subCase: SubCaseSpec,
  merged: ReadonlyMap<string, MergedMaterial>,
  opts: NoticeOptions,
): SubCaseSpec {
  const materials: MaterialRequirement[] = [];
  for (const requirement of subCase.materials) {
    const m = merged.get(requirement.code);
    if (!m || !neededUnder(requirement, opts)) continue;
    const { deferralWorkingDays: _ignored, ...rest } = requirement;
    materials.push({
      ...rest,
      deferrable: m.deferrable,
      ...(m.deferralWorkingDays !== undefined ? { deferralWorkingDays: m.deferralWorkingDays } : {}),
      maxBytes: m.maxBytes,
      submission: m.submission,
      submissionLabel: m.submissionLabel,
    });
  }
  return { ...subCase, materials };
}

/**
 * 一次告知 for one bundle and asset list: the merged form, the single set of materials with how each
 * must be provided, and the sub-cases the application will fan out into.
 *
 * Agent-appointed materials (代理委托书) are listed only when an agent is named. Signing a commitment
 * on a bundle none of whose sub-cases allows one is refused (`APPLICATION.COMMITMENT_NOT_ALLOWED`).
 */
export function oneTimeNotice(
  catalogue: Catalogue,
  bundleCode: string,
  assets: BundleAssets,
  opts: NoticeOptions,
): OneTimeNotice {
  const bundle = requireBundle(catalogue, bundleCode);
  const expanded = expandBundle(catalogue, bundleCode, assets);
  if (opts.commitmentSigned === true && !expanded.some((s) => s.commitmentAllowed)) {
    throwApplicationViolations([
      {
        path: 'commitmentSigned',
        code: 'APPLICATION.COMMITMENT_NOT_ALLOWED',
        message: {
          zh: `“${bundle.name.zh}”不适用告知承诺制`,
          en: `Bundle "${bundle.name.en}" does not accept a notice-and-commitment`,
        },
      },
    ]);
  }
  const materials = mergeMaterials(expanded, opts);
  const byCode = new Map(materials.map((m) => [m.code, m]));
  return {
    bundle,
    catalogueVersion: catalogue.version,
    fields: mergeFields(catalogue, expanded),
    materials,
    subCases: expanded.map((s) => alignSubCase(s, byCode, opts)),
  };
}

/** Share of the listed materials the applicant does not have to submit thanks to data sharing. */
export function exemptionShare(materials: readonly MergedMaterial[]): {
  exempt: number;
  total: number;
  rate: number;
} {
  const total = materials.length;
  const exempt = materials.filter((m) => m.submission === 'EXEMPT_DATA_SHARING').length;
  // No material at all: nothing was exempted, so the share is 0 rather than undefined.
  return { exempt, total, rate: total === 0 ? 0 : exempt / total };
}
