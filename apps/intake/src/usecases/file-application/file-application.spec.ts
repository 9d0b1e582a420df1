import { DomainError } from '@app/contracts';
import { WorkingDayCalendar } from '@app/calendar';
import { LEGAL_REP_ID, nameChangeRequest, PATENTS, USCC_A, USCC_B } from '../testing/filing-data';
import {
  FakeApplicationStore,
  FakeCatalogueStore,
  FakeCreditBlocks,
  FakeDispatchQueue,
  FakeDocumentStore,
  FakeIdempotencyStore,
  FixedClock,
} from '../testing/fakes';
import { FileApplication, FilingRequest } from './file-application';

const actor = { kind: 'applicant' as const, id: 'user-a' };
const commitment = {
  textVersion: 'CNIPA-2024-1',
  signerName: '张伟',
  signedAt: '2026-03-02T09:00:00+08:00',
  signedHash: 'a'.repeat(64),
};

function setup() {
  const store = new FakeApplicationStore();
  const catalogues = new FakeCatalogueStore();
  const documents = new FakeDocumentStore();
  const credit = new FakeCreditBlocks();
  const idem = new FakeIdempotencyStore();
  const queue = new FakeDispatchQueue();
  const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));
  const uc = new FileApplication(
    store,
    catalogues,
    documents,
    credit,
    idem,
    queue,
    WorkingDayCalendar.default(),
    clock,
    'unit-test-pii-key-0123456789',
  );
  documents.add('DOC-RESOLUTION', USCC_A);
  documents.add('DOC-OTHERS', USCC_B);
  documents.add('DOC-IMAGE', USCC_A, 'image/png');
  return { store, catalogues, documents, credit, idem, queue, clock, uc };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('FileApplication (一表申请)', () => {
  const materials = [{ materialCode: 'SHAREHOLDERS_RESOLUTION', documentId: 'DOC-RESOLUTION' }];

  it('fans a name change with 2 patents and 2 trademarks out into 5 sub-cases with prerequisites, all sent to verification', async () => {
    const { uc, store } = setup();
    const { receipt, replayed } = await uc.execute(USCC_A, actor, nameChangeRequest(USCC_A, materials));
    expect(replayed).toBe(false);
    expect(receipt.subCases.map((s) => s.itemCode)).toEqual([
      'MR_ENTERPRISE_NAME_CHANGE',
      'PO_APPLICANT_NAME_CHANGE',
      'PO_APPLICANT_NAME_CHANGE',
      'TO_REGISTRANT_NAME_CHANGE',
      'TO_REGISTRANT_NAME_CHANGE',
    ]);
    const head = receipt.subCases[0]?.caseId;
    for (const s of receipt.subCases.slice(1)) expect(s.prerequisites).toEqual([head]);
    const types = store.published.map((e) => e.type);
    expect(types.filter((t) => t === 'intake.application.filed')).toHaveLength(1);
    expect(types.filter((t) => t === 'intake.subcase.transitioned')).toHaveLength(5);
    expect(types.filter((t) => t === 'intake.subcase.verification-requested')).toHaveLength(5);
    const stored = await store.get(receipt.applicationId);
    expect(stored?.subCases.every((s) => s.state === 'VERIFYING' && s.round === 1)).toBe(true);
    // The material's sha256 comes from the stored document, not from the request.
    expect(stored?.materials).toEqual([
      {
        materialCode: 'SHAREHOLDERS_RESOLUTION',
        documentId: 'DOC-RESOLUTION',
        sha256: 'DOC-RESOLUTION'.padEnd(64, '0'),
      },
    ]);
  });

  it('never stores or emits the raw legal-representative ID number: masked + HMAC digest only', async () => {
    const { uc, store } = setup();
    const { receipt } = await uc.execute(USCC_A, actor, nameChangeRequest(USCC_A, materials));
    const stored = await store.get(receipt.applicationId);
    expect(JSON.stringify(stored)).not.toContain(LEGAL_REP_ID);
    expect(JSON.stringify(store.published)).not.toContain(LEGAL_REP_ID);
    expect(stored?.legalRepresentative.idNumberMasked).toMatch(/^110101\*+/);
    expect(stored?.legalRepresentative.idNumberDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  const badCases: Array<[string, (r: FilingRequest) => FilingRequest, string, string]> = [
    [
      'a USCC with a wrong check character',
      (r) => ({ ...r, uscc: `${USCC_A.slice(0, 17)}${USCC_A.endsWith('0') ? '1' : '0'}` }),
      'uscc',
      'IDENTIFIER.',
    ],
    [
      'an ID number with a wrong check digit',
      (r) => ({
        ...r,
        legalRepresentative: {
          name: '张伟',
          idNumber: `${LEGAL_REP_ID.slice(0, 17)}${LEGAL_REP_ID.endsWith('0') ? '1' : '0'}`,
        },
      }),
      'legalRepresentative.idNumber',
      'IDENTIFIER.',
    ],
    [
      'a patent number in a wrong format',
      (r) => ({ ...r, assets: { patents: ['ZL12345'], trademarks: [] } }),
      'assets.patents[0]',
      'IDENTIFIER.',
    ],
    [
      'the same patent listed twice',
      (r) => ({ ...r, assets: { patents: [PATENTS[0] ?? '', PATENTS[0] ?? ''] } }),
      'assets.patents[1]',
      'APPLICATION.DUPLICATE_ASSET',
    ],
    [
      'an unknown bundle',
      (r) => ({ ...r, bundleCode: 'NO_SUCH_BUNDLE' }),
      'bundleCode',
      'CATALOGUE.UNKNOWN_BUNDLE',
    ],
    [
      'a required form field missing',
      (r) => ({ ...r, formValues: { ...r.formValues, newName: undefined } }),
      'formValues.newName',
      'FORM.REQUIRED',
    ],
    [
      'a form field of the wrong type',
      (r) => ({ ...r, formValues: { ...r.formValues, oldName: 42 } }),
      'formValues.oldName',
      'FORM.TYPE',
    ],
    [
      'a form field the form does not ask',
      (r) => ({ ...r, formValues: { ...r.formValues, favouriteColour: 'blue' } }),
      'formValues.favouriteColour',
      'FORM.UNKNOWN_FIELD',
    ],
    [
      'a material the bundle does not ask for',
      (r) => ({ ...r, materials: [{ materialCode: 'PLEDGE_CONTRACT', documentId: 'DOC-RESOLUTION' }] }),
      'materials[0].materialCode',
      'APPLICATION.UNKNOWN_MATERIAL',
    ],
    [
      'a document of another enterprise',
      (r) => ({ ...r, materials: [{ materialCode: 'SHAREHOLDERS_RESOLUTION', documentId: 'DOC-OTHERS' }] }),
      'materials[0].documentId',
      'DOCUMENT.NOT_FOUND',
    ],
    [
      'a document type the material does not accept',
      (r) => ({ ...r, materials: [{ materialCode: 'SHAREHOLDERS_RESOLUTION', documentId: 'DOC-IMAGE' }] }),
      'materials[0].documentId',
      'DOCUMENT.MEDIA_TYPE_NOT_ACCEPTED',
    ],
    [
      'a commitment where the bundle does not allow it',
      (r) => ({ ...r, bundleCode: 'PATENT_PLEDGE', assets: { patents: [PATENTS[0] ?? ''] }, commitment }),
      'commitment',
      'APPLICATION.COMMITMENT_NOT_ALLOWED',
    ],
    [
      'a stale catalogue version',
      (r) => ({ ...r, catalogueVersion: 99 }),
      'catalogueVersion',
      'CATALOGUE.STALE_VERSION',
    ],
  ];

  it.each(badCases)(
    'refuses %s with a stable code and the field path, storing nothing',
    async (_name, mutate, path, code) => {
      const { uc, store } = setup();
      const e = await refusal(uc.execute(USCC_A, actor, mutate(nameChangeRequest(USCC_A, materials))));
      expect(e.code.startsWith(code)).toBe(true);
      expect(e.violations.map((v) => v.path)).toContain(path);
      expect(e.text.zh).toBeTruthy();
      expect(JSON.stringify(e)).not.toContain(LEGAL_REP_ID);
      expect(store.docs.size).toBe(0);
      expect(store.published).toHaveLength(0);
    },
  );

  it('refuses to file for another enterprise than the token’s (403)', async () => {
    const { uc, store } = setup();
    const e = await refusal(uc.execute(USCC_B, actor, nameChangeRequest(USCC_A, materials)));
    expect(e.code).toBe('APPLICATION.USCC_MISMATCH');
    expect(e.kind).toBe('FORBIDDEN');
    expect(store.docs.size).toBe(0);
  });

  it('refuses the commitment path while the enterprise has an active credit record, naming it', async () => {
    const { uc, store, credit } = setup();
    await credit.record({
      creditRecordId: 'CR-1',
      uscc: USCC_A,
      startsAt: '2026-01-01T00:00:00Z',
      expiresAt: '2027-01-01T00:00:00Z',
    });
    const e = await refusal(uc.execute(USCC_A, actor, nameChangeRequest(USCC_A, materials, { commitment })));
    expect(e.code).toBe('COMMITMENT.CREDIT_RECORD_ACTIVE');
    expect(e.text.en).toContain('CR-1');
    expect(store.docs.size).toBe(0);
    // Without a commitment the same enterprise may still file.
    await expect(uc.execute(USCC_A, actor, nameChangeRequest(USCC_A, materials))).resolves.toBeDefined();
  });

  it('an expired credit record no longer blocks the commitment path', async () => {
    const { uc, credit } = setup();
    await credit.record({
      creditRecordId: 'CR-OLD',
      uscc: USCC_A,
      startsAt: '2025-01-01T00:00:00Z',
      expiresAt: '2026-01-01T00:00:00Z',
    });
    await expect(
      uc.execute(USCC_A, actor, nameChangeRequest(USCC_A, materials, { commitment })),
    ).resolves.toBeDefined();
  });

  it('Idempotency-Key: same key and body → the same application; same key, other body → IDEMPOTENCY.KEY_REUSED', async () => {
    const { uc, store } = setup();
    const first = await uc.execute(USCC_A, actor, nameChangeRequest(USCC_A, materials), 'key-1');
    const again = await uc.execute(USCC_A, actor, nameChangeRequest(USCC_A, materials), 'key-1');
    expect(again.replayed).toBe(true);
    expect(again.receipt).toEqual(first.receipt);
    const e = await refusal(
      uc.execute(
        USCC_A,
        actor,
        nameChangeRequest(USCC_A, materials, { enterpriseName: '别的公司' }),
        'key-1',
      ),
    );
    expect(e.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(e.kind).toBe('CONFLICT');
    expect(store.docs.size).toBe(1);
  });
});
