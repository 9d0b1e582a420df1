import { Schema } from 'mongoose';
import { OUTBOX_FIELDS } from '@app/persistence';

/**
 * Documents keep their domain shape (see domain/records.ts) under `_id` = the record's id; only the fields
 * queried are declared (with indexes), the rest is stored as written (`strict: false`). Aggregates that
 * emit events carry their own outbox.
 */
const options = { versionKey: false as const, strict: false, minimize: false };

export const DeferralSchema = new Schema(
  {
    _id: { type: String, required: true },
    decision: { type: String, index: true },
    uscc: { type: String, index: true },
    ended: Boolean,
    granted: { type: [Schema.Types.Mixed], default: [] },
    ...OUTBOX_FIELDS,
  },
  { ...options, collection: 'deferrals' },
);

export const ObligationSchema = new Schema(
  {
    _id: { type: String, required: true },
    deferralId: { type: String, index: true },
    uscc: { type: String, index: true },
    authority: { type: String, index: true },
    state: { type: String, index: true },
    version: Number,
    caseRevoked: Boolean,
    remindersIssued: { type: [String], default: [] },
    notices: { type: [Schema.Types.Mixed], default: [] },
    ...OUTBOX_FIELDS,
  },
  { ...options, collection: 'obligations' },
);

export const PostHocCheckSchema = new Schema(
  {
    _id: { type: String, required: true },
    authority: { type: String, index: true },
    status: { type: String, index: true },
    version: Number,
    findings: { type: [Schema.Types.Mixed], default: [] },
    ...OUTBOX_FIELDS,
  },
  { ...options, collection: 'posthoc_checks' },
);

export const CreditRecordSchema = new Schema(
  { _id: { type: String, required: true }, uscc: { type: String, index: true } },
  { ...options, collection: 'credit_records' },
);

/** Sub-cases known from `intake.application.filed`: who owns them and where they are handled. */
export const CaseDirectorySchema = new Schema(
  {
    _id: { type: String, required: true },
    applicationId: String,
    uscc: { type: String, index: true },
    authority: String,
    itemCode: String,
  },
  { ...options, collection: 'case_directory' },
);

/**
 * Claims: FerretDB does not make a conditional update atomic against a concurrent one (two writers can
 * both match `version: 3`), but a primary-key insert is. A writer first claims the transition it wants
 * to make (`<aggregate>:v<version>`, `breach:<deferral>` …); only the one whose insert succeeds writes.
 */
export const ClaimSchema = new Schema(
  { _id: { type: String, required: true }, claimedAt: Date },
  { ...options, collection: 'claims' },
);

export const MODELS = {
  claim: 'Claim',
  deferral: 'Deferral',
  obligation: 'Obligation',
  postHoc: 'PostHocCheck',
  credit: 'CreditRecord',
  caseDirectory: 'CaseDirectory',
} as const;
