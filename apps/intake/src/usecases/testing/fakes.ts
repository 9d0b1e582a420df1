import { TypedEnvelope } from '@app/contracts';
import { Catalogue, loadSeedCatalogue } from '@app/catalogue';
import { ApplicationState } from '../../domain/application';
import {
  ApplicationStore,
  CatalogueStore,
  Clock,
  CreditBlock,
  CreditBlocks,
  DispatchQueue,
  DocumentStore,
  IdempotencyClaim,
  IdempotencyStore,
  StoredDocument,
} from '../ports';

/** In-memory stand-ins for the ports, with the same conditional-write rules as the Mongo adapters. */
export class FakeApplicationStore implements ApplicationStore {
  readonly docs = new Map<string, { state: ApplicationState; history: TypedEnvelope[]; applied: string[] }>();
  readonly published: TypedEnvelope[] = [];

  async create(state: ApplicationState, events: TypedEnvelope[]): Promise<'CREATED' | 'EXISTS'> {
    if (this.docs.has(state._id)) return 'EXISTS';
    this.docs.set(state._id, { state: structuredClone(state), history: [...events], applied: [] });
    this.published.push(...events);
    return 'CREATED';
  }

  async get(id: string): Promise<ApplicationState | undefined> {
    const d = this.docs.get(id);
    return d ? structuredClone(d.state) : undefined;
  }

  async save(
    state: ApplicationState,
    events: TypedEnvelope[],
    onceEventId?: string,
  ): Promise<'SAVED' | 'CONFLICT' | 'ALREADY_APPLIED'> {
    const d = this.docs.get(state._id);
    if (!d) return 'CONFLICT';
    if (onceEventId && d.applied.includes(onceEventId)) return 'ALREADY_APPLIED';
    if (d.state.version !== state.version) return 'CONFLICT';
    d.state = { ...structuredClone(state), version: state.version + 1 };
    d.history.push(...events);
    if (onceEventId) d.applied.push(onceEventId);
    this.published.push(...events);
    return 'SAVED';
  }

  async listByUscc(
    uscc: string,
    skip: number,
    limit: number,
  ): Promise<{ items: ApplicationState[]; total: number }> {
    const all = [...this.docs.values()].map((d) => d.state).filter((s) => s.uscc === uscc);
    return { items: all.slice(skip, skip + limit), total: all.length };
  }

  async listByAuthority(authority: string): Promise<ApplicationState[]> {
    return [...this.docs.values()]
      .map((d) => d.state)
      .filter((s) => s.subCases.some((c) => c.authority === authority));
  }

  async history(id: string): Promise<TypedEnvelope[]> {
    return this.docs.get(id)?.history ?? [];
  }

  async undispatched(): Promise<ApplicationState[]> {
    return [...this.docs.values()]
      .map((d) => d.state)
      .filter((s) => s.subCases.some((c) => c.state === 'PROCESSING' && !c.dispatch));
  }
}

export class FakeCatalogueStore implements CatalogueStore {
  readonly versions = new Map<number, Catalogue>();
  constructor(seed: Catalogue = loadSeedCatalogue()) {
    this.versions.set(seed.version, seed);
  }
  async current(): Promise<Catalogue> {
    const v = Math.max(...this.versions.keys());
    const c = this.versions.get(v);
    if (!c) throw new Error('empty');
    return c;
  }
  async version(version: number): Promise<Catalogue | undefined> {
    return this.versions.get(version);
  }
  async publish(c: Catalogue): Promise<boolean> {
    if (this.versions.has(c.version)) return false;
    this.versions.set(c.version, c);
    return true;
  }
}

export class FakeDocumentStore implements DocumentStore {
  readonly docs = new Map<string, StoredDocument>();
  async save(doc: StoredDocument): Promise<void> {
    this.docs.set(doc.documentId, doc);
  }
  async find(id: string): Promise<StoredDocument | undefined> {
    return this.docs.get(id);
  }
  add(documentId: string, owner: string, mediaType = 'application/pdf', size = 1000): StoredDocument {
    const doc = {
      documentId,
      owner,
      sha256: documentId.padEnd(64, '0').slice(0, 64),
      size,
      mediaType,
      uploadedAt: '2026-03-01T00:00:00.000Z',
    };
    this.docs.set(documentId, doc);
    return doc;
  }
}

export class FakeCreditBlocks implements CreditBlocks {
  readonly blocks: CreditBlock[] = [];
  async record(b: CreditBlock): Promise<void> {
    if (!this.blocks.some((x) => x.creditRecordId === b.creditRecordId)) this.blocks.push(b);
  }
  async activeFor(uscc: string, now: Date): Promise<CreditBlock | undefined> {
    return this.blocks.find(
      (b) =>
        b.uscc === uscc && Date.parse(b.startsAt) <= now.getTime() && now.getTime() < Date.parse(b.expiresAt),
    );
  }
}

export class FakeIdempotencyStore implements IdempotencyStore {
  readonly claims = new Map<string, IdempotencyClaim>();
  async find(scope: string, key: string): Promise<IdempotencyClaim | undefined> {
    return this.claims.get(`${scope}:${key}`);
  }
  async claim(scope: string, key: string, claim: IdempotencyClaim): Promise<IdempotencyClaim> {
    const existing = this.claims.get(`${scope}:${key}`);
    if (existing) return existing;
    this.claims.set(`${scope}:${key}`, claim);
    return claim;
  }
}

export class FakeDispatchQueue implements DispatchQueue {
  readonly jobs: Array<{ applicationId: string; caseId: string }> = [];
  async enqueue(applicationId: string, caseId: string): Promise<void> {
    this.jobs.push({ applicationId, caseId });
  }
}

export class FixedClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return this.current;
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}
