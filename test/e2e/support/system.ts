import { mintToken, Principal } from '@app/auth';
import { AppProcess, createNamespace, dropNamespace, freePort, TestNamespace } from '@app/testing';

/** The whole system as separate processes on the real stack, in one namespace per test file. */
export interface System {
  ns: TestNamespace;
  apps: Record<AppName, AppProcess>;
  url: Record<AppName, string>;
  token(p: Partial<Principal> & Pick<Principal, 'role'>): string;
  stop(): Promise<void>;
}

export type AppName = 'registry-sandbox' | 'intake' | 'verification' | 'commitment' | 'evaluation' | 'audit';

const JWT = { secret: 'local-development-secret-change-me', issuer: 'ipw-local', audience: 'ipw-services' };

export async function startSystem(
  label: string,
  overrides: Partial<Record<AppName, Record<string, string>>> = {},
): Promise<System> {
  const ns = await createNamespace(label, 3);
  const names: AppName[] = [
    'registry-sandbox',
    'intake',
    'verification',
    'commitment',
    'evaluation',
    'audit',
  ];
  const ports = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await freePort()] as const)),
  ) as Record<AppName, number>;
  const url = Object.fromEntries(names.map((n) => [n, `http://127.0.0.1:${ports[n]}`])) as Record<
    AppName,
    string
  >;
  const sandbox = url['registry-sandbox'];
  const env: Record<AppName, Record<string, string>> = {
    'registry-sandbox': {
      SANDBOX_PROCESS_DELAY_MS: '300',
      SANDBOX_ADMIN_OPEN: 'true',
      SANDBOX_CALLBACK_BACKOFF_MS: '200',
    },
    intake: {
      REGISTRY_SANDBOX_URL: sandbox,
      INTAKE_PUBLIC_URL: url.intake,
      DISPATCH_BACKOFF_MS: '200',
      DISPATCH_SWEEP_MS: '1000',
    },
    verification: {
      SOURCE_ENTERPRISE_URL: sandbox,
      SOURCE_E_LICENCE_URL: sandbox,
      SOURCE_IDENTITY_URL: sandbox,
      SOURCE_PATENT_URL: sandbox,
      SOURCE_TRADEMARK_URL: sandbox,
      SOURCE_LAYOUT_DESIGN_URL: sandbox,
      // The registry changes as sub-cases complete: never answer from a stale cache in e2e.
      SOURCE_CACHE_TTL_MS: '0',
    },
    commitment: { WORKING_DAY_MS: '4000', OBLIGATION_REMINDER_OFFSETS: '1' },
    evaluation: { RECTIFICATION_DUE_MS: '5000' },
    audit: {},
  };
  const apps = {} as Record<AppName, AppProcess>;
  for (const n of names)
    apps[n] = new AppProcess(n, ports[n], { ...ns.env, ...env[n], ...(overrides[n] ?? {}) });
  // The sandbox first (others call it), then the rest in parallel.
  await apps['registry-sandbox'].start();
  await Promise.all(names.filter((n) => n !== 'registry-sandbox').map((n) => apps[n].start()));
  return {
    ns,
    apps,
    url,
    token: (p) => mintToken(JWT, { subject: p.subject ?? `e2e-${p.role}`, ...p }),
    async stop() {
      await Promise.all(names.map((n) => apps[n].stop()));
      await dropNamespace(ns);
    },
  };
}

export interface ApiResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
