/**
 * `npm run demo` (with `npm start` running in another terminal): an enterprise files a realistic
 * enterprise-name-change bundle — 2 patents, 2 trademarks — under a signed commitment (告知承诺),
 * leaving the deferrable materials for later (容缺), supplements them, and the whole bundle runs to
 * completion. Then the auditor's timeline of the application is printed.
 */
import { createHash } from 'node:crypto';
import { loadConfig, PlatformConfig } from '@app/config';
import { mintToken, Principal } from '@app/auth';

const URL = {
  intake: process.env.INTAKE_URL ?? 'http://127.0.0.1:3001',
  commitment: process.env.COMMITMENT_URL ?? 'http://127.0.0.1:3003',
  audit: process.env.AUDIT_URL ?? 'http://127.0.0.1:3005',
  sandbox: process.env.SANDBOX_URL ?? 'http://127.0.0.1:3006',
};

interface Fixture {
  uscc: string;
  name: string;
  legalRepresentative: { name: string; idNumber: string };
  patents: string[];
  trademarks: string[];
}

const config = loadConfig(PlatformConfig);
const token = (p: Principal): string =>
  mintToken({ secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }, p);

async function call<T>(
  base: string,
  method: string,
  path: string,
  auth?: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': contentType } : {}),
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
    },
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const say = (zh: string, en: string): void => void process.stdout.write(`\n▶ ${zh}\n  ${en}\n`);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function upload(applicant: string, label: string): Promise<{ documentId: string; sha256: string }> {
  const pdf = Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);
  return call(URL.intake, 'POST', '/documents', applicant, pdf, 'application/pdf');
}

async function main(): Promise<void> {
  const fixtures = await call<{ inBusiness: Fixture[] }>(URL.sandbox, 'GET', '/fixtures');
  // A fresh enterprise each run: the first in-business fixture with no application yet.
  let f: Fixture | undefined;
  for (const candidate of fixtures.inBusiness) {
    const mine = await call<{ total: number }>(
      URL.intake,
      'GET',
      '/applications',
      token({ subject: 'demo', role: 'applicant', uscc: candidate.uscc }),
    );
    if (mine.total === 0) {
      f = candidate;
      break;
    }
  }
  if (!f)
    throw new Error(
      'every sandbox fixture already has an application: restart the sandbox (npm start) for a fresh registry',
    );
  const applicant = token({ subject: 'demo-applicant', role: 'applicant', uscc: f.uscc });
  const assets = { patents: f.patents.slice(0, 2), trademarks: f.trademarks.slice(0, 2), layoutDesigns: [] };

  say(
    `企业：${f.name}（${f.uscc}）办理“企业名称变更一件事”，关联 2 件专利、2 件商标`,
    `Enterprise ${f.name} files the name-change bundle with 2 patents and 2 trademarks`,
  );
  const notice = await call<{
    materials: Array<{
      code: string;
      name: { zh: string };
      submission: string;
      submissionLabel: { zh: string };
    }>;
  }>(URL.intake, 'POST', '/catalogue/bundles/ENTERPRISE_NAME_CHANGE/notice', undefined, {
    assets,
    agentAppointed: false,
    commitmentSigned: true,
  });
  say('一次告知：一套材料', 'One-time notice: one set of materials');
  for (const m of notice.materials)
    process.stdout.write(`  - ${m.name.zh}（${m.code}）：${m.submissionLabel.zh}\n`);

  const materials = [];
  for (const m of notice.materials.filter((x) => x.submission === 'MUST_SUBMIT'))
    materials.push({ materialCode: m.code, documentId: (await upload(applicant, m.code)).documentId });
  const newName = `${f.name.replace(/有限公司$/, '')}智能科技有限公司`;
  const filed = await call<{ applicationId: string; subCases: Array<{ caseId: string; itemCode: string }> }>(
    URL.intake,
    'POST',
    '/applications',
    applicant,
    {
      uscc: f.uscc,
      enterpriseName: f.name,
      legalRepresentative: f.legalRepresentative,
      contact: { name: '王敏', phone: '13900139000' },
      bundleCode: 'ENTERPRISE_NAME_CHANGE',
      assets,
      formValues: {
        unifiedSocialCreditCode: f.uscc,
        oldName: f.name,
        newName,
        changeReason: 'BUSINESS_DEVELOPMENT',
        contactName: '王敏',
        contactPhone: '13900139000',
      },
      materials,
      commitment: {
        textVersion: 'GZCN-2024-1',
        signerName: f.legalRepresentative.name,
        signedAt: new Date().toISOString(),
        signedHash: createHash('sha256').update(`告知承诺书 GZCN-2024-1 ${f.uscc}`).digest('hex'),
      },
    },
  );
  say(
    `一表申请已受理：${filed.applicationId}，拆分为 ${filed.subCases.length} 个子事项`,
    `Filed ${filed.applicationId}: ${filed.subCases.length} sub-cases`,
  );
  for (const s of filed.subCases) process.stdout.write(`  - ${s.caseId}  ${s.itemCode}\n`);

  const deferrable = notice.materials.filter((m) => m.submission === 'DEFERRABLE_UNDER_COMMITMENT').length;
  const obligations = await until('obligations', async () => {
    const r = await call<{
      items: Array<{ obligationId: string; applicationId: string; materialCode: string; dueDate: string }>;
    }>(URL.commitment, 'GET', '/obligations', applicant);
    const mine = r.items.filter((o) => o.applicationId === filed.applicationId);
    return mine.length >= deferrable ? mine : undefined;
  });
  say(
    '容缺受理：以下材料承诺限期补交',
    'Accepted with deferral: these materials are owed by their due dates',
  );
  for (const o of obligations) process.stdout.write(`  - ${o.materialCode}  截止 due ${o.dueDate}\n`);
  for (const o of obligations) {
    const doc = await upload(applicant, o.materialCode);
    await call(URL.commitment, 'POST', `/obligations/${o.obligationId}/supplements`, applicant, {
      documentId: doc.documentId,
      sha256: doc.sha256,
    });
  }
  say(
    '已补交容缺材料，等待核验与各关联登记办结',
    'Deferred materials supplied; waiting for verification and every linked process',
  );

  const done = await until(
    'completion',
    async () => {
      const d = await call<{
        status: string;
        subCases: Array<{ caseId: string; itemCode: string; state: string }>;
      }>(URL.intake, 'GET', `/applications/${filed.applicationId}`, applicant);
      return d.subCases.every((s) =>
        ['COMPLETED', 'DENIED', 'CANCELLED', 'REJECTED', 'REVOKED'].includes(s.state),
      )
        ? d
        : undefined;
    },
    180000,
  );
  say(`办结：申请状态 ${done.status}`, `Concluded: application status ${done.status}`);
  for (const s of done.subCases)
    process.stdout.write(`  - ${s.caseId}  ${s.itemCode.padEnd(28)} ${s.state}\n`);

  await sleep(1500); // let the archive catch up with the last events
  const auditor = token({ subject: 'demo-auditor', role: 'auditor' });
  const timeline = await call<{
    events: Array<{
      sequence: number;
      occurredAt: string;
      type: string;
      producer: string;
      caseId?: string;
      actor: { kind: string; id: string };
      summary?: { zh: string };
    }>;
  }>(URL.audit, 'GET', `/audit/applications/${filed.applicationId}/timeline`, auditor);
  say('审计视角：申请的完整事件时间线', "The application's timeline as the auditor sees it");
  for (const e of timeline.events) {
    process.stdout.write(
      `  #${String(e.sequence).padStart(3)} ${e.occurredAt}  ${e.type.padEnd(42)} ${(e.caseId ?? '').padEnd(30)} ${e.actor.kind}:${e.actor.id}  ${e.summary?.zh ?? ''}\n`,
    );
  }
  const verify = await call<{ ok: boolean; count: number }>(
    URL.audit,
    'GET',
    `/audit/applications/${filed.applicationId}/verify`,
    auditor,
  );
  say(
    `哈希链校验：${verify.ok ? '完整' : '已被篡改'}（${verify.count} 条）`,
    `Hash chain: ${verify.ok ? 'intact' : 'BROKEN'} (${verify.count} entries)`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
