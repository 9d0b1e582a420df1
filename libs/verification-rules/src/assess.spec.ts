import {
  addressChangeProven,
  assessSubCase,
  checkAssetOwnership,
  checkCommitmentCredit,
  checkEnterpriseInBusiness,
  checkLegalRepresentative,
  checkSupplement,
  decideMaterial,
  exemptionRate,
  holderBelongs,
  nameChangeProven,
  overallDecision,
  sourcesNeeded,
  type EnterpriseFacts,
  type MaterialDecision,
  type RequiredMaterialInput,
  type SourceAnswers,
  type VerificationInput,
} from './index';

const ENTERPRISE: EnterpriseFacts = {
  uscc: '91110000MA0000001X',
  name: '北京甲科技有限公司',
  status: 'IN_BUSINESS',
  address: '北京市海淀区一号',
  nameHistory: [{ name: '北京甲前身有限公司', until: '2020-01-01' }],
  addressHistory: [{ address: '北京市朝阳区旧址', until: '2019-01-01' }],
  legalRepresentative: { name: '张三', idNumberDigest: 'digest-zhang', idNumberMasked: '110101********123X' },
};

const LICENCE: RequiredMaterialInput = {
  code: 'BUSINESS_LICENCE',
  name: { zh: '营业执照', en: 'Business licence' },
  provableBy: ['e-licence'],
  provableFacts: ['enterprise.registration'],
  deferrable: false,
};
const LEGAL_REP_ID: RequiredMaterialInput = {
  code: 'LEGAL_REP_ID',
  name: { zh: '法定代表人身份证明', en: 'Legal rep ID' },
  provableBy: ['identity'],
  provableFacts: ['legal-representative.identity'],
  deferrable: false,
};
const RESOLUTION: RequiredMaterialInput = {
  code: 'SHAREHOLDERS_RESOLUTION',
  name: { zh: '股东会决议', en: 'Resolution' },
  provableBy: [],
  provableFacts: [],
  deferrable: true,
  deferralWorkingDays: 20,
};
const FORM: RequiredMaterialInput = {
  code: 'PATENT_BIBLIO_CHANGE_FORM',
  name: { zh: '著录项目变更申报书', en: 'Change form' },
  provableBy: [],
  provableFacts: [],
  deferrable: false,
};
const NAME_PROOF: RequiredMaterialInput = {
  code: 'NAME_CHANGE_PROOF',
  name: { zh: '名称变更证明', en: 'Name change proof' },
  provableBy: ['enterprise-registry'],
  provableFacts: ['enterprise.name-history'],
  deferrable: false,
};
const CERT: RequiredMaterialInput = {
  code: 'PATENT_CERTIFICATE',
  name: { zh: '专利证书', en: 'Patent certificate' },
  provableBy: ['patent-register'],
  provableFacts: ['asset.holder'],
  deferrable: false,
};

function input(over: Partial<VerificationInput> = {}): VerificationInput {
  return {
    itemCode: 'MR_ENTERPRISE_NAME_CHANGE',
    uscc: ENTERPRISE.uscc,
    enterpriseName: ENTERPRISE.name,
    legalRepresentative: {
      name: '张三',
      idNumberDigest: 'digest-zhang',
      idNumberMasked: '110101********123X',
    },
    formValues: { oldName: ENTERPRISE.name, newName: '北京乙科技有限公司' },
    materials: [LICENCE, LEGAL_REP_ID, RESOLUTION],
    submitted: [{ materialCode: 'SHAREHOLDERS_RESOLUTION', documentId: 'doc-1', sha256: 'a'.repeat(64) }],
    commitmentSigned: false,
    commitmentAllowed: true,
    ...over,
  };
}

function answers(
  over: Partial<Record<keyof SourceAnswers, unknown>> = {},
  enterprise: EnterpriseFacts = ENTERPRISE,
): SourceAnswers {
  return {
    'enterprise-registry': { status: 'FOUND', data: enterprise, evidenceId: 'ev-ent' },
    'e-licence': {
      status: 'FOUND',
      data: { uscc: enterprise.uscc, name: enterprise.name, licenceNumber: 'L1', valid: true },
      evidenceId: 'ev-lic',
    },
    identity: {
      status: 'FOUND',
      data: {
        uscc: enterprise.uscc,
        registeredName: '张三',
        registeredIdNumberDigest: 'digest-zhang',
        registeredIdNumberMasked: '110101********123X',
      },
      evidenceId: 'ev-id',
    },
    'patent-register': {
      status: 'FOUND',
      data: { kind: 'patent', number: '202010123456.2', holder: enterprise.name },
      evidenceId: 'ev-pat',
    },
    ...(over as SourceAnswers),
  };
}
const DOWN = { status: 'UNAVAILABLE', error: 'timeout' } as const;

describe('sourcesNeeded', () => {
  it('always asks the enterprise registry and the identity check, plus material sources and the asset register', () => {
    expect(sourcesNeeded(input()).sort()).toEqual(['e-licence', 'enterprise-registry', 'identity']);
    expect(
      sourcesNeeded(input({ materials: [FORM], asset: { kind: 'trademark', number: '123' } })).sort(),
    ).toEqual(['enterprise-registry', 'identity', 'trademark-register']);
  });
});

describe('material rules', () => {
  it('EXEMPT: a provable material whose source answered and proves the fact, with the evidence id', () => {
    const d = decideMaterial(LICENCE, input(), answers());
    expect(d.outcome).toBe('EXEMPT');
    expect(d.evidenceIds).toEqual(['ev-lic']);
  });
  it('EXEMPT even if the applicant also submitted it (data sharing wins; nothing to compare against)', () => {
    expect(
      decideMaterial(
        LICENCE,
        input({ submitted: [{ materialCode: 'BUSINESS_LICENCE', documentId: 'd', sha256: 'b'.repeat(64) }] }),
        answers(),
      ).outcome,
    ).toBe('EXEMPT');
  });
  it('MANUAL_REVIEW: a proving source unavailable after retries is never silently passed', () => {
    const d = decideMaterial(LICENCE, input(), answers({ 'e-licence': DOWN }));
    expect(d.outcome).toBe('MANUAL_REVIEW');
    expect(d.evidenceIds).toEqual([]);
  });
  it('MANUAL_REVIEW: name-history proof needs the enterprise registry; if it is down the material goes to review', () => {
    expect(decideMaterial(NAME_PROOF, input(), answers({ 'enterprise-registry': DOWN })).outcome).toBe(
      'MANUAL_REVIEW',
    );
  });
  it('VERIFIED: a non-provable material that was submitted', () => {
    expect(decideMaterial(RESOLUTION, input(), answers()).outcome).toBe('VERIFIED');
  });
  it('MISSING: a non-provable material not submitted carries deferrable and the days from the catalogue', () => {
    const d = decideMaterial(RESOLUTION, input({ submitted: [] }), answers());
    expect(d).toMatchObject({ outcome: 'MISSING', deferrable: true, deferralWorkingDays: 20 });
    const hard = decideMaterial(FORM, input({ submitted: [] }), answers());
    expect(hard).toMatchObject({ outcome: 'MISSING', deferrable: false });
    expect(hard.deferralWorkingDays).toBeUndefined();
  });
  it('MISMATCH: the legal representative on the form contradicts the register, with masked facts on both sides', () => {
    const d = decideMaterial(
      LEGAL_REP_ID,
      input({
        legalRepresentative: {
          name: '李四',
          idNumberDigest: 'digest-li',
          idNumberMasked: '310101********0011',
        },
      }),
      answers(),
    );
    expect(d.outcome).toBe('MISMATCH');
    expect(d.facts).toEqual(
      expect.arrayContaining([
        { name: 'legalRepresentative.name', declared: '李四', source: '张三' },
        {
          name: 'legalRepresentative.idNumber',
          declared: '310101********0011',
          source: '110101********123X',
        },
      ]),
    );
    expect(d.evidenceIds).toEqual(['ev-id']);
  });
  it('MISMATCH only on the ID digest: same name, another person', () => {
    expect(
      decideMaterial(
        LEGAL_REP_ID,
        input({ legalRepresentative: { name: '张三', idNumberDigest: 'other', idNumberMasked: 'x' } }),
        answers(),
      ).outcome,
    ).toBe('MISMATCH');
  });
  it('MISMATCH: a submitted name-change proof that the register contradicts; MISSING when it was not submitted', () => {
    const fv = { oldName: '别家公司', newName: '新名称公司' };
    const sub = decideMaterial(
      NAME_PROOF,
      input({
        formValues: fv,
        submitted: [{ materialCode: 'NAME_CHANGE_PROOF', documentId: 'd', sha256: 'c'.repeat(64) }],
      }),
      answers(),
    );
    expect(sub.outcome).toBe('MISMATCH');
    expect(sub.facts?.[0]).toEqual({ name: 'oldName', declared: '别家公司', source: '北京甲前身有限公司' });
    expect(decideMaterial(NAME_PROOF, input({ formValues: fv }), answers()).outcome).toBe('MISSING');
  });
  it('a NOT_FOUND answer does not prove the fact', () => {
    expect(
      decideMaterial(
        LICENCE,
        input(),
        answers({ 'e-licence': { status: 'NOT_FOUND', evidenceId: 'ev-none' } }),
      ).outcome,
    ).toBe('MISSING');
  });
  it('an invalid electronic licence does not prove registration', () => {
    const d = decideMaterial(
      LICENCE,
      input(),
      answers({
        'e-licence': {
          status: 'FOUND',
          data: { uscc: 'x', name: 'x', licenceNumber: 'L', valid: false },
          evidenceId: 'e',
        },
      }),
    );
    expect(d.outcome).toBe('MISSING');
  });
  it('EXEMPT: the asset certificate when the register shows the enterprise as holder', () => {
    expect(
      decideMaterial(CERT, input({ asset: { kind: 'patent', number: '202010123456.2' } }), answers()).outcome,
    ).toBe('EXEMPT');
  });
});

describe('name and address history', () => {
  it('a name change is proven when filed (old name is current) or already registered (new current, old in history)', () => {
    expect(nameChangeProven(ENTERPRISE, { oldName: ENTERPRISE.name, newName: '新名' })).toBe(true);
    expect(nameChangeProven(ENTERPRISE, { oldName: '北京甲前身有限公司', newName: ENTERPRISE.name })).toBe(
      true,
    );
  });
  it('a name change is not proven when the old name is unknown, names are missing, or old = new', () => {
    expect(nameChangeProven(ENTERPRISE, { oldName: '陌生公司', newName: '新名' })).toBe(false);
    expect(nameChangeProven(ENTERPRISE, { newName: '新名' })).toBe(false);
    expect(nameChangeProven(ENTERPRISE, { oldName: ENTERPRISE.name, newName: ENTERPRISE.name })).toBe(false);
    // new name current but the old name never appeared in the history
    expect(nameChangeProven(ENTERPRISE, { oldName: '陌生公司', newName: ENTERPRISE.name })).toBe(false);
  });
  it('an address change follows the same rule', () => {
    expect(addressChangeProven(ENTERPRISE, { oldAddress: ENTERPRISE.address, newAddress: '新址' })).toBe(
      true,
    );
    expect(
      addressChangeProven(ENTERPRISE, { oldAddress: '北京市朝阳区旧址', newAddress: ENTERPRISE.address }),
    ).toBe(true);
    expect(addressChangeProven(ENTERPRISE, { oldAddress: '别处', newAddress: '新址' })).toBe(false);
  });
});

describe('cross-checks', () => {
  it('enterprise in business: PASSED; revoked or deregistered: FAILED; not found: FAILED; down: UNAVAILABLE', () => {
    expect(checkEnterpriseInBusiness(answers()['enterprise-registry'], 'u').result).toBe('PASSED');
    for (const status of ['REVOKED', 'DEREGISTERED'] as const) {
      const c = checkEnterpriseInBusiness(
        { status: 'FOUND', data: { ...ENTERPRISE, status }, evidenceId: 'e' },
        'u',
      );
      expect(c.result).toBe('FAILED');
    }
    expect(checkEnterpriseInBusiness({ status: 'NOT_FOUND', evidenceId: 'e' }, 'U1').reason.en).toContain(
      'U1',
    );
    expect(checkEnterpriseInBusiness(DOWN, 'u').result).toBe('UNAVAILABLE');
    expect(checkEnterpriseInBusiness(undefined, 'u').result).toBe('UNAVAILABLE');
  });
  it('holder belongs when it is the current name or a former name; a stranger does not', () => {
    expect(holderBelongs(ENTERPRISE.name, ENTERPRISE, {})).toBe(true);
    expect(holderBelongs('北京甲前身有限公司', ENTERPRISE, {})).toBe(true);
    expect(holderBelongs('别家公司', ENTERPRISE, {})).toBe(false);
  });
  it('asset ownership: not on the register or held by another → FAILED; register down → UNAVAILABLE; no asset → no check', () => {
    const asset = { kind: 'patent' as const, number: '202010123456.2' };
    const ent = answers()['enterprise-registry'];
    expect(checkAssetOwnership(undefined, undefined, ent, {})).toBeUndefined();
    expect(
      checkAssetOwnership(
        asset,
        {
          status: 'FOUND',
          data: { kind: 'patent', number: asset.number, holder: ENTERPRISE.name },
          evidenceId: 'e',
        },
        ent,
        {},
      )?.result,
    ).toBe('PASSED');
    expect(
      checkAssetOwnership(
        asset,
        {
          status: 'FOUND',
          data: { kind: 'patent', number: asset.number, holder: '别家公司' },
          evidenceId: 'e',
        },
        ent,
        {},
      )?.result,
    ).toBe('FAILED');
    expect(checkAssetOwnership(asset, { status: 'NOT_FOUND', evidenceId: 'e' }, ent, {})?.result).toBe(
      'FAILED',
    );
    expect(checkAssetOwnership(asset, DOWN, ent, {})?.result).toBe('UNAVAILABLE');
    expect(
      checkAssetOwnership(
        asset,
        {
          status: 'FOUND',
          data: { kind: 'patent', number: asset.number, holder: ENTERPRISE.name },
          evidenceId: 'e',
        },
        DOWN,
        {},
      )?.result,
    ).toBe('UNAVAILABLE');
  });
  it('legal representative: both name and ID digest must match', () => {
    const id = answers().identity;
    const lr = { name: '张三', idNumberDigest: 'digest-zhang', idNumberMasked: 'm' };
    expect(checkLegalRepresentative(lr, id).result).toBe('PASSED');
    expect(checkLegalRepresentative({ ...lr, name: '张叁' }, id).reason.en).toContain('name');
    expect(checkLegalRepresentative({ ...lr, idNumberDigest: 'x' }, id).reason.en).toContain('ID number');
    expect(checkLegalRepresentative(lr, DOWN).result).toBe('UNAVAILABLE');
    expect(checkLegalRepresentative(lr, { status: 'NOT_FOUND', evidenceId: 'e' }).result).toBe('FAILED');
  });
  it('an active credit record fails the commitment-credit check and names the record', () => {
    expect(checkCommitmentCredit(undefined).result).toBe('PASSED');
    const c = checkCommitmentCredit('CR-1');
    expect(c.result).toBe('FAILED');
    expect(c.reason.zh).toContain('CR-1');
  });
});

describe('overall decision', () => {
  const m = (outcome: MaterialDecision['outcome'], deferrable = false): MaterialDecision => ({
    materialCode: `M-${outcome}-${deferrable}`,
    outcome,
    deferrable,
    reason: { zh: '', en: '' },
    evidenceIds: [],
  });
  const pass = {
    check: 'ENTERPRISE_IN_BUSINESS' as const,
    result: 'PASSED' as const,
    reason: { zh: '', en: '' },
  };
  const signed = { signed: true, allowed: true };
  it('ALL_CLEAR when everything is exempt or verified', () => {
    expect(overallDecision([m('EXEMPT'), m('VERIFIED')], [pass], signed).decision).toBe('ALL_CLEAR');
  });
  it('DEFERRABLE_GAPS_ONLY needs only deferrable gaps AND commitment signed AND allowed', () => {
    expect(overallDecision([m('EXEMPT'), m('MISSING', true)], [pass], signed).decision).toBe(
      'DEFERRABLE_GAPS_ONLY',
    );
    expect(overallDecision([m('MISSING', true)], [pass], { signed: false, allowed: true }).decision).toBe(
      'CORRECTION_NEEDED',
    );
    expect(overallDecision([m('MISSING', true)], [pass], { signed: true, allowed: false }).decision).toBe(
      'CORRECTION_NEEDED',
    );
  });
  it('CORRECTION_NEEDED for a MISMATCH or a non-deferrable gap, even with a commitment', () => {
    expect(overallDecision([m('MISMATCH')], [pass], signed).decision).toBe('CORRECTION_NEEDED');
    expect(overallDecision([m('MISSING', true), m('MISSING', false)], [pass], signed).decision).toBe(
      'CORRECTION_NEEDED',
    );
  });
  it('CORRECTION_NEEDED for a failed legal-representative cross-check', () => {
    expect(
      overallDecision(
        [m('EXEMPT')],
        [pass, { check: 'LEGAL_REPRESENTATIVE', result: 'FAILED', reason: { zh: '', en: 'lr' } }],
        signed,
      ),
    ).toEqual({ decision: 'CORRECTION_NEEDED', reason: { zh: '', en: 'lr' } });
  });
  it('MANUAL_REVIEW beats correction: a material under review or an unavailable cross-check', () => {
    expect(overallDecision([m('MANUAL_REVIEW'), m('MISMATCH')], [pass], signed).decision).toBe(
      'MANUAL_REVIEW',
    );
    expect(overallDecision([m('EXEMPT')], [{ ...pass, result: 'UNAVAILABLE' }], signed).decision).toBe(
      'MANUAL_REVIEW',
    );
  });
  it('REJECT beats everything: enterprise not in business or asset not its own', () => {
    expect(overallDecision([m('MANUAL_REVIEW')], [{ ...pass, result: 'FAILED' }], signed).decision).toBe(
      'REJECT',
    );
    expect(
      overallDecision(
        [m('EXEMPT')],
        [pass, { check: 'ASSET_OWNERSHIP', result: 'FAILED', reason: { zh: '', en: '' } }],
        signed,
      ).decision,
    ).toBe('REJECT');
  });
});

describe('assessSubCase (whole sub-case)', () => {
  it('name change, one deferrable gap, commitment signed → DEFERRABLE_GAPS_ONLY; licence and ID exempt with evidence', () => {
    const r = assessSubCase(input({ submitted: [], commitmentSigned: true }), answers());
    expect(r.decision).toBe('DEFERRABLE_GAPS_ONLY');
    expect(r.materials.map((x) => [x.materialCode, x.outcome])).toEqual([
      ['BUSINESS_LICENCE', 'EXEMPT'],
      ['LEGAL_REP_ID', 'EXEMPT'],
      ['SHAREHOLDERS_RESOLUTION', 'MISSING'],
    ]);
    expect(r.crossChecks.map((c) => c.result)).toEqual(['PASSED', 'PASSED', 'PASSED']);
  });
  it('an active credit record closes the commitment path: CORRECTION_NEEDED with the blocking record id', () => {
    const r = assessSubCase(input({ submitted: [], commitmentSigned: true }), answers(), 'CR-9');
    expect(r.decision).toBe('CORRECTION_NEEDED');
    expect(r.blockingCreditRecordId).toBe('CR-9');
    expect(r.commitmentAllowed).toBe(false);
  });
  it('a credit record does not affect a case without gaps', () => {
    expect(assessSubCase(input(), answers(), 'CR-9').decision).toBe('ALL_CLEAR');
  });
  it('a revoked enterprise is rejected', () => {
    expect(assessSubCase(input(), answers({}, { ...ENTERPRISE, status: 'REVOKED' })).decision).toBe('REJECT');
  });
  it("a patent held by the old name, with the name change filed, is the enterprise's (PO change after MR change)", () => {
    const r = assessSubCase(
      input({
        itemCode: 'PO_APPLICANT_NAME_CHANGE',
        asset: { kind: 'patent', number: '202010123456.2' },
        materials: [FORM, NAME_PROOF, LICENCE],
        submitted: [{ materialCode: FORM.code, documentId: 'd', sha256: 'd'.repeat(64) }],
      }),
      answers(),
    );
    expect(r.decision).toBe('ALL_CLEAR');
    expect(r.crossChecks.find((c) => c.check === 'ASSET_OWNERSHIP')?.result).toBe('PASSED');
  });
  it('a patent of another enterprise is rejected', () => {
    const r = assessSubCase(
      input({
        asset: { kind: 'patent', number: '202010123456.2' },
        materials: [FORM],
        submitted: [{ materialCode: FORM.code, documentId: 'd', sha256: 'd'.repeat(64) }],
      }),
      answers({
        'patent-register': {
          status: 'FOUND',
          data: { kind: 'patent', number: '202010123456.2', holder: '别家公司' },
          evidenceId: 'e',
        },
      }),
    );
    expect(r.decision).toBe('REJECT');
  });
  it('identity source down → MANUAL_REVIEW (both the material and the cross-check)', () => {
    const r = assessSubCase(input(), answers({ identity: DOWN }));
    expect(r.decision).toBe('MANUAL_REVIEW');
    expect(r.materials.find((x) => x.materialCode === 'LEGAL_REP_ID')?.outcome).toBe('MANUAL_REVIEW');
  });
});

describe('supplement check and exemption rate', () => {
  it('a supplement with a valid digest for an owed material is VERIFIED; otherwise MISMATCH', () => {
    expect(
      checkSupplement({ materialCode: 'A', documentId: 'd', sha256: 'e'.repeat(64) }, ['A']).outcome,
    ).toBe('VERIFIED');
    expect(
      checkSupplement({ materialCode: 'A', documentId: 'd', sha256: 'e'.repeat(64) }, undefined).outcome,
    ).toBe('VERIFIED');
    expect(
      checkSupplement({ materialCode: 'B', documentId: 'd', sha256: 'e'.repeat(64) }, ['A']).outcome,
    ).toBe('MISMATCH');
    expect(checkSupplement({ materialCode: 'A', documentId: 'd', sha256: 'short' }, ['A']).outcome).toBe(
      'MISMATCH',
    );
  });
  it('exemption rate = exempt materials / all required materials; 0 for none', () => {
    const r = assessSubCase(input({ submitted: [], commitmentSigned: true }), answers());
    expect(exemptionRate([r])).toEqual({ exempt: 2, total: 3, rate: 2 / 3 });
    expect(exemptionRate([])).toEqual({ exempt: 0, total: 0, rate: 0 });
  });
});
