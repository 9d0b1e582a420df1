import { Schema } from 'mongoose';
import { OUTBOX_FIELDS } from '@app/persistence';

/**
 * Every change is ONE insert of a new document that carries the change's events in its outbox; no
 * document is ever updated except by the outbox relay acknowledging what it published. Why: on the
 * FerretDB used here, concurrent updates of one document lose writes (an update is a read-modify-
 * write), so an aggregate updated while the relay acknowledges its outbox could lose its state or
 * republish events. Inserts are safe: unique `_id`s and unique indexes hold under concurrency, and
 * they double as the "once only" rules (one follow-up, one decision, one next version of a ticket).
 * User text is only ever stored as values, never as keys (FerretDB forbids '.' and '$' in keys).
 */
export const RATING_MODEL = 'Rating';
export const RatingSchema = new Schema(
  {
    _id: { type: String, required: true },
    subject: { type: String, required: true },
    subjectKey: { type: String, required: true, unique: true },
    uscc: { type: String, required: true, index: true },
    raterId: { type: String, required: true },
    applicationId: String,
    caseId: String,
    itemCode: String,
    authority: { type: String, required: true, index: true },
    channel: { type: String, required: true },
    score: { type: Number, required: true },
    tags: { type: [String], default: [] },
    comment: String,
    submittedAt: { type: String, required: true },
    eventApplicationId: { type: String, required: true },
    ticketId: String,
    ...OUTBOX_FIELDS,
  },
  { collection: 'ratings', versionKey: false, minimize: true },
);

/** The one follow-up of a rating: `_id` = ratingId, so a second one is a duplicate key. */
export const FOLLOW_UP_MODEL = 'RatingFollowUp';
export const FollowUpSchema = new Schema(
  {
    _id: { type: String, required: true },
    uscc: { type: String, required: true },
    comment: { type: String, required: true },
    at: { type: String, required: true },
    by: { type: String, required: true },
    ...OUTBOX_FIELDS,
  },
  { collection: 'rating_follow_ups', versionKey: false },
);

/** Each version of a ticket is its own document, `_id` = `<ticketId>:<version>`: the next version is inserted once. */
export const TICKET_MODEL = 'RectificationTicketVersion';
export const TicketSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: String, required: true },
    ratingId: { type: String, required: true, index: true },
    authority: { type: String, required: true, index: true },
    uscc: { type: String, required: true, index: true },
    eventApplicationId: { type: String, required: true },
    caseId: String,
    status: { type: String, required: true, index: true },
    openedAt: { type: String, required: true },
    dueDate: { type: String, required: true },
    dueAt: { type: String, required: true },
    dueVersion: { type: Number, required: true },
    version: { type: Number, required: true },
    steps: { type: [Object], default: [] },
    decision: String,
    ...OUTBOX_FIELDS,
  },
  { collection: 'rectification_ticket_versions', versionKey: false },
);
TicketSchema.index({ ticketId: 1, version: -1 });

export const APPEAL_MODEL = 'Appeal';
export const AppealSchema = new Schema(
  {
    _id: { type: String, required: true },
    ratingId: { type: String, required: true, unique: true },
    authority: { type: String, required: true },
    eventApplicationId: { type: String, required: true },
    status: { type: String, required: true },
    reason: { type: String, required: true },
    filedAt: { type: String, required: true },
    filedBy: { type: Object, required: true },
    ...OUTBOX_FIELDS,
  },
  { collection: 'appeals', versionKey: false },
);

/** A supervisor's decision on an appeal: `_id` = appealId, so an appeal is decided once. */
export const APPEAL_DECISION_MODEL = 'AppealDecision';
export const AppealDecisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    upheld: { type: Boolean, required: true },
    reason: { type: String, required: true },
    at: { type: String, required: true },
    by: { type: Object, required: true },
    ...OUTBOX_FIELDS,
  },
  { collection: 'appeal_decisions', versionKey: false },
);
