import { SUB_CASE_STATES, type SubCaseStateName } from '@app/contracts';
import {
  APPLICATION_STATUSES,
  APPLICATION_STATUS_LABELS,
  deriveApplicationStatus,
} from './application-status';

type Row = [rule: string, states: SubCaseStateName[], withdrawn: boolean, expected: string];

const rows: Row[] = [
  ['1. withdrawn, nothing completed ⇒ WITHDRAWN', ['CANCELLED', 'CANCELLED'], true, 'WITHDRAWN'],
  [
    '1. withdrawn before the cancellations land ⇒ WITHDRAWN',
    ['VERIFYING', 'CORRECTION_REQUIRED'],
    true,
    'WITHDRAWN',
  ],
  [
    '1. withdrawn after one completed ⇒ PARTIALLY_COMPLETED',
    ['COMPLETED', 'CANCELLED'],
    true,
    'PARTIALLY_COMPLETED',
  ],
  [
    '2. any CORRECTION_REQUIRED ⇒ CORRECTION_REQUIRED',
    ['CORRECTION_REQUIRED', 'ACCEPTED'],
    false,
    'CORRECTION_REQUIRED',
  ],
  [
    '2. correction beats verification still running',
    ['VERIFYING', 'CORRECTION_REQUIRED'],
    false,
    'CORRECTION_REQUIRED',
  ],
  [
    '2. correction beats completed siblings',
    ['COMPLETED', 'CORRECTION_REQUIRED'],
    false,
    'CORRECTION_REQUIRED',
  ],
  ['3. all RECEIVED ⇒ IN_VERIFICATION', ['RECEIVED', 'RECEIVED'], false, 'IN_VERIFICATION'],
  [
    '3. one still VERIFYING while another processes ⇒ IN_VERIFICATION',
    ['VERIFYING', 'PROCESSING'],
    false,
    'IN_VERIFICATION',
  ],
  ['3. no sub-cases yet ⇒ IN_VERIFICATION', [], false, 'IN_VERIFICATION'],
  ['4. accepted ⇒ IN_PROGRESS', ['ACCEPTED', 'ACCEPTED_WITH_DEFERRAL'], false, 'IN_PROGRESS'],
  ['4. waiting and processing ⇒ IN_PROGRESS', ['WAITING_PREREQUISITE', 'PROCESSING'], false, 'IN_PROGRESS'],
  [
    '4. one open among terminal ones ⇒ IN_PROGRESS',
    ['COMPLETED', 'REJECTED', 'PROCESSING'],
    false,
    'IN_PROGRESS',
  ],
  ['5. all COMPLETED ⇒ COMPLETED', ['COMPLETED', 'COMPLETED', 'COMPLETED'], false, 'COMPLETED'],
  [
    '6. completed and rejected ⇒ PARTIALLY_COMPLETED',
    ['COMPLETED', 'REJECTED'],
    false,
    'PARTIALLY_COMPLETED',
  ],
  ['6. completed and revoked ⇒ PARTIALLY_COMPLETED', ['COMPLETED', 'REVOKED'], false, 'PARTIALLY_COMPLETED'],
  [
    '6. completed and cancelled ⇒ PARTIALLY_COMPLETED',
    ['COMPLETED', 'CANCELLED'],
    false,
    'PARTIALLY_COMPLETED',
  ],
  ['7. all CANCELLED ⇒ CANCELLED', ['CANCELLED', 'CANCELLED'], false, 'CANCELLED'],
  ['8. rejected with cancelled dependents ⇒ REJECTED', ['REJECTED', 'CANCELLED'], false, 'REJECTED'],
  ['8. denied ⇒ REJECTED', ['DENIED'], false, 'REJECTED'],
  ['8. a lone revoked sub-case ⇒ REJECTED', ['REVOKED'], false, 'REJECTED'],
];

describe('deriveApplicationStatus', () => {
  it.each(rows)('%s', (_rule, states, withdrawn, expected) => {
    expect(deriveApplicationStatus(states, withdrawn)).toBe(expected);
  });

  it('does not depend on the order of the sub-cases', () => {
    for (const [, states, withdrawn, expected] of rows) {
      expect(deriveApplicationStatus([...states].reverse(), withdrawn)).toBe(expected);
    }
  });

  it('a single sub-case in any state maps to exactly one status', () => {
    const byState = Object.fromEntries(SUB_CASE_STATES.map((s) => [s, deriveApplicationStatus([s])]));
    expect(byState).toEqual({
      RECEIVED: 'IN_VERIFICATION',
      VERIFYING: 'IN_VERIFICATION',
      ACCEPTED: 'IN_PROGRESS',
      ACCEPTED_WITH_DEFERRAL: 'IN_PROGRESS',
      CORRECTION_REQUIRED: 'CORRECTION_REQUIRED',
      REJECTED: 'REJECTED',
      WAITING_PREREQUISITE: 'IN_PROGRESS',
      PROCESSING: 'IN_PROGRESS',
      COMPLETED: 'COMPLETED',
      DENIED: 'REJECTED',
      CANCELLED: 'CANCELLED',
      REVOKED: 'REJECTED',
    });
  });

  it('every status has a zh and an en label', () => {
    for (const s of APPLICATION_STATUSES) {
      expect(APPLICATION_STATUS_LABELS[s].zh).toMatch(/\S/);
      expect(APPLICATION_STATUS_LABELS[s].en).toMatch(/\S/);
    }
  });
});
