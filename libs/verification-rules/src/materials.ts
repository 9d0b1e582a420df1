import type { EnterpriseFacts, SourceAnswers } from './facts';
import { holderBelongs } from './cross-checks';
import type { Text } from './cross-checks';
import {
  formText,
  proofsOf,
  type Proof,
  type RequiredMaterialInput,
  type VerificationInput,
} from './request';

export type MaterialOutcome = 'EXEMPT' | 'VERIFIED' | 'MISMATCH' | 'MISSING' | 'MANUAL_REVIEW';

export interface FactPair {
  readonly name: string;
  readonly declared?: string;
  readonly source?: string;
}

export interface MaterialDecision {
  readonly materialCode: string;
  readonly outcome: MaterialOutcome;
  readonly deferrable: boolean;
  readonly deferralWorkingDays?: number;
  readonly reason: Text;
  readonly evidenceIds: string[];
  readonly facts?: FactPair[];
}

/** What one proof says: the source answered and proves the fact, answered and does not, or did not answer. */
export type ProofVerdict =
  | { readonly kind: 'PROVEN'; readonly evidenceId: string }
  | {
      readonly kind: 'NOT_PROVEN';
      readonly evidenceId?: string;
      readonly facts: FactPair[];
      readonly reason: Text;
    }
  | { readonly kind: 'UNAVAILABLE'; readonly source: string };

function enterpriseOf(answers: SourceAnswers): EnterpriseFacts | undefined {
  const a = answers['enterprise-registry'];
  return a?.status === 'FOUND' ? a.data : undefined;
}

/**
 * Rule: a name change is proven by the register when it already shows old → new, or — with the change
 * filed in the same application — the old name is the current registered name (the prerequisite
 * sub-case registers the new one before this one is dispatched).
 */
export function nameChangeProven(
  enterprise: EnterpriseFacts,
  formValues: VerificationInput['formValues'],
): boolean {
  const oldName = formText(formValues, 'oldName');
  const newName = formText(formValues, 'newName');
  if (!oldName || !newName || oldName === newName) return false;
  const registered = enterprise.name === newName && enterprise.nameHistory.some((h) => h.name === oldName);
  const pending = enterprise.name === oldName;
  return registered || pending;
}

/** Same rule for a change of registered address. */
export function addressChangeProven(
  enterprise: EnterpriseFacts,
  formValues: VerificationInput['formValues'],
): boolean {
  const oldAddress = formText(formValues, 'oldAddress');
  const newAddress = formText(formValues, 'newAddress');
  if (!oldAddress || !newAddress || oldAddress === newAddress) return false;
  const registered =
    enterprise.address === newAddress && enterprise.addressHistory.some((h) => h.address === oldAddress);
  return registered || enterprise.address === oldAddress;
}

const SOURCE_DOWN: (source: string) => ProofVerdict = (source) => ({ kind: 'UNAVAILABLE', source });

/** Judges one (source, fact) proof against the answers. Pure. */
export function judgeProof(proof: Proof, input: VerificationInput, answers: SourceAnswers): ProofVerdict {
  const source = proof.source as keyof SourceAnswers;
  const answer = answers[source];
  if (!answer || answer.status === 'UNAVAILABLE') return SOURCE_DOWN(proof.source);
  if (answer.status === 'NOT_FOUND') {
    return {
      kind: 'NOT_PROVEN',
      evidenceId: answer.evidenceId,
      facts: [{ name: 'record', declared: input.uscc, source: '(none)' }],
      reason: { zh: '共享数据中无此记录', en: 'No such record in the shared data' },
    };
  }
  const evidenceId = answer.evidenceId;
  const notProven = (facts: FactPair[], reason: Text): ProofVerdict => ({
    kind: 'NOT_PROVEN',
    evidenceId,
    facts,
    reason,
  });
  switch (proof.fact) {
    case 'enterprise.registration': {
      if (answer.status === 'FOUND' && 'valid' in answer.data) {
        return answer.data.valid
          ? { kind: 'PROVEN', evidenceId }
          : notProven([{ name: 'licence.valid', declared: 'true', source: 'false' }], {
              zh: '电子营业执照已失效',
              en: 'Electronic licence no longer valid',
            });
      }
      if (answer.status === 'FOUND' && 'status' in answer.data) {
        return answer.data.status === 'IN_BUSINESS'
          ? { kind: 'PROVEN', evidenceId }
          : notProven([{ name: 'enterprise.status', declared: 'IN_BUSINESS', source: answer.data.status }], {
              zh: '企业非在业状态',
              en: 'Enterprise not in business',
            });
      }
      return { kind: 'PROVEN', evidenceId };
    }
    case 'enterprise.name-history': {
      const enterprise = enterpriseOf(answers);
      if (!enterprise) return SOURCE_DOWN('enterprise-registry');
      if (nameChangeProven(enterprise, input.formValues)) return { kind: 'PROVEN', evidenceId };
      return notProven(
        [
          {
            name: 'oldName',
            declared: formText(input.formValues, 'oldName'),
            source: enterprise.nameHistory[0]?.name ?? enterprise.name,
          },
          { name: 'newName', declared: formText(input.formValues, 'newName'), source: enterprise.name },
        ],
        {
          zh: '登记的名称变更记录与申报不符',
          en: 'The registered name history does not match the declared change',
        },
      );
    }
    case 'enterprise.address-history': {
      const enterprise = enterpriseOf(answers);
      if (!enterprise) return SOURCE_DOWN('enterprise-registry');
      if (addressChangeProven(enterprise, input.formValues)) return { kind: 'PROVEN', evidenceId };
      return notProven(
        [
          {
            name: 'oldAddress',
            declared: formText(input.formValues, 'oldAddress'),
            source: enterprise.address,
          },
        ],
        {
          zh: '登记的住所变更记录与申报不符',
          en: 'The registered address history does not match the declared change',
        },
      );
    }
    case 'legal-representative.identity': {
      if (answer.status !== 'FOUND' || !('registeredIdNumberDigest' in answer.data))
        return { kind: 'PROVEN', evidenceId };
      const nameOk = answer.data.registeredName === input.legalRepresentative.name;
      const idOk = answer.data.registeredIdNumberDigest === input.legalRepresentative.idNumberDigest;
      if (nameOk && idOk) return { kind: 'PROVEN', evidenceId };
      // Facts show masked numbers only: the full ID number never leaves the identity source.
      return notProven(
        [
          {
            name: 'legalRepresentative.name',
            declared: input.legalRepresentative.name,
            source: answer.data.registeredName,
          },
          {
            name: 'legalRepresentative.idNumber',
            declared: input.legalRepresentative.idNumberMasked,
            source: answer.data.registeredIdNumberMasked,
          },
        ],
        { zh: '法定代表人与登记信息不一致', en: 'Legal representative differs from the register' },
      );
    }
    case 'asset.holder': {
      if (answer.status !== 'FOUND' || !('holder' in answer.data)) return { kind: 'PROVEN', evidenceId };
      const enterprise = enterpriseOf(answers);
      if (!enterprise) return SOURCE_DOWN('enterprise-registry');
      if (holderBelongs(answer.data.holder, enterprise, input.formValues))
        return { kind: 'PROVEN', evidenceId };
      return notProven([{ name: 'holder', declared: input.enterpriseName, source: answer.data.holder }], {
        zh: '登记权利人不是本企业',
        en: 'The registered holder is not the enterprise',
      });
    }
    default:
      // An unknown fact: the source answered, so its record exists; that is all we can say.
      return { kind: 'PROVEN', evidenceId };
  }
}

function gapFields(m: RequiredMaterialInput): Pick<MaterialDecision, 'deferrable' | 'deferralWorkingDays'> {
  return m.deferralWorkingDays === undefined
    ? { deferrable: m.deferrable }
    : { deferrable: m.deferrable, deferralWorkingDays: m.deferralWorkingDays };
}

/**
 * Decides one required material:
 * - provable and every proof holds → EXEMPT (免于提交), with the evidence ids;
 * - a proving source stayed down → MANUAL_REVIEW (never silently passed);
 * - a source answered but contradicts the declared facts → MISMATCH if submitted or declared on the
 *   form (identity), otherwise MISSING (the applicant must supply what data sharing cannot prove);
 * - not provable: submitted → VERIFIED, not submitted → MISSING (deferrable per catalogue).
 */
export function decideMaterial(
  material: RequiredMaterialInput,
  input: VerificationInput,
  answers: SourceAnswers,
): MaterialDecision {
  const gap = gapFields(material);
  const submitted = input.submitted.some((s) => s.materialCode === material.code);
  const proofs = proofsOf(material);
  if (proofs.length > 0) {
    const verdicts = proofs.map((p) => judgeProof(p, input, answers));
    const down = verdicts.find(
      (v): v is Extract<ProofVerdict, { kind: 'UNAVAILABLE' }> => v.kind === 'UNAVAILABLE',
    );
    if (down) {
      return {
        materialCode: material.code,
        outcome: 'MANUAL_REVIEW',
        ...gap,
        reason: {
          zh: `数据共享来源 ${down.source} 重试后仍不可用，转人工核验`,
          en: `Data-sharing source ${down.source} still unavailable after retries; manual review`,
        },
        evidenceIds: [],
      };
    }
    const evidenceIds = verdicts.flatMap((v) =>
      v.kind !== 'UNAVAILABLE' && v.evidenceId ? [v.evidenceId] : [],
    );
    const failed = verdicts.find(
      (v): v is Extract<ProofVerdict, { kind: 'NOT_PROVEN' }> => v.kind === 'NOT_PROVEN',
    );
    if (!failed) {
      return {
        materialCode: material.code,
        outcome: 'EXEMPT',
        ...gap,
        reason: {
          zh: '已通过数据共享核验，免于提交',
          en: 'Proven through data sharing; exempt from submission',
        },
        evidenceIds,
      };
    }
    const declaredOnForm = proofs.some((p) => p.fact === 'legal-representative.identity');
    if (submitted || declaredOnForm) {
      return {
        materialCode: material.code,
        outcome: 'MISMATCH',
        ...gap,
        reason: failed.reason,
        evidenceIds,
        facts: failed.facts,
      };
    }
    return {
      materialCode: material.code,
      outcome: 'MISSING',
      ...gap,
      reason: {
        zh: `${failed.reason.zh}，须提交${material.name.zh}`,
        en: `${failed.reason.en}; ${material.name.en} must be submitted`,
      },
      evidenceIds,
      facts: failed.facts,
    };
  }
  if (submitted) {
    return {
      materialCode: material.code,
      outcome: 'VERIFIED',
      ...gap,
      reason: { zh: '已提交', en: 'Submitted' },
      evidenceIds: [],
    };
  }
  return {
    materialCode: material.code,
    outcome: 'MISSING',
    ...gap,
    reason: material.deferrable
      ? {
          zh: `未提交${material.name.zh}（可容缺后补）`,
          en: `${material.name.en} not submitted (deferrable under commitment)`,
        }
      : { zh: `未提交${material.name.zh}`, en: `${material.name.en} not submitted` },
    evidenceIds: [],
  };
}
