import type { AssetFacts, EnterpriseFacts, IdentityFacts, SourceAnswer } from './facts';
import { formText, type VerificationInput } from './request';

export type CrossCheckResult = 'PASSED' | 'FAILED' | 'UNAVAILABLE';
export interface Text {
  readonly zh: string;
  readonly en: string;
}
export interface CrossCheckOutcome {
  readonly check: CrossCheckCode;
  readonly result: CrossCheckResult;
  readonly reason: Text;
}
export type CrossCheckCode =
  'ENTERPRISE_IN_BUSINESS' | 'LEGAL_REPRESENTATIVE' | 'ASSET_OWNERSHIP' | 'COMMITMENT_CREDIT';

const STATUS_TEXT: Record<EnterpriseFacts['status'], Text> = {
  IN_BUSINESS: { zh: '在业', en: 'in business' },
  REVOKED: { zh: '吊销', en: 'licence revoked' },
  DEREGISTERED: { zh: '注销', en: 'deregistered' },
};

function unavailable(check: CrossCheckCode, what: Text): CrossCheckOutcome {
  return {
    check,
    result: 'UNAVAILABLE',
    reason: { zh: `${what.zh}暂不可用，转人工核验`, en: `${what.en} unavailable; referred to manual review` },
  };
}

/** Rule: the enterprise must exist on the register and be in business (在业); otherwise the case is rejected. */
export function checkEnterpriseInBusiness(
  answer: SourceAnswer<EnterpriseFacts> | undefined,
  uscc: string,
): CrossCheckOutcome {
  const check = 'ENTERPRISE_IN_BUSINESS';
  if (!answer || answer.status === 'UNAVAILABLE')
    return unavailable(check, { zh: '企业登记信息库', en: 'Enterprise registry' });
  if (answer.status === 'NOT_FOUND') {
    return {
      check,
      result: 'FAILED',
      reason: {
        zh: `企业登记信息库中没有统一社会信用代码 ${uscc}`,
        en: `No enterprise with USCC ${uscc} on the register`,
      },
    };
  }
  const status = answer.data.status;
  if (status !== 'IN_BUSINESS') {
    return {
      check,
      result: 'FAILED',
      reason: {
        zh: `企业登记状态为“${STATUS_TEXT[status].zh}”，不能办理`,
        en: `Enterprise is ${STATUS_TEXT[status].en}; the matter cannot proceed`,
      },
    };
  }
  return {
    check,
    result: 'PASSED',
    reason: { zh: '企业存续（在业）', en: 'Enterprise exists and is in business' },
  };
}

/** Names the enterprise is known by: current name first, then its former names. */
export function namesOf(enterprise: EnterpriseFacts): string[] {
  return [enterprise.name, ...enterprise.nameHistory.map((h) => h.name)];
}

/**
 * Rule: a listed patent/trademark/design belongs to the enterprise when its registered holder is the
 * enterprise's current name or one of its former names (the IP register often lags a name change).
 * With a name change filed in the same application, the old name as holder is exactly what we expect.
 */
export function holderBelongs(
  holder: string,
  enterprise: EnterpriseFacts,
  formValues: VerificationInput['formValues'],
): boolean {
  const candidates = new Set(namesOf(enterprise));
  const oldName = formText(formValues, 'oldName');
  // A filed name change whose old name is the current registered name: the old name may hold the right.
  if (oldName && oldName === enterprise.name) candidates.add(oldName);
  return candidates.has(holder.trim());
}

/** Rule: the asset must be on its register and held by the enterprise (judged against its name history). */
export function checkAssetOwnership(
  asset: VerificationInput['asset'],
  answer: SourceAnswer<AssetFacts> | undefined,
  enterprise: SourceAnswer<EnterpriseFacts> | undefined,
  formValues: VerificationInput['formValues'],
): CrossCheckOutcome | undefined {
  if (!asset) return undefined;
  const check = 'ASSET_OWNERSHIP';
  if (!answer || answer.status === 'UNAVAILABLE')
    return unavailable(check, { zh: '权利登记簿', en: 'Rights register' });
  if (answer.status === 'NOT_FOUND') {
    return {
      check,
      result: 'FAILED',
      reason: { zh: `登记簿中没有 ${asset.number}`, en: `${asset.number} is not on the register` },
    };
  }
  if (!enterprise || enterprise.status === 'UNAVAILABLE')
    return unavailable(check, { zh: '企业登记信息库', en: 'Enterprise registry' });
  if (enterprise.status === 'NOT_FOUND') {
    return {
      check,
      result: 'FAILED',
      reason: {
        zh: '企业不存在，无法认定权利归属',
        en: 'Enterprise not found; ownership cannot be established',
      },
    };
  }
  if (holderBelongs(answer.data.holder, enterprise.data, formValues)) {
    return {
      check,
      result: 'PASSED',
      reason: {
        zh: `${asset.number} 的权利人为本企业（含曾用名）`,
        en: `${asset.number} is held by the enterprise (name history considered)`,
      },
    };
  }
  return {
    check,
    result: 'FAILED',
    reason: {
      zh: `${asset.number} 的登记权利人“${answer.data.holder}”不是本企业`,
      en: `${asset.number} is held by "${answer.data.holder}", not by the enterprise`,
    },
  };
}

/**
 * Rule: the declared legal representative matches the register — same name and same keyed digest of
 * the ID number (the number itself is never compared in clear, nor shown).
 */
export function checkLegalRepresentative(
  declared: VerificationInput['legalRepresentative'],
  answer: SourceAnswer<IdentityFacts> | undefined,
): CrossCheckOutcome {
  const check = 'LEGAL_REPRESENTATIVE';
  if (!answer || answer.status === 'UNAVAILABLE')
    return unavailable(check, { zh: '身份核验服务', en: 'Identity check' });
  if (answer.status === 'NOT_FOUND') {
    return {
      check,
      result: 'FAILED',
      reason: {
        zh: '登记信息中没有该企业的法定代表人',
        en: 'No legal representative on record for the enterprise',
      },
    };
  }
  const nameOk = answer.data.registeredName.trim() === declared.name.trim();
  const idOk = answer.data.registeredIdNumberDigest === declared.idNumberDigest;
  if (nameOk && idOk)
    return {
      check,
      result: 'PASSED',
      reason: { zh: '法定代表人信息一致', en: 'Legal representative matches the register' },
    };
  const what = [
    !nameOk ? { zh: '姓名', en: 'name' } : undefined,
    !idOk ? { zh: '身份证件号码', en: 'ID number' } : undefined,
  ].filter((x): x is Text => x !== undefined);
  return {
    check,
    result: 'FAILED',
    reason: {
      zh: `法定代表人${what.map((w) => w.zh).join('、')}与登记信息不一致`,
      en: `Legal representative ${what.map((w) => w.en).join(' and ')} differ from the register`,
    },
  };
}

/** Rule: an active credit record (失信记录) closes the commitment path; it does not by itself reject. */
export function checkCommitmentCredit(activeCreditRecordId: string | undefined): CrossCheckOutcome {
  const check = 'COMMITMENT_CREDIT';
  if (activeCreditRecordId) {
    return {
      check,
      result: 'FAILED',
      reason: {
        zh: `存在有效失信记录 ${activeCreditRecordId}，不适用告知承诺`,
        en: `Active credit record ${activeCreditRecordId}: the commitment path is closed`,
      },
    };
  }
  return { check, result: 'PASSED', reason: { zh: '无有效失信记录', en: 'No active credit record' } };
}
