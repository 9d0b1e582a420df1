import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { AssetKindName } from '@app/contracts';
import type {
  AssetFacts,
  ELicenceFacts,
  EnterpriseFacts,
  IdentityFacts,
  SourceCode,
  SourceFactsMap,
} from '@app/verification-rules';
import { VerificationConfig } from '../config';
import { BreakerOpenError, BreakerState, CircuitBreaker, TtlCache, withRetries } from '../domain/resilience';

/** One answer of a source, with what we keep as evidence (never a full personal ID number). */
export interface FetchedEvidence<T> {
  source: SourceCode;
  query: Array<{ key: string; value: string }>;
  found: boolean;
  facts?: T;
  /** SHA-256 of the response body as received. */
  responseSha256: string;
  issuer: string;
  issuedAt: string;
  evidenceNo: string;
  signature: string;
  fetchedAt: string;
  attempts: number;
  fromCache: boolean;
}

export type FetchResult<T> =
  { ok: true; evidence: FetchedEvidence<T> } | { ok: false; error: string; attempts: number };

/** A transient failure worth a retry (network, timeout, 5xx, 429). */
class SourceFailure extends Error {}

interface SourceDocument {
  evidenceNo?: string;
  issuer?: { code?: string };
  issuedAt?: string;
  found?: boolean;
  data?: unknown;
  signature?: string;
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  query: Array<{ key: string; value: string }>;
}

/**
 * The one adapter shape: each source states how to ask (request) and how to read the answer (facts);
 * timeout, retries with backoff, the circuit breaker and the cache are common.
 */
export abstract class DataSharingAdapter<S extends SourceCode, Q> {
  abstract readonly source: S;
  private readonly logger = new Logger('DataSharing');
  readonly breaker: CircuitBreaker;
  private readonly cache: TtlCache<FetchedEvidence<SourceFactsMap[S]>>;

  constructor(
    protected readonly config: VerificationConfig,
    private readonly baseUrl: string,
    breakerName: string,
  ) {
    this.breaker = new CircuitBreaker(
      breakerName,
      config.SOURCE_BREAKER_FAILURES,
      config.SOURCE_BREAKER_RESET_MS,
    );
    this.cache = new TtlCache(config.SOURCE_CACHE_TTL_MS);
  }

  protected abstract request(query: Q): Request;
  protected abstract facts(data: Record<string, unknown>): SourceFactsMap[S];

  async fetch(query: Q): Promise<FetchResult<SourceFactsMap[S]>> {
    const req = this.request(query);
    const key = JSON.stringify(req.query);
    const cached = this.cache.get(key);
    if (cached) return { ok: true, evidence: { ...cached, fromCache: true } };
    let attempts = 0;
    try {
      const { value } = await withRetries(
        (attempt) => {
          attempts = attempt;
          return this.breaker.run(() => this.once(req));
        },
        {
          retries: this.config.SOURCE_RETRIES,
          baseDelayMs: this.config.SOURCE_RETRY_BACKOFF_MS,
          retryable: (e) => !(e instanceof BreakerOpenError),
        },
      );
      const evidence: FetchedEvidence<SourceFactsMap[S]> = { ...value, attempts, fromCache: false };
      this.cache.set(key, evidence);
      return { ok: true, evidence };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.logger.warn(`${this.source} unavailable after ${attempts} attempt(s): ${error}`);
      return { ok: false, error, attempts };
    }
  }

  private async once(
    req: Request,
  ): Promise<Omit<FetchedEvidence<SourceFactsMap[S]>, 'attempts' | 'fromCache'>> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${req.path}`, {
        method: req.method,
        headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(this.config.SOURCE_TIMEOUT_MS),
      });
    } catch (e) {
      throw new SourceFailure(
        `${this.source}: ${e instanceof Error ? (e.name === 'TimeoutError' ? `timeout after ${this.config.SOURCE_TIMEOUT_MS} ms` : e.message) : String(e)}`,
      );
    }
    const body = await res.text();
    if (!res.ok) throw new SourceFailure(`${this.source}: HTTP ${res.status}`);
    let doc: SourceDocument;
    try {
      doc = JSON.parse(body) as SourceDocument;
    } catch {
      throw new SourceFailure(`${this.source}: answer is not JSON`);
    }
    const found = doc.found === true && typeof doc.data === 'object' && doc.data !== null;
    return {
      source: this.source,
      query: req.query,
      found,
      ...(found ? { facts: this.facts(doc.data as Record<string, unknown>) } : {}),
      responseSha256: createHash('sha256').update(body).digest('hex'),
      issuer: doc.issuer?.code ?? 'unknown',
      issuedAt: doc.issuedAt ?? new Date().toISOString(),
      evidenceNo: doc.evidenceNo ?? '',
      signature: doc.signature ?? '',
      fetchedAt: new Date().toISOString(),
    };
  }

  status(): { source: S; breaker: BreakerState; consecutiveFailures: number } {
    return {
      source: this.source,
      breaker: this.breaker.state,
      consecutiveFailures: this.breaker.consecutiveFailures,
    };
  }
}

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(obj) : []);

export class EnterpriseRegistryAdapter extends DataSharingAdapter<'enterprise-registry', { uscc: string }> {
  readonly source = 'enterprise-registry' as const;
  constructor(config: VerificationConfig) {
    super(config, config.SOURCE_ENTERPRISE_URL, 'enterprise-registry');
  }
  protected request(q: { uscc: string }): Request {
    return {
      method: 'GET',
      path: `/sharing/enterprise/${encodeURIComponent(q.uscc)}`,
      query: [{ key: 'uscc', value: q.uscc }],
    };
  }
  protected facts(d: Record<string, unknown>): EnterpriseFacts {
    const lr = obj(d.legalRepresentative);
    const status = str(d.status);
    return {
      uscc: str(d.uscc),
      name: str(d.name),
      status:
        status === 'IN_BUSINESS' || status === 'REVOKED' || status === 'DEREGISTERED'
          ? status
          : 'DEREGISTERED',
      address: str(d.address),
      nameHistory: list(d.nameHistory).map((h) => ({ name: str(h.name), until: str(h.until) })),
      addressHistory: list(d.addressHistory).map((h) => ({ address: str(h.address), until: str(h.until) })),
      legalRepresentative: {
        name: str(lr.name),
        idNumberDigest: str(lr.idNumberDigest),
        idNumberMasked: str(lr.idNumberMasked),
      },
    };
  }
}

export class ELicenceAdapter extends DataSharingAdapter<'e-licence', { uscc: string }> {
  readonly source = 'e-licence' as const;
  constructor(config: VerificationConfig) {
    super(config, config.SOURCE_E_LICENCE_URL, 'e-licence');
  }
  protected request(q: { uscc: string }): Request {
    return {
      method: 'GET',
      path: `/sharing/e-licence/${encodeURIComponent(q.uscc)}`,
      query: [{ key: 'uscc', value: q.uscc }],
    };
  }
  protected facts(d: Record<string, unknown>): ELicenceFacts {
    return {
      uscc: str(d.uscc),
      name: str(d.name),
      licenceNumber: str(d.licenceNumber),
      valid: d.valid === true,
    };
  }
}

/** Asks with the keyed digest of the ID number only: the number itself never leaves intake. */
export class IdentityAdapter extends DataSharingAdapter<
  'identity',
  { uscc: string; name: string; idNumberDigest: string }
> {
  readonly source = 'identity' as const;
  constructor(config: VerificationConfig) {
    super(config, config.SOURCE_IDENTITY_URL, 'identity');
  }
  protected request(q: { uscc: string; name: string; idNumberDigest: string }): Request {
    return {
      method: 'POST',
      path: '/sharing/identity-check',
      body: q,
      query: [
        { key: 'uscc', value: q.uscc },
        { key: 'name', value: q.name },
        { key: 'idNumberDigest', value: q.idNumberDigest },
      ],
    };
  }
  protected facts(d: Record<string, unknown>): IdentityFacts {
    const r = obj(d.registered);
    return {
      uscc: str(d.uscc),
      registeredName: str(r.name),
      registeredIdNumberDigest: str(r.idNumberDigest),
      registeredIdNumberMasked: str(r.idNumberMasked),
    };
  }
}

abstract class AssetRegisterAdapter<
  S extends 'patent-register' | 'trademark-register' | 'layout-design-register',
> extends DataSharingAdapter<S, { number: string }> {
  protected abstract readonly kind: AssetKindName;
  protected abstract readonly segment: string;
  protected request(q: { number: string }): Request {
    return {
      method: 'GET',
      path: `/sharing/${this.segment}/${encodeURIComponent(q.number)}`,
      query: [{ key: 'number', value: q.number }],
    };
  }
  protected facts(d: Record<string, unknown>): AssetFacts {
    return { kind: this.kind, number: str(d.number), holder: str(d.holder) };
  }
}

export class PatentRegisterAdapter extends AssetRegisterAdapter<'patent-register'> {
  readonly source = 'patent-register' as const;
  protected readonly kind = 'patent' as const;
  protected readonly segment = 'patents';
  constructor(config: VerificationConfig) {
    super(config, config.SOURCE_PATENT_URL, 'patent-register');
  }
}

export class TrademarkRegisterAdapter extends AssetRegisterAdapter<'trademark-register'> {
  readonly source = 'trademark-register' as const;
  protected readonly kind = 'trademark' as const;
  protected readonly segment = 'trademarks';
  constructor(config: VerificationConfig) {
    super(config, config.SOURCE_TRADEMARK_URL, 'trademark-register');
  }
}

export class LayoutDesignRegisterAdapter extends AssetRegisterAdapter<'layout-design-register'> {
  readonly source = 'layout-design-register' as const;
  protected readonly kind = 'layout-design' as const;
  protected readonly segment = 'layout-designs';
  constructor(config: VerificationConfig) {
    super(config, config.SOURCE_LAYOUT_DESIGN_URL, 'layout-design-register');
  }
}

/** All adapters, one per source. */
@Injectable()
export class DataSharingSources {
  readonly enterprise: EnterpriseRegistryAdapter;
  readonly eLicence: ELicenceAdapter;
  readonly identity: IdentityAdapter;
  readonly patents: PatentRegisterAdapter;
  readonly trademarks: TrademarkRegisterAdapter;
  readonly layoutDesigns: LayoutDesignRegisterAdapter;

  constructor(config: VerificationConfig) {
    this.enterprise = new EnterpriseRegistryAdapter(config);
    this.eLicence = new ELicenceAdapter(config);
    this.identity = new IdentityAdapter(config);
    this.patents = new PatentRegisterAdapter(config);
    this.trademarks = new TrademarkRegisterAdapter(config);
    this.layoutDesigns = new LayoutDesignRegisterAdapter(config);
  }

  statuses(): Array<{ source: SourceCode; breaker: BreakerState; consecutiveFailures: number }> {
    return [
      this.enterprise,
      this.eLicence,
      this.identity,
      this.patents,
      this.trademarks,
      this.layoutDesigns,
    ].map((a) => a.status());
  }
}
