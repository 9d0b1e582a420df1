import { toLocalDate } from '@app/calendar';
import type { SubCaseStateName } from '@app/contracts';
import { isBadRating } from '@app/evaluation-rules';
import { EvaluationErrors } from './errors';

export const RATING_SUBJECTS = ['application', 'sub-case', 'interaction'] as const;
export type RatingSubject = (typeof RATING_SUBJECTS)[number];
export const CHANNELS = ['window', 'online', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A sub-case stops being worked in these states: only then can it be rated. */
export const CONCLUDED_STATES: readonly SubCaseStateName[] = [
  'COMPLETED',
  'DENIED',
  'REJECTED',
  'CANCELLED',
  'REVOKED',
];

export function isConcluded(state: SubCaseStateName): boolean {
  return CONCLUDED_STATES.includes(state);
}

/** What the evaluation service knows of a sub-case, projected from intake's events. */
export interface SubCaseView {
  caseId: string;
  applicationId: string;
  uscc?: string;
  itemCode: string;
  authority: string;
  state: SubCaseStateName;
}

/** What the evaluation service knows of an application, projected from `intake.application.filed`. */
export interface ApplicationView {
  applicationId: string;
  uscc: string;
  bundleCode: string;
  /** Authority of the bundle's first sub-case: the office that answers for the application as a whole. */
  leadAuthority: string;
  subCaseIds: string[];
}

export interface FollowUp {
  comment: string;
  at: string;
  by: string;
}

/** A rating as submitted. Never changed afterwards: the follow-up is stored beside it, once. */
export interface Rating {
  ratingId: string;
  subject: RatingSubject;
  /** One rating per subject per enterprise: unique. */
  subjectKey: string;
  uscc: string;
  raterId: string;
  applicationId?: string;
  caseId?: string;
  itemCode?: string;
  authority: string;
  channel: Channel;
  score: number;
  tags: string[];
  comment?: string;
  submittedAt: string;
  /** Key of the rating's events: the application rated, or a synthetic one for a free interaction. */
  eventApplicationId: string;
  ticketId?: string;
  followUp?: FollowUp;
}

export interface RatingRequest {
  subject: RatingSubject;
  applicationId?: string;
  caseId?: string;
  authority?: string;
  channel: Channel;
  score: number;
  tags?: string[];
  comment?: string;
}

/** Who the rating is about, resolved and checked against the applicant's enterprise. */
export interface RatedSubject {
  subjectKey: string;
  applicationId?: string;
  caseId?: string;
  itemCode?: string;
  authority: string;
  eventApplicationId: string;
}

export interface SubjectLookup {
  subCase?: SubCaseView;
  application?: ApplicationView;
  /** States of the application's sub-cases (for an application rating). */
  subCaseStates?: SubCaseStateName[];
}

/** Required and forbidden fields per subject (before anything is looked up). */
export function checkRequestShape(request: RatingRequest): void {
  if (request.subject === 'sub-case' && request.caseId === undefined)
    throw EvaluationErrors.missingField('caseId');
  if (request.subject === 'application' && request.applicationId === undefined)
    throw EvaluationErrors.missingField('applicationId');
  if (request.subject === 'application' && request.caseId !== undefined)
    throw EvaluationErrors.fieldNotAllowed('caseId');
  if (request.subject === 'interaction') {
    if (request.authority === undefined) throw EvaluationErrors.missingField('authority');
    if (request.caseId !== undefined) throw EvaluationErrors.fieldNotAllowed('caseId');
  }
  if (request.subject !== 'interaction' && request.authority !== undefined)
    throw EvaluationErrors.fieldNotAllowed('authority');
  isBadRating(request.score); // throws EVALUATION.INVALID_SCORE outside 1–5
}

/**
 * Resolves the subject and enforces the rules: only the enterprise's own case can be rated (another's
 * is indistinguishable from a missing one: 404), and only once it is concluded.
 */
export function resolveSubject(
  request: RatingRequest,
  uscc: string,
  lookup: SubjectLookup,
  ratingId: string,
  now: Date,
): RatedSubject {
  switch (request.subject) {
    case 'sub-case': {
      const subCase = lookup.subCase;
      if (subCase === undefined || subCase.uscc !== uscc) throw EvaluationErrors.subjectNotFound();
      if (request.applicationId !== undefined && request.applicationId !== subCase.applicationId)
        throw EvaluationErrors.subjectNotFound();
      if (!isConcluded(subCase.state)) throw EvaluationErrors.notConcluded();
      return {
        subjectKey: `${uscc}|sub-case|${subCase.caseId}`,
        applicationId: subCase.applicationId,
        caseId: subCase.caseId,
        itemCode: subCase.itemCode,
        authority: subCase.authority,
        eventApplicationId: subCase.applicationId,
      };
    }
    case 'application': {
      const application = lookup.application;
      if (application === undefined || application.uscc !== uscc) throw EvaluationErrors.subjectNotFound();
      const states = lookup.subCaseStates ?? [];
      if (states.length < application.subCaseIds.length || !states.every(isConcluded))
        throw EvaluationErrors.notConcluded();
      return {
        subjectKey: `${uscc}|application|${application.applicationId}`,
        applicationId: application.applicationId,
        itemCode: application.bundleCode,
        authority: application.leadAuthority,
        eventApplicationId: application.applicationId,
      };
    }
    case 'interaction': {
      const authority = request.authority ?? '';
      if (request.applicationId !== undefined) {
        const application = lookup.application;
        if (application === undefined || application.uscc !== uscc) throw EvaluationErrors.subjectNotFound();
      }
      // A service interaction with no application is identified by office, channel and day: one rating
      // per enterprise for each (the policy's "one rating per service"), without a visit register.
      const context = request.applicationId ?? toLocalDate(now);
      return {
        subjectKey: `${uscc}|interaction|${authority}|${request.channel}|${context}`,
        applicationId: request.applicationId,
        authority,
        eventApplicationId: request.applicationId ?? `interaction-${ratingId}`,
      };
    }
  }
}
