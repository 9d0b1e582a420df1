import { createHash } from 'node:crypto';
import { waitFor } from '@app/testing';
import { api, System } from './system';

export interface Fixture {
  uscc: string;
  name: string;
  legalRepresentative: { name: string; idNumber: string };
  patents: string[];
  trademarks: string[];
  layoutDesigns: string[];
}

export interface SubCaseView {
  caseId: string;
  itemCode: string;
  authority: string;
  state: string;
}
export interface ApplicationDetail {
  applicationId: string;
  status: string;
  subCases: SubCaseView[];
  notices: Array<{ noticeId: string; deficiencies: Array<{ caseId: string; materialCode: string }> }>;
}
export interface MergedMaterial {
  code: string;
  submission: 'EXEMPT_DATA_SHARING' | 'MUST_SUBMIT' | 'DEFERRABLE_UNDER_COMMITMENT';
}

export async function fixtures(sys: System): Promise<{ inBusiness: Fixture[]; flagged: Fixture }> {
  const res = await api<{ inBusiness: Fixture[]; flagged: Fixture }>(
    sys.url['registry-sandbox'],
    'GET',
    '/fixtures',
  );
  return res.body;
}

/** Uploads a small PDF for the enterprise and returns its document id. */
export async function upload(sys: System, uscc: string, label: string): Promise<string> {
  return (await uploadDocument(sys, uscc, label)).documentId;
}

/** Uploads a small PDF for the enterprise; returns the id and the sha256 the server computed. */
export async function uploadDocument(
  sys: System,
  uscc: string,
  label: string,
): Promise<{ documentId: string; sha256: string }> {
  const body = Buffer.from(`%PDF-1.4\n% ${label} ${uscc}\n%%EOF\n`);
  const res = await fetch(`${sys.url.intake}/documents`, {
    method: 'POST',
    headers: {
      'content-type': 'application/pdf',
      authorization: `Bearer ${sys.token({ role: 'applicant', uscc })}`,
    },
    body,
  });
  const json = (await res.json()) as { documentId: string; sha256: string };
  if (res.status !== 201) throw new Error(`upload failed ${res.status} ${JSON.stringify(json)}`);
  expectSha(json.sha256, body);
  return json;
}

function expectSha(got: string, body: Buffer): void {
  const want = createHash('sha256').update(body).digest('hex');
  if (got !== want) throw new Error(`sha256 mismatch ${got} != ${want}`);
}

export interface FileOptions {
  /** Which material marks to submit: everything (default) or leave the deferrable ones out. */
  omitDeferrable?: boolean;
  omitMaterial?: string;
  commitment?: boolean;
  patents?: number;
  trademarks?: number;
  sandboxOutcome?: 'DENY';
  /** Sent as Idempotency-Key with the filing, so a retried filing cannot create a second application. */
  idempotencyKey?: string;
  /**
   * Keep retrying each request that fails with a network error or a 5xx (an engine down) until this
   * many ms have passed (reliability scenarios); the filing is retried with the same body and key.
   */
  retryForMs?: number;
}

/** Runs `fn` again while it throws or answers a 5xx, until `forMs` passed (0: once). Counts the retries. */
export async function retrying<T extends { status: number }>(
  fn: () => Promise<T>,
  forMs = 0,
  onRetry: () => void = () => undefined,
): Promise<T> {
  const until = Date.now() + forMs;
  for (;;) {
    try {
      const r = await fn();
      if (r.status < 500 || Date.now() >= until) return r;
    } catch (e) {
      if (Date.now() >= until) throw e;
    }
    onRetry();
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Files an enterprise-name-change bundle the way a client would: one-time notice first, then the form. */
export async function fileNameChange(
  sys: System,
  f: Fixture,
  opts: FileOptions = {},
): Promise<{
  applicationId: string;
  subCases: SubCaseView[];
  status: number;
  body: unknown;
  retries: number;
  deferredMaterials: string[];
}> {
  const assets = {
    patents: f.patents.slice(0, opts.patents ?? 2),
    trademarks: f.trademarks.slice(0, opts.trademarks ?? 2),
    layoutDesigns: [],
  };
  const retryFor = opts.retryForMs ?? 0;
  let retries = 0;
  const counted = (): void => {
    retries += 1;
  };
  const notice = await retrying(
    () =>
      api<{ materials: MergedMaterial[] }>(
        sys.url.intake,
        'POST',
        '/catalogue/bundles/ENTERPRISE_NAME_CHANGE/notice',
        undefined,
        { assets, agentAppointed: false, commitmentSigned: opts.commitment ?? false },
      ),
    retryFor,
    counted,
  );
  if (notice.status !== 200 && notice.status !== 201)
    throw new Error(`notice failed ${notice.status} ${JSON.stringify(notice.body)}`);
  const toSubmit = notice.body.materials
    .filter(
      (m) =>
        m.submission === 'MUST_SUBMIT' ||
        (m.submission === 'DEFERRABLE_UNDER_COMMITMENT' && !opts.omitDeferrable),
    )
    .filter((m) => m.code !== opts.omitMaterial);
  const materials = [];
  for (const m of toSubmit) {
    const doc = await retrying(
      async () => ({ status: 201, documentId: await upload(sys, f.uscc, m.code) }),
      retryFor,
      counted,
    );
    materials.push({ materialCode: m.code, documentId: doc.documentId });
  }
  // Alternate two suffixes on the registered name's base, so an enterprise that files again and again
  // (the soak) gets a new, bounded name each time instead of one that grows past the form's limit.
  const base = f.name.replace(/(智能科技|数字科技)?有限公司$/, '');
  const newName = `${base}${f.name.endsWith('智能科技有限公司') ? '数字科技' : '智能科技'}有限公司`;
  const body = {
    uscc: f.uscc,
    enterpriseName: f.name,
    legalRepresentative: f.legalRepresentative,
    contact: { name: '联系人', phone: '13800138000' },
    bundleCode: 'ENTERPRISE_NAME_CHANGE',
    assets,
    formValues: {
      unifiedSocialCreditCode: f.uscc,
      oldName: f.name,
      newName,
      changeReason: 'BUSINESS_DEVELOPMENT',
      contactName: '联系人',
      contactPhone: '13800138000',
      ...(opts.sandboxOutcome ? { sandboxOutcome: opts.sandboxOutcome } : {}),
    },
    materials,
    ...(opts.commitment
      ? {
          commitment: {
            textVersion: 'GZCN-2024-1',
            signerName: f.legalRepresentative.name,
            signedAt: new Date().toISOString(),
            signedHash: createHash('sha256').update(`commitment:${f.uscc}`).digest('hex'),
          },
        }
      : {}),
  };
  const res = await retrying(
    () =>
      api<{ applicationId: string; subCases: SubCaseView[] }>(
        sys.url.intake,
        'POST',
        '/applications',
        sys.token({ role: 'applicant', uscc: f.uscc }),
        body,
        opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {},
      ),
    retryFor,
    counted,
  );
  return {
    applicationId: res.body.applicationId,
    subCases: res.body.subCases,
    status: res.status,
    body: res.body,
    retries,
    // Left out under the commitment: one obligation each once the deferral is granted.
    deferredMaterials: notice.body.materials
      .filter((m) => m.submission === 'DEFERRABLE_UNDER_COMMITMENT' && opts.omitDeferrable)
      .map((m) => m.code),
  };
}

export async function detail(sys: System, f: Fixture, applicationId: string): Promise<ApplicationDetail> {
  const res = await api<ApplicationDetail>(
    sys.url.intake,
    'GET',
    `/applications/${applicationId}`,
    sys.token({ role: 'applicant', uscc: f.uscc }),
  );
  if (res.status !== 200) throw new Error(`detail ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Waits until the application's sub-cases reach states satisfying `ok`. */
export async function waitForStates(
  sys: System,
  f: Fixture,
  applicationId: string,
  what: string,
  ok: (subCases: SubCaseView[], d: ApplicationDetail) => boolean,
  timeoutMs = 60000,
): Promise<ApplicationDetail> {
  let last: ApplicationDetail | undefined;
  return waitFor(
    what,
    async () => {
      last = await detail(sys, f, applicationId);
      return ok(last.subCases, last) ? last : undefined;
    },
    timeoutMs,
    300,
  ).catch((e: unknown) => {
    throw new Error(
      `${String(e)}; last states: ${JSON.stringify(last?.subCases.map((s) => [s.itemCode, s.state]))} status ${last?.status}`,
    );
  });
}

export const all =
  (state: string) =>
  (subs: SubCaseView[]): boolean =>
    subs.length > 0 && subs.every((s) => s.state === state);

/** An obligation as the applicant's `GET /obligations` lists it (the fields the scenarios read). */
export interface Obligation {
  obligationId: string;
  applicationId: string;
  caseId: string;
  materialCode: string;
  state: string;
  authority: string;
  version: number;
  grantedAt: string;
  deadlineAt: string;
  caseRevoked: boolean;
}

/** The enterprise's obligations of one application. */
export async function obligationsOf(sys: System, f: Fixture, applicationId: string): Promise<Obligation[]> {
  const token = sys.token({ role: 'applicant', uscc: f.uscc });
  const res = await api<{ items?: Obligation[] }>(sys.url.commitment, 'GET', '/obligations', token);
  return (res.body.items ?? []).filter((o) => o.applicationId === applicationId);
}

/**
 * Waits until the deferral of a filing made with `omitDeferrable` is granted: one obligation per
 * material left out (they are written one by one, so "some" is not yet "all").
 */
export async function grantedObligations(
  sys: System,
  f: Fixture,
  filed: { applicationId: string; deferredMaterials: string[] },
  timeoutMs = 60000,
): Promise<Obligation[]> {
  return waitFor(
    'obligations granted',
    async () => {
      const o = await obligationsOf(sys, f, filed.applicationId);
      return o.length > 0 && o.length >= filed.deferredMaterials.length ? o : undefined;
    },
    timeoutMs,
    500,
  );
}
