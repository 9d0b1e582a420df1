import { createHash } from 'node:crypto';
import {
  Actor,
  CommitmentSignature,
  DomainError,
  FieldViolation,
  ForbiddenError,
  newId,
  RequiredMaterial,
  SubmittedMaterial,
} from '@app/contracts';
import {
  BundleAssets,
  Catalogue,
  expandBundle,
  MaterialRequirement,
  oneTimeNotice,
  validateFormValues,
} from '@app/catalogue';
import {
  maskResidentId,
  piiDigest,
  validateAssetNumber,
  validateResidentId,
  validateUscc,
} from '@app/identifiers';
import { WorkingDayCalendar } from '@app/calendar';
import { Application, FilingReceipt, SubCaseOpening } from '../../domain/application';
import {
  ApplicationStore,
  CatalogueStore,
  Clock,
  CreditBlocks,
  DispatchQueue,
  DocumentStore,
  IdempotencyStore,
} from '../ports';

export interface FilingRequest {
  uscc: string;
  enterpriseName: string;
  legalRepresentative: { name: string; idNumber: string };
  contact: { name: string; phone: string };
  agent?: { name: string; organisation?: string };
  bundleCode: string;
  assets?: { patents?: string[]; trademarks?: string[]; layoutDesigns?: string[] };
  formValues: Record<string, unknown>;
  materials: Array<{ materialCode: string; documentId: string }>;
  commitment?: CommitmentSignature;
  catalogueVersion?: number;
  channel?: 'online' | 'window' | 'phone';
}

export interface FilingResult {
  receipt: FilingReceipt;
  replayed: boolean;
}

const ASSET_LISTS: Array<{ key: keyof BundleAssets; kind: 'patent' | 'trademark' | 'layout-design' }> = [
  { key: 'patents', kind: 'patent' },
  { key: 'trademarks', kind: 'trademark' },
  { key: 'layoutDesigns', kind: 'layout-design' },
];

/** Stable text of a JSON value (keys sorted), so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function invalid(violations: FieldViolation[]): DomainError {
  const first = violations[0];
  return new DomainError(
    first?.code ?? 'REQUEST.INVALID',
    first?.message ?? { zh: '请求内容不符合要求', en: 'The request is invalid' },
    violations,
  );
}

function keyReused(): DomainError {
  const message = {
    zh: '该幂等键已用于另一份不同的申请',
    en: 'This Idempotency-Key was already used with a different request',
  };
  return new DomainError(
    'IDEMPOTENCY.KEY_REUSED',
    message,
    [{ path: 'Idempotency-Key', code: 'IDEMPOTENCY.KEY_REUSED', message }],
    'CONFLICT',
  );
}

function toRequired(m: MaterialRequirement, commitmentAllowed: boolean): RequiredMaterial {
  return {
    code: m.code,
    name: m.name,
    provableBy: m.provableBy.map((p) => p.source),
    provableFacts: m.provableBy.map((p) => p.fact),
    deferrable: m.deferrable && commitmentAllowed,
    ...(m.deferralWorkingDays !== undefined ? { deferralWorkingDays: m.deferralWorkingDays } : {}),
  };
}

/**
 * 一表申请: checks everything first (nothing is stored for a bad request), then stores the
 * application with its fan-out events in one document write. An `Idempotency-Key` replays.
 */
export class FileApplication {
  constructor(
    private readonly applications: ApplicationStore,
    private readonly catalogues: CatalogueStore,
    private readonly documents: DocumentStore,
    private readonly credit: CreditBlocks,
    private readonly idempotency: IdempotencyStore,
    private readonly dispatch: DispatchQueue,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly piiKey: string,
  ) {}

  async execute(
    principalUscc: string,
    actor: Actor,
    req: FilingRequest,
    idempotencyKey?: string,
  ): Promise<FilingResult> {
    const hash = requestHash(req);
    if (idempotencyKey) {
      const replay = await this.replay(principalUscc, idempotencyKey, hash);
      if (replay) return { receipt: replay, replayed: true };
    }
    const uscc = validateUscc(req.uscc);
    if (!uscc.ok) throw invalid([{ path: 'uscc', code: uscc.code, message: uscc.message }]);
    if (uscc.normalized !== principalUscc) {
      throw new ForbiddenError('APPLICATION.USCC_MISMATCH', {
        zh: '只能为本企业提交申请',
        en: 'You may file only for your own enterprise',
      });
    }
    const catalogue = await this.catalogues.current();
    if (req.catalogueVersion !== undefined && req.catalogueVersion !== catalogue.version) {
      const message = {
        zh: `服务事项清单已更新为第${catalogue.version}版，请按新版重新填报（提交的是第${req.catalogueVersion}版）`,
        en: `The catalogue is now version ${catalogue.version}; you filed against version ${req.catalogueVersion}`,
      };
      throw new DomainError(
        'CATALOGUE.STALE_VERSION',
        message,
        [{ path: 'catalogueVersion', code: 'CATALOGUE.STALE_VERSION', message }],
        'CONFLICT',
      );
    }
    const now = this.clock.now();
    const opening = await this.validate(catalogue, req, principalUscc, now);
    let applicationId = newId();
    if (idempotencyKey) {
      const claim = await this.idempotency.claim(principalUscc, idempotencyKey, {
        applicationId,
        requestHash: hash,
      });
      // A concurrent request with the same key won the claim: same body → same application, else refused.
      if (claim.requestHash !== hash) throw keyReused();
      applicationId = claim.applicationId;
    }
    const idNumber = req.legalRepresentative.idNumber.trim().toUpperCase();
    const app = Application.file(
      {
        applicationId,
        uscc: principalUscc,
        enterpriseName: req.enterpriseName,
        bundleCode: req.bundleCode,
        catalogueVersion: catalogue.version,
        channel: req.channel ?? 'online',
        legalRepresentative: {
          name: req.legalRepresentative.name,
          idNumberMasked: maskResidentId(idNumber),
          idNumberDigest: piiDigest(idNumber, this.piiKey),
        },
        contact: req.contact,
        ...(req.agent ? { agent: req.agent } : {}),
        ...(req.commitment ? { commitment: req.commitment } : {}),
        formValues: opening.formValues,
        materials: opening.materials,
        subCases: opening.subCases,
      },
      this.calendar,
      now,
      { actor },
    );
    const created = await this.applications.create(app.state, app.events);
    if (created === 'EXISTS') {
      const existing = await this.applications.get(applicationId);
      if (existing) return { receipt: existing.receipt, replayed: true };
    }
    for (const caseId of app.toDispatch) await this.dispatch.enqueue(applicationId, caseId);
    return { receipt: app.state.receipt, replayed: false };
  }

  private async replay(uscc: string, key: string, hash: string): Promise<FilingReceipt | undefined> {
    const claim = await this.idempotency.find(uscc, key);
    if (!claim) return undefined;
    if (claim.requestHash !== hash) throw keyReused();
    return (await this.applications.get(claim.applicationId))?.receipt;
  }

  private async validate(
    catalogue: Catalogue,
    req: FilingRequest,
    owner: string,
    now: Date,
  ): Promise<{
    subCases: SubCaseOpening[];
    formValues: Record<string, string | number | boolean>;
    materials: SubmittedMaterial[];
  }> {
    const violations: FieldViolation[] = [];
    const id = validateResidentId(req.legalRepresentative.idNumber);
    // The message is the identifiers library's generic one: it never repeats the number.
    if (!id.ok) violations.push({ path: 'legalRepresentative.idNumber', code: id.code, message: id.message });
    const assets: BundleAssets = req.assets ?? {};
    for (const { key, kind } of ASSET_LISTS) {
      (assets[key] ?? []).forEach((n, i) => {
        const check = validateAssetNumber(kind, n);
        if (!check.ok)
          violations.push({ path: `assets.${key}[${i}]`, code: check.code, message: check.message });
      });
    }
    if (violations.length) throw invalid(violations);
    const normalisedAssets: BundleAssets = Object.fromEntries(
      ASSET_LISTS.map(({ key, kind }) => [
        key,
        (assets[key] ?? []).map((n) => {
          const c = validateAssetNumber(kind, n);
          return c.ok ? c.normalized : n;
        }),
      ]),
    );
    // Unknown bundle, duplicate assets, inapplicable asset kinds: the catalogue library refuses them all at once.
    const expanded = expandBundle(catalogue, req.bundleCode, normalisedAssets);
    const commitmentPossible = expanded.some((s) => s.commitmentAllowed);
    if (req.commitment && !commitmentPossible) {
      const message = {
        zh: '该一件事不适用告知承诺制，不能签署承诺',
        en: 'This bundle does not accept a notice-and-commitment',
      };
      throw invalid([{ path: 'commitment', code: 'APPLICATION.COMMITMENT_NOT_ALLOWED', message }]);
    }
    const notice = oneTimeNotice(catalogue, req.bundleCode, normalisedAssets, {
      agentAppointed: req.agent !== undefined,
      commitmentSigned: req.commitment !== undefined,
    });
    violations.push(...validateFormValues(notice.fields, req.formValues));
    const materials: SubmittedMaterial[] = [];
    const seen = new Set<string>();
    for (const [i, m] of req.materials.entries()) {
      const spec = notice.materials.find((x) => x.code === m.materialCode);
      if (!spec) {
        violations.push({
          path: `materials[${i}].materialCode`,
          code: 'APPLICATION.UNKNOWN_MATERIAL',
          message: {
            zh: `本申请不需要材料“${m.materialCode}”`,
            en: `This application does not ask for material "${m.materialCode}"`,
          },
        });
        continue;
      }
      if (seen.has(m.materialCode)) {
        violations.push({
          path: `materials[${i}].materialCode`,
          code: 'APPLICATION.DUPLICATE_MATERIAL',
          message: { zh: `材料“${spec.name.zh}”重复提交`, en: `Material "${spec.name.en}" is listed twice` },
        });
        continue;
      }
      seen.add(m.materialCode);
      const doc = await this.documents.find(m.documentId);
      if (!doc || doc.owner !== owner) {
        violations.push({
          path: `materials[${i}].documentId`,
          code: 'DOCUMENT.NOT_FOUND',
          message: { zh: '引用的文件不存在', en: 'The referenced document does not exist' },
        });
        continue;
      }
      if (!spec.mediaTypes.includes(doc.mediaType)) {
        violations.push({
          path: `materials[${i}].documentId`,
          code: 'DOCUMENT.MEDIA_TYPE_NOT_ACCEPTED',
          message: {
            zh: `“${spec.name.zh}”不接受 ${doc.mediaType} 格式`,
            en: `"${spec.name.en}" does not accept ${doc.mediaType}`,
          },
        });
        continue;
      }
      if (doc.size > spec.maxBytes) {
        violations.push({
          path: `materials[${i}].documentId`,
          code: 'DOCUMENT.TOO_LARGE',
          message: {
            zh: `“${spec.name.zh}”文件超过 ${spec.maxBytes} 字节`,
            en: `"${spec.name.en}" exceeds ${spec.maxBytes} bytes`,
          },
        });
        continue;
      }
      materials.push({ materialCode: m.materialCode, documentId: doc.documentId, sha256: doc.sha256 });
    }
    if (violations.length) throw invalid(violations);
    if (req.commitment) {
      const block = await this.credit.activeFor(owner, now);
      if (block) {
        const message = {
          zh: `企业存在有效的失信记录（${block.creditRecordId}，至 ${block.expiresAt}），不适用告知承诺制`,
          en: `An active credit record (${block.creditRecordId}, until ${block.expiresAt}) excludes the commitment path`,
        };
        throw new DomainError('COMMITMENT.CREDIT_RECORD_ACTIVE', message, [
          { path: 'commitment', code: 'COMMITMENT.CREDIT_RECORD_ACTIVE', message },
        ]);
      }
    }
    const formValues: Record<string, string | number | boolean> = {};
    for (const f of notice.fields) {
      const v = req.formValues[f.code];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') formValues[f.code] = v;
    }
    const subCases: SubCaseOpening[] = notice.subCases.map((s) => ({
      key: s.key,
      itemCode: s.itemCode,
      itemName: s.itemName,
      authority: s.authority,
      ...(s.asset ? { asset: { kind: s.asset.kind, number: s.asset.number } } : {}),
      prerequisites: [...s.prerequisites],
      promisedTimeLimitDays: s.promisedTimeLimitDays,
      legalTimeLimitDays: s.legalTimeLimitDays,
      commitmentAllowed: s.commitmentAllowed,
      postHocSamplingRateBasisPoints: Math.round(s.postHocSamplingRate * 10000),
      materials: s.materials.map((m) => toRequired(m, s.commitmentAllowed)),
    }));
    return { subCases, formValues, materials };
  }
}
