import {
  checkAssetOwnership,
  checkCommitmentCredit,
  checkEnterpriseInBusiness,
  checkLegalRepresentative,
  type CrossCheckOutcome,
  type Text,
} from './cross-checks';
import { ASSET_SOURCE, type AssetFacts, type SourceAnswer, type SourceAnswers } from './facts';
import { decideMaterial, type MaterialDecision } from './materials';
import type { VerificationInput } from './request';

export type AssessmentDecision =
  'ALL_CLEAR' | 'DEFERRABLE_GAPS_ONLY' | 'CORRECTION_NEEDED' | 'REJECT' | 'MANUAL_REVIEW';

export interface AssessmentResult {
  readonly materials: MaterialDecision[];
  readonly crossChecks: CrossCheckOutcome[];
  readonly decision: AssessmentDecision;
  readonly reason: Text;
  /** The item allows commitment, the applicant signed it is another matter; false when a credit record blocks it. */
  readonly commitmentAllowed: boolean;
  readonly blockingCreditRecordId?: string;
}

const REJECTING_CHECKS: ReadonlySet<string> = new Set(['ENTERPRISE_IN_BUSINESS', 'ASSET_OWNERSHIP']);

/**
 * The overall decision, first rule that applies wins:
 * 1. REJECT — the enterprise is not found / not in business, or the asset is not the enterprise's;
 * 2. MANUAL_REVIEW — a source stayed unavailable (a material or a cross-check could not be judged);
 * 3. CORRECTION_NEEDED — any MISMATCH, a failed legal-representative check, a non-deferrable MISSING,
 *    or a deferrable MISSING without a signed commitment the item (and the credit record) allows;
 * 4. DEFERRABLE_GAPS_ONLY — only deferrable MISSING, commitment signed and allowed;
 * 5. ALL_CLEAR.
 */
export function overallDecision(
  materials: readonly MaterialDecision[],
  crossChecks: readonly CrossCheckOutcome[],
  commitment: { signed: boolean; allowed: boolean },
): { decision: AssessmentDecision; reason: Text } {
  const rejecting = crossChecks.find((c) => REJECTING_CHECKS.has(c.check) && c.result === 'FAILED');
  if (rejecting) return { decision: 'REJECT', reason: rejecting.reason };
  if (
    materials.some((m) => m.outcome === 'MANUAL_REVIEW') ||
    crossChecks.some((c) => c.result === 'UNAVAILABLE')
  ) {
    return {
      decision: 'MANUAL_REVIEW',
      reason: {
        zh: '数据共享来源不可用，转人工核验',
        en: 'A data-sharing source is unavailable; manual review',
      },
    };
  }
  const mismatch = materials.some((m) => m.outcome === 'MISMATCH');
  const failedCheck = crossChecks.find((c) => c.result === 'FAILED' && c.check !== 'COMMITMENT_CREDIT');
  const missing = materials.filter((m) => m.outcome === 'MISSING');
  const hardGap = missing.some((m) => !m.deferrable);
  if (mismatch || failedCheck || hardGap) {
    return {
      decision: 'CORRECTION_NEEDED',
      reason: failedCheck?.reason ?? { zh: '材料须补正', en: 'Materials need correction' },
    };
  }
  if (missing.length > 0) {
    if (commitment.signed && commitment.allowed) {
      return {
        decision: 'DEFERRABLE_GAPS_ONLY',
        reason: {
          zh: '仅有可容缺材料未提交，已签署告知承诺',
          en: 'Only deferrable materials outstanding; commitment signed',
        },
      };
    }
    return {
      decision: 'CORRECTION_NEEDED',
      reason: commitment.signed
        ? {
            zh: '不适用告知承诺，缺少的材料须补正',
            en: 'The commitment path is not open; missing materials must be supplied',
          }
        : {
            zh: '未签署告知承诺，缺少的材料须补正',
            en: 'No commitment signed; missing materials must be supplied',
          },
    };
  }
  return {
    decision: 'ALL_CLEAR',
    reason: { zh: '材料齐全且与共享数据一致', en: 'Materials complete and consistent with shared data' },
  };
}

function assetAnswerOf(
  asset: VerificationInput['asset'],
  answers: SourceAnswers,
): SourceAnswer<AssetFacts> | undefined {
  if (!asset) return undefined;
  const source = ASSET_SOURCE[asset.kind];
  if (source === 'patent-register' || source === 'trademark-register' || source === 'layout-design-register')
    return answers[source];
  return undefined;
}

/** Assesses one sub-case from the request, the sources' answers and the enterprise's active credit record. Pure. */
export function assessSubCase(
  input: VerificationInput,
  answers: SourceAnswers,
  activeCreditRecordId?: string,
): AssessmentResult {
  const assetAnswer = assetAnswerOf(input.asset, answers);
  const crossChecks: CrossCheckOutcome[] = [
    checkEnterpriseInBusiness(answers['enterprise-registry'], input.uscc),
    checkLegalRepresentative(input.legalRepresentative, answers.identity),
  ];
  const ownership = checkAssetOwnership(
    input.asset,
    assetAnswer,
    answers['enterprise-registry'],
    input.formValues,
  );
  if (ownership) crossChecks.push(ownership);
  crossChecks.push(checkCommitmentCredit(activeCreditRecordId));
  const materials = input.materials.map((m) => decideMaterial(m, input, answers));
  const allowed = input.commitmentAllowed && !activeCreditRecordId;
  const { decision, reason } = overallDecision(materials, crossChecks, {
    signed: input.commitmentSigned,
    allowed,
  });
  return {
    materials,
    crossChecks,
    decision,
    reason,
    commitmentAllowed: allowed,
    ...(activeCreditRecordId ? { blockingCreditRecordId: activeCreditRecordId } : {}),
  };
}

/** A supplemented deferred material (补交), re-checked: it must be one the sub-case owes, and carry a document hash. */
export function checkSupplement(
  supplement: { materialCode: string; documentId: string; sha256: string },
  owed: readonly string[] | undefined,
): { outcome: 'VERIFIED' | 'MISMATCH'; reason: Text } {
  if (!/^[0-9a-f]{64}$/i.test(supplement.sha256) || supplement.documentId.trim() === '') {
    return {
      outcome: 'MISMATCH',
      reason: { zh: '补交文件缺少有效的摘要', en: 'The supplemented document lacks a valid digest' },
    };
  }
  if (owed && !owed.includes(supplement.materialCode)) {
    return {
      outcome: 'MISMATCH',
      reason: {
        zh: `本事项不欠缴材料 ${supplement.materialCode}`,
        en: `The sub-case does not owe material ${supplement.materialCode}`,
      },
    };
  }
  return { outcome: 'VERIFIED', reason: { zh: '补交材料已核验', en: 'Supplemented material verified' } };
}

/** Share of required materials exempted by data sharing across assessments (the exemption rate). */
export function exemptionRate(assessments: readonly { materials: readonly MaterialDecision[] }[]): {
  exempt: number;
  total: number;
  rate: number;
} {
  const all = assessments.flatMap((a) => a.materials);
  const exempt = all.filter((m) => m.outcome === 'EXEMPT').length;
  return { exempt, total: all.length, rate: all.length === 0 ? 0 : exempt / all.length };
}

export type { SourceAnswers };
