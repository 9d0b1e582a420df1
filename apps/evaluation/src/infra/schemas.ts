import { Schema } from 'mongoose';
import { OUTBOX_FIELDS } from '@app/persistence';

/**
 * Aggregates that emit events carry their own outbox (one single-document write per change). User
 * text is only ever stored as values, never as keys (FerretDB forbids '.' and '$' in keys).
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
    followUp: { type: Object },
    ...OUTBOX_FIELDS,
  },
  { collection: 'ratings', versionKey: false, minimize: true },
);

export const TICKET_MODEL = 'RectificationTicket';
export const TicketSchema = new Schema(
  {
    _id: { type: String, required: true },
    ratingId: { type: String, required: true, unique: true },
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
  { collection: 'rectification_tickets', versionKey: false },
);

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
    decision: { type: Object },
    ...OUTBOX_FIELDS,
  },
  { collection: 'appeals', versionKey: false },
);
