import {
  CatalogueError,
  exemptionShare,
  loadSeedCatalogue,
  type MergedMaterial,
  oneTimeNotice,
} from '@app/catalogue';
import { bundle, catalogue, entry, field, item, material } from './test-fixtures';

const seed = loadSeedCatalogue();
const NAME_CHANGE_ASSETS = {
  patents: ['2020101234567', '2021106543210'],
  trademarks: ['12345678', '87654321'],
};
const MR = 'MR_ENTERPRISE_NAME_CHANGE';
const P1 = 'PO_APPLICANT_NAME_CHANGE:2020101234567';
const P2 = 'PO_APPLICANT_NAME_CHANGE:2021106543210';
const T1 = 'TO_REGISTRANT_NAME_CHANGE:12345678';
const T2 = 'TO_REGISTRANT_NAME_CHANGE:87654321';

function byCode(materials: readonly MergedMaterial[]): Map<string, MergedMaterial> {
  return new Map(materials.map((m) => [m.code, m]));
}

describe('oneTimeNotice — the seed name-change bundle (一次告知、一表申请、一套材料)', () => {
  const notice = oneTimeNotice(seed, 'ENTERPRISE_NAME_CHANGE', NAME_CHANGE_ASSETS, { agentAppointed: false });

  it('states bundle, catalogue version and the five sub-cases', () => {
    expect(notice.bundle.code).toBe('ENTERPRISE_NAME_CHANGE');
    expect(notice.catalogueVersion).toBe(1);
    expect(notice.subCases.map((s) => s.key)).toEqual([MR, P1, P2, T1, T2]);
  });

  it('asks every form question once, even though three items ask for the new name', () => {
    const codes = notice.fields.map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(notice.fields.find((f) => f.code === 'newName')?.askedBy).toEqual([
      'MR_ENTERPRISE_NAME_CHANGE',
      'PO_APPLICANT_NAME_CHANGE',
      'TO_REGISTRANT_NAME_CHANGE',
    ]);
    // Only the market-regulation registration asks why the name changes.
    expect(notice.fields.find((f) => f.code === 'changeReason')?.askedBy).toEqual([
      'MR_ENTERPRISE_NAME_CHANGE',
    ]);
  });

  it('does not list an item that yields no sub-case among the askers (no layout design ⇒ the layout item asks nothing)', () => {
    const askers = new Set(notice.fields.flatMap((f) => f.askedBy));
    expect(askers.has('LD_HOLDER_NAME_CHANGE')).toBe(false);
  });

  it('lists each material once with every sub-case relying on it', () => {
    const m = byCode(notice.materials);
    expect(notice.materials.length).toBe(m.size);
    expect(m.get('BUSINESS_LICENCE')?.neededBy).toEqual([MR, P1, P2, T1, T2]);
    expect(m.get('NAME_CHANGE_PROOF')?.neededBy).toEqual([P1, P2, T1, T2]);
    expect(m.get('PATENT_BIBLIO_CHANGE_FORM')?.neededBy).toEqual([P1, P2]);
    expect(m.get('SHAREHOLDERS_RESOLUTION')?.neededBy).toEqual([MR]);
  });

  it('mixes exempt, mandatory and deferrable materials, each labelled in the policy terms', () => {
    const decision = (code: string) => byCode(notice.materials).get(code)?.submission;
    expect(['BUSINESS_LICENCE', 'LEGAL_REP_ID', 'NAME_CHANGE_PROOF'].map(decision)).toEqual(
      Array(3).fill('EXEMPT_DATA_SHARING'),
    );
    expect(['PATENT_BIBLIO_CHANGE_FORM', 'TM_CHANGE_APPLICATION'].map(decision)).toEqual(
      Array(2).fill('MUST_SUBMIT'),
    );
    expect(['SHAREHOLDERS_RESOLUTION', 'ARTICLES_AMENDMENT'].map(decision)).toEqual(
      Array(2).fill('DEFERRABLE_UNDER_COMMITMENT'),
    );
    const resolution = byCode(notice.materials).get('SHAREHOLDERS_RESOLUTION');
    expect(resolution?.deferralWorkingDays).toBe(20);
    expect(resolution?.submissionLabel.zh).toBe('可容缺办理：签署告知承诺书后20个工作日内补交');
    expect(byCode(notice.materials).get('BUSINESS_LICENCE')?.submissionLabel.zh).toBe(
      '通过数据共享核验，免于提交（电子证照库）',
    );
    expect(byCode(notice.materials).get('TM_CHANGE_APPLICATION')?.submissionLabel).toEqual({
      zh: '必须提交',
      en: 'Must be submitted',
    });
  });

  it('counts 3 of 7 materials exempt by data sharing', () => {
    expect(exemptionShare(notice.materials)).toEqual({ exempt: 3, total: 7, rate: 3 / 7 });
  });
});

describe('oneTimeNotice — agent-appointed materials', () => {
  const codes = (agentAppointed: boolean) =>
    oneTimeNotice(seed, 'ENTERPRISE_NAME_CHANGE', NAME_CHANGE_ASSETS, { agentAppointed }).materials.map(
      (m) => m.code,
    );

  it('leaves powers of attorney out when no agent is named', () => {
    expect(codes(false)).not.toEqual(expect.arrayContaining(['PATENT_AGENT_POA']));
    expect(codes(false).filter((c) => c.endsWith('_POA') || c === 'MR_AGENT_AUTHORISATION')).toEqual([]);
  });

  it('adds each agency document, needed only by the sub-cases of its office, when an agent is named', () => {
    const notice = oneTimeNotice(seed, 'ENTERPRISE_NAME_CHANGE', NAME_CHANGE_ASSETS, {
      agentAppointed: true,
    });
    const m = byCode(notice.materials);
    expect(m.get('MR_AGENT_AUTHORISATION')?.neededBy).toEqual([MR]);
    expect(m.get('PATENT_AGENT_POA')?.neededBy).toEqual([P1, P2]);
    expect(m.get('TM_AGENT_POA')?.neededBy).toEqual([T1, T2]);
    expect(m.get('TM_AGENT_POA')).toMatchObject({
      requiredWhen: 'agent-appointed',
      submission: 'MUST_SUBMIT',
    });
    expect(notice.subCases.find((s) => s.key === T1)?.materials.map((r) => r.code)).toContain('TM_AGENT_POA');
  });

  it('drops agent materials from the sub-cases too when no agent is named', () => {
    const notice = oneTimeNotice(seed, 'ENTERPRISE_NAME_CHANGE', NAME_CHANGE_ASSETS, {
      agentAppointed: false,
    });
    expect(notice.subCases.find((s) => s.key === T1)?.materials.map((r) => r.code)).toEqual([
      'TM_CHANGE_APPLICATION',
      'NAME_CHANGE_PROOF',
      'BUSINESS_LICENCE',
    ]);
  });

  it('keeps a material that one item always needs even without an agent, needed by that item only', () => {
    const c = catalogue(
      [
        item('ALWAYS', { materials: [material('DOC')] }),
        item('IF_AGENT', { materials: [material('DOC', { requiredWhen: 'agent-appointed' })] }),
      ],
      [bundle('B', [entry('ALWAYS'), entry('IF_AGENT')])],
    );
    expect(
      oneTimeNotice(c, 'B', {}, { agentAppointed: false }).materials.map((m) => [
        m.code,
        m.neededBy,
        m.requiredWhen,
      ]),
    ).toEqual([['DOC', ['ALWAYS'], 'always']]);
    expect(
      oneTimeNotice(c, 'B', {}, { agentAppointed: true }).materials.map((m) => [
        m.code,
        m.neededBy,
        m.requiredWhen,
      ]),
    ).toEqual([['DOC', ['ALWAYS', 'IF_AGENT'], 'always']]);
  });
});

describe('oneTimeNotice — strictest rule when items disagree on a shared material', () => {
  const RESOLUTION = 'RESOLUTION';
  const twoItems = (
    a: Parameters<typeof material>[1],
    b: Parameters<typeof material>[1],
    opts: { bCommitment?: boolean; bundleCommitment?: boolean } = {},
  ) =>
    catalogue(
      [
        item('A', { materials: [material(RESOLUTION, a)] }),
        item('B', { materials: [material(RESOLUTION, b)], commitmentAllowed: opts.bCommitment ?? true }),
      ],
      [bundle('X', [entry('A'), entry('B')], { commitmentAllowed: opts.bundleCommitment ?? true })],
    );
  const deferrable20 = { deferrable: true, deferralWorkingDays: 20 };
  const deferrable10 = { deferrable: true, deferralWorkingDays: 10 };
  const merged = (c: ReturnType<typeof twoItems>, commitmentSigned?: boolean) => {
    const notice = oneTimeNotice(
      c,
      'X',
      {},
      { agentAppointed: false, ...(commitmentSigned === undefined ? {} : { commitmentSigned }) },
    );
    const m = notice.materials[0];
    return { m, notice };
  };

  it('takes the shorter deferral period when both items defer', () => {
    const { m } = merged(twoItems(deferrable20, deferrable10));
    expect([m?.submission, m?.deferralWorkingDays, m?.neededBy]).toEqual([
      'DEFERRABLE_UNDER_COMMITMENT',
      10,
      ['A', 'B'],
    ]);
  });

  it('requires submission when one item does not let the material be deferred', () => {
    const { m } = merged(twoItems(deferrable20, { deferrable: false }));
    expect([m?.submission, m?.deferrable, m?.deferralWorkingDays]).toEqual(['MUST_SUBMIT', false, undefined]);
  });

  it('requires submission when one needing item does not accept a commitment', () => {
    expect(merged(twoItems(deferrable20, deferrable20, { bCommitment: false })).m?.submission).toBe(
      'MUST_SUBMIT',
    );
  });

  it('requires submission when the bundle does not accept a commitment', () => {
    expect(merged(twoItems(deferrable20, deferrable20, { bundleCommitment: false })).m?.submission).toBe(
      'MUST_SUBMIT',
    );
  });

  it('requires submission when the applicant declined to sign, and offers deferral when signed', () => {
    expect(merged(twoItems(deferrable20, deferrable20), false).m?.submission).toBe('MUST_SUBMIT');
    expect(merged(twoItems(deferrable20, deferrable20), true).m?.submission).toBe(
      'DEFERRABLE_UNDER_COMMITMENT',
    );
  });

  it('takes the smallest size cap', () => {
    expect(merged(twoItems({ maxBytes: 900 }, { maxBytes: 300 })).m?.maxBytes).toBe(300);
  });

  it('restates the merged decision on every sub-case, so no sub-case promises a deferral the applicant was not offered', () => {
    const { notice } = merged(twoItems(deferrable20, { deferrable: false }));
    expect(notice.subCases.map((s) => s.materials.map((r) => [r.code, r.submission]))).toEqual([
      [[RESOLUTION, 'MUST_SUBMIT']],
      [[RESOLUTION, 'MUST_SUBMIT']],
    ]);
    const shorter = merged(twoItems(deferrable20, deferrable10)).notice;
    expect(shorter.subCases.map((s) => s.materials[0]?.deferralWorkingDays)).toEqual([10, 10]);
  });

  it('asks a field as required when any asking item requires it', () => {
    const c = catalogue(
      [
        item('A', { formFields: [field('effectiveDate', { type: 'date', required: false })] }),
        item('B', { formFields: [field('effectiveDate', { type: 'date', required: true })] }),
      ],
      [bundle('X', [entry('A'), entry('B')])],
    );
    expect(oneTimeNotice(c, 'X', {}, { agentAppointed: false }).fields).toEqual([
      expect.objectContaining({ code: 'effectiveDate', required: true, askedBy: ['A', 'B'] }),
    ]);
  });
});

describe('oneTimeNotice — commitment', () => {
  it('refuses a signed commitment on a bundle where no sub-case accepts one', () => {
    let error: unknown;
    try {
      oneTimeNotice(
        seed,
        'PATENT_PLEDGE',
        { patents: ['P1'] },
        { agentAppointed: false, commitmentSigned: true },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogueError);
    expect(error).toMatchObject({ code: 'APPLICATION.COMMITMENT_NOT_ALLOWED' });
  });

  it('lists the pledge contract as mandatory and the certificates as exempt', () => {
    const notice = oneTimeNotice(seed, 'PATENT_PLEDGE', { patents: ['P1', 'P2'] }, { agentAppointed: false });
    const m = byCode(notice.materials);
    expect(m.get('PLEDGE_CONTRACT')).toMatchObject({
      submission: 'MUST_SUBMIT',
      neededBy: ['PO_PATENT_PLEDGE:P1', 'PO_PATENT_PLEDGE:P2'],
    });
    expect(m.get('PATENT_CERTIFICATE')?.submission).toBe('EXEMPT_DATA_SHARING');
  });
});

describe('exemptionShare', () => {
  const m = (code: string, submission: MergedMaterial['submission']): MergedMaterial => ({
    ...material(code),
    requiredWhen: 'always',
    neededBy: ['X'],
    submission,
    submissionLabel: { zh: '', en: '' },
  });

  it('counts only data-sharing exemptions (a deferral is still a submission)', () => {
    expect(
      exemptionShare([
        m('A', 'EXEMPT_DATA_SHARING'),
        m('B', 'DEFERRABLE_UNDER_COMMITMENT'),
        m('C', 'MUST_SUBMIT'),
        m('D', 'EXEMPT_DATA_SHARING'),
      ]),
    ).toEqual({ exempt: 2, total: 4, rate: 0.5 });
  });

  it('is 0 of 0 at rate 0 for no materials', () => {
    expect(exemptionShare([])).toEqual({ exempt: 0, total: 0, rate: 0 });
  });

  it('is 1 when everything is exempt', () => {
    expect(exemptionShare([m('A', 'EXEMPT_DATA_SHARING')]).rate).toBe(1);
  });
});
