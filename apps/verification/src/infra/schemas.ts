import type { VerificationRequestedV1 } from '@app/contracts';
import { Schema } from 'mongoose';
import { OUTBOX_FIELDS } from '@app/persistence';

/**
 * The assessment aggregate, one per (caseId, round): its deterministic _id makes a redelivered request
 * a no-op, and its outbox carries the assessment event in the same single-document write.
 */
export const ASSESSMENT = 'Assessment';
export const AssessmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true, index: true },
    round: { type: Number, required: true },
    applicationId: { type: String, required: true },
    authority: { type: String, required: true },
    itemCode: { type: String, required: true },
    uscc: { type: String, required: true, index: true },
    decision: { type: String, required: true },
    materials: { type: [Object], default: [] },
    crossChecks: { type: [Object], default: [] },
    /** Material codes left MISSING and deferrable: what a later supplement may answer. */
    owedMaterials: { type: [String], default: [] },
    assessedAt: { type: Date, required: true },
    /** Kept while the decision is MANUAL_REVIEW, so the sources can be asked again later. */
    request: { type: Object },
    cause: { type: Object },
    recheckAttempts: { type: Number, default: 0 },
    resolved: { type: Boolean, default: false, index: true },
    ...OUTBOX_FIELDS,
  },
  { collection: 'assessments', versionKey: false },
);

export interface AssessmentDoc {
  _id: string;
  caseId: string;
  round: number;
  applicationId: string;
  authority: string;
  itemCode: string;
  uscc: string;
  decision: string;
  materials: unknown[];
  crossChecks: unknown[];
  owedMaterials: string[];
  assessedAt: Date;
  request?: VerificationRequestedV1;
  cause?: { id: string; correlationId: string; applicationId: string };
  recheckAttempts?: number;
  resolved?: boolean;
}

/** Evidence from a data-sharing source: which source, what was asked, hash of the answer, when. */
export const EVIDENCE = 'Evidence';
export const EvidenceSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true, index: true },
    round: { type: Number, required: true },
    applicationId: { type: String, required: true },
    authority: { type: String, required: true },
    source: { type: String, required: true },
    /** Array of {key, value}: user-provided strings are never used as document keys. */
    query: { type: [Object], default: [] },
    found: { type: Boolean, required: true },
    /** Facts as the rules read them (names, statuses, keyed digests and masked numbers only). */
    facts: { type: Object },
    responseSha256: { type: String, required: true },
    issuer: { type: String, required: true },
    issuedAt: { type: String, required: true },
    evidenceNo: { type: String },
    signature: { type: String },
    fetchedAt: { type: String, required: true },
    attempts: { type: Number },
    fromCache: { type: Boolean },
  },
  { collection: 'evidence', versionKey: false },
);

export interface EvidenceDoc {
  _id: string;
  caseId: string;
  round: number;
  applicationId: string;
  authority: string;
  source: string;
  query: Array<{ key: string; value: string }>;
  found: boolean;
  facts?: unknown;
  responseSha256: string;
  issuer: string;
  issuedAt: string;
  evidenceNo?: string;
  signature?: string;
  fetchedAt: string;
  attempts?: number;
  fromCache?: boolean;
}

/** Credit records from the commitment service (an active one closes the commitment path). */
export const CREDIT_RECORD = 'CreditRecord';
export const CreditRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    uscc: { type: String, required: true, index: true },
    caseId: { type: String, required: true },
    startsAt: { type: String, required: true },
    expiresAt: { type: String, required: true },
  },
  { collection: 'credit_records', versionKey: false },
);
export interface CreditRecordDoc {
  _id: string;
  uscc: string;
  caseId: string;
  startsAt: string;
  expiresAt: string;
}

/** One check of a supplemented deferred material, with its event in the outbox. */
export const SUPPLEMENT_CHECK = 'SupplementCheck';
export const SupplementCheckSchema = new Schema(
  {
    _id: { type: String, required: true },
    obligationId: { type: String, required: true },
    caseId: { type: String, required: true },
    materialCode: { type: String, required: true },
    outcome: { type: String, required: true },
    checkedAt: { type: Date, required: true },
    ...OUTBOX_FIELDS,
  },
  { collection: 'supplement_checks', versionKey: false },
);
