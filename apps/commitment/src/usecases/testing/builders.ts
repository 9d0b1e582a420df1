import { createEvent, type TypedEnvelope } from '@app/contracts';

/** A verification.assessment.completed as verification would send it. */
export function assessment(
  over: {
    caseId?: string;
    round?: number;
    uscc?: string;
    decision?: 'ALL_CLEAR' | 'DEFERRABLE_GAPS_ONLY' | 'CORRECTION_NEEDED' | 'REJECT' | 'MANUAL_REVIEW';
    commitmentSigned?: boolean;
    commitmentAllowed?: boolean;
    blockingCreditRecordId?: string;
    samplingBasisPoints?: number;
    missing?: Array<{ code: string; days?: number; deferrable?: boolean }>;
  } = {},
): TypedEnvelope<'verification.assessment.completed'> {
  const caseId = over.caseId ?? 'case-1';
  return createEvent(
    'verification.assessment.completed',
    {
      caseId,
      round: over.round ?? 1,
      itemCode: 'PATENT-APPLICANT-NAME-CHANGE',
      authority: 'CNIPA',
      uscc: over.uscc ?? '91310000MA1FL0000X',
      materials: (over.missing ?? [{ code: 'POA', days: 3 }]).map((m) => ({
        materialCode: m.code,
        outcome: 'MISSING' as const,
        deferrable: m.deferrable ?? true,
        ...(m.days !== undefined ? { deferralWorkingDays: m.days } : {}),
        reason: { zh: '未提交', en: 'missing' },
        evidenceIds: [],
      })),
      crossChecks: [],
      decision: over.decision ?? 'DEFERRABLE_GAPS_ONLY',
      commitmentSigned: over.commitmentSigned ?? true,
      commitmentAllowed: over.commitmentAllowed ?? true,
      ...(over.blockingCreditRecordId ? { blockingCreditRecordId: over.blockingCreditRecordId } : {}),
      postHocSamplingRateBasisPoints: over.samplingBasisPoints ?? 0,
    },
    {
      producer: 'verification',
      applicationId: 'app-1',
      caseId,
      actor: { kind: 'system', id: 'verification' },
    },
  );
}
