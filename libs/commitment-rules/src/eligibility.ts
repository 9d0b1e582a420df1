import { DomainError, type AssessmentDecisionName, type LocalizedText } from '@app/contracts';

export interface MissingMaterial {
  materialCode: string;
  deferrable: boolean;
  deferralWorkingDays?: number;
}

export interface DeferralEligibilityInput {
  /** The verification decision of the round. */
  decision: AssessmentDecisionName;
  commitmentSigned: boolean;
  /** The catalogue allows notice-and-commitment (告知承诺) for the item. */
  commitmentAllowed: boolean;
  /** An active credit record of the enterprise closes the commitment path. */
  blockingCreditRecordId?: string;
  /** Materials neither submitted nor provable by data sharing. */
  missing: MissingMaterial[];
}

export type DeferralRefusalCode =
  | 'COMMITMENT.NOT_SIGNED'
  | 'COMMITMENT.NOT_ALLOWED_FOR_ITEM'
  | 'COMMITMENT.CREDIT_RECORD_ACTIVE'
  | 'COMMITMENT.NON_DEFERRABLE_GAPS'
  | 'COMMITMENT.NOTHING_TO_DEFER';

export type DeferralEligibility =
  { eligible: true } | { eligible: false; reason: { code: DeferralRefusalCode; text: LocalizedText } };

function refuse(code: DeferralRefusalCode, text: LocalizedText): DeferralEligibility {
  return { eligible: false, reason: { code, text } };
}

/** Decisions that leave something a commitment cannot cover (a mismatch, a rejection, a pending review). */
const DECISIONS_COMMITMENT_CANNOT_CURE: ReadonlySet<AssessmentDecisionName> = new Set([
  'CORRECTION_NEEDED',
  'REJECT',
  'MANUAL_REVIEW',
]);

/**
 * Whether the missing materials may be supplied later under the signed commitment (容缺受理).
 *
 * Reasons are checked from the most fundamental to the one the applicant can still fix, so the reason
 * given is the one that matters: nothing to defer (or, with nothing missing, a decision such as a mismatch
 * that needs correction) → the item does not allow commitment → some gap cannot be deferred anyway
 * (correction needed whatever is signed; also a CORRECTION_NEEDED / REJECT / MANUAL_REVIEW decision)
 * → an active credit record bars the enterprise → not signed. "Sign the commitment" is only ever said
 * when signing would actually work.
 *
 * A deferrable material without a positive whole number of deferral working days is a catalogue defect
 * and throws `COMMITMENT.DEFERRAL_DAYS_INVALID` rather than guessing a deadline.
 */
export function deferralEligibility(input: DeferralEligibilityInput): DeferralEligibility {
  assertDeferralDays(input.missing);
  const uncurable = DECISIONS_COMMITMENT_CANNOT_CURE.has(input.decision);
  if (input.missing.length === 0) {
    return uncurable
      ? uncurableDecision(input.decision)
      : refuse('COMMITMENT.NOTHING_TO_DEFER', {
          zh: '没有缺少的材料，无需容缺',
          en: 'No material is missing; nothing to defer',
        });
  }
  if (!input.commitmentAllowed) {
    return refuse('COMMITMENT.NOT_ALLOWED_FOR_ITEM', {
      zh: '该事项不适用告知承诺，缺少的材料须补正后受理',
      en: 'This item does not allow notice-and-commitment; the missing materials must be supplied first',
    });
  }
  const nonDeferrable = input.missing
    .filter((material) => !material.deferrable)
    .map((material) => material.materialCode);
  if (nonDeferrable.length > 0) {
    return refuse('COMMITMENT.NON_DEFERRABLE_GAPS', {
      zh: `以下材料不可容缺，须补正：${nonDeferrable.join('、')}`,
      en: `These materials cannot be deferred and must be corrected: ${nonDeferrable.join(', ')}`,
    });
  }
  if (uncurable) return uncurableDecision(input.decision);
  if (input.blockingCreditRecordId !== undefined) {
    return refuse('COMMITMENT.CREDIT_RECORD_ACTIVE', {
      zh: `企业存在有效的失信记录 ${input.blockingCreditRecordId}，不适用告知承诺`,
      en: `The enterprise has an active credit record ${input.blockingCreditRecordId}; notice-and-commitment is not available`,
    });
  }
  if (!input.commitmentSigned) {
    return refuse('COMMITMENT.NOT_SIGNED', {
      zh: '未签署告知承诺书；签署后缺少的材料可容缺后补',
      en: 'The commitment was not signed; once signed, the missing materials may be supplied later',
    });
  }
  return { eligible: true };
}

function uncurableDecision(decision: AssessmentDecisionName): DeferralEligibility {
  return refuse('COMMITMENT.NON_DEFERRABLE_GAPS', {
    zh: `核验结论为 ${decision}，存在承诺无法替代的问题（如信息不一致），须补正`,
    en: `The verification decision is ${decision}: there are problems a commitment cannot cover (e.g. mismatches); correction is needed`,
  });
}

function assertDeferralDays(missing: readonly MissingMaterial[]): void {
  missing.forEach((material, index) => {
    const days = material.deferralWorkingDays;
    if (!material.deferrable || (days !== undefined && Number.isInteger(days) && days > 0)) return;
    const path = `missing[${index}].deferralWorkingDays`;
    const message = {
      zh: `可容缺材料 ${material.materialCode} 未设定有效的补交期限（工作日）`,
      en: `Deferrable material ${material.materialCode} has no valid deferral period (working days)`,
    };
    throw new DomainError('COMMITMENT.DEFERRAL_DAYS_INVALID', message, [
      { path, code: 'COMMITMENT.DEFERRAL_DAYS_INVALID', message },
    ]);
  });
}
