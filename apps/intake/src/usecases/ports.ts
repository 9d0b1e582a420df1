import { TypedEnvelope } from '@app/contracts';
import { Catalogue } from '@app/catalogue';
import { ApplicationState } from '../domain/application';

/** Persistence of the application aggregate: one document, written with its events in one update. */
export interface ApplicationStore {
  /** 'EXISTS' when the id is taken (an idempotent re-creation). */
  create(state: ApplicationState, events: TypedEnvelope[]): Promise<'CREATED' | 'EXISTS'>;
  get(id: string): Promise<ApplicationState | undefined>;
  /**
   * Writes `state` (version + 1) and appends `events`, only if the stored version is still
   * `state.version` and, when given, `onceEventId` was not applied yet.
   */
  save(
    state: ApplicationState,
    events: TypedEnvelope[],
    onceEventId?: string,
  ): Promise<'SAVED' | 'CONFLICT' | 'ALREADY_APPLIED'>;
  listByUscc(
    uscc: string,
    skip: number,
    limit: number,
  ): Promise<{ items: ApplicationState[]; total: number }>;
  listByAuthority(authority: string): Promise<ApplicationState[]>;
  /** Every event the aggregate emitted, oldest first. */
  history(id: string): Promise<TypedEnvelope[]>;
  /** Applications with a PROCESSING sub-case not yet dispatched. */
  undispatched(): Promise<ApplicationState[]>;
}

export interface CatalogueStore {
  current(): Promise<Catalogue>;
  version(version: number): Promise<Catalogue | undefined>;
  /** false when that version number was published meanwhile. */
  publish(catalogue: Catalogue): Promise<boolean>;
}

export interface StoredDocument {
  documentId: string;
  owner: string;
  sha256: string;
  size: number;
  mediaType: string;
  uploadedAt: string;
}

export interface DocumentStore {
  save(doc: StoredDocument, content: Buffer): Promise<void>;
  find(documentId: string): Promise<StoredDocument | undefined>;
}

export interface CreditBlock {
  creditRecordId: string;
  uscc: string;
  startsAt: string;
  expiresAt: string;
}

export interface CreditBlocks {
  record(block: CreditBlock): Promise<void>;
  activeFor(uscc: string, now: Date): Promise<CreditBlock | undefined>;
}

export interface IdempotencyClaim {
  applicationId: string;
  requestHash: string;
}

export interface IdempotencyStore {
  find(scope: string, key: string): Promise<IdempotencyClaim | undefined>;
  /** Inserts the claim, or returns the one that won a race. */
  claim(scope: string, key: string, claim: IdempotencyClaim): Promise<IdempotencyClaim>;
}

export interface DispatchQueue {
  enqueue(applicationId: string, caseId: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const APPLICATION_STORE = Symbol('ApplicationStore');
export const CATALOGUE_STORE = Symbol('CatalogueStore');
export const DOCUMENT_STORE = Symbol('DocumentStore');
export const CREDIT_BLOCKS = Symbol('CreditBlocks');
export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');
export const DISPATCH_QUEUE = Symbol('DispatchQueue');
export const CLOCK = Symbol('Clock');
export const CALENDAR = Symbol('WorkingDayCalendar');
export const PII_KEY = Symbol('PiiKey');
