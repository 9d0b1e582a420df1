import type { Reason } from '@app/contracts';
import { CALENDAR_2025, cst } from './calendar.fixtures';
import {
  allowedActions,
  applyObligationAction,
  isTerminal,
  openObligation,
  type Obligation,
  type ObligationAction,
  type ObligationState,
} from './obligation';

const REASON: Reason = { code: 'CW.CHECKED', text: { zh: '经人工核对无误', en: 'Checked by hand' } };

function obligation(state: ObligationState = 'OPEN', dueDate = '2025-03-14'): Obligation {
  return {
    ...openObligation({ obligationId: 'O1', caseId: 'C1', materialCode: 'POWER_OF_ATTORNEY', dueDate }),
    state,
  };
}

const submit: ObligationAction = {
  kind: 'SUBMIT_SUPPLEMENT',
  documentId: 'D1',
  sha256: 'ab'.repeat(32),
  submittedAt: cst('2025-03-12 10:00'),
};

/** One well-formed example of each action, for the legality table. */
const EXAMPLES: Record<ObligationAction['kind'], ObligationAction> = {
  SUBMIT_SUPPLEMENT: submit,
  ACCEPT_SUPPLEMENT: { kind: 'ACCEPT_SUPPLEMENT', by: 'verification' },
  REFUSE_SUPPLEMENT: { kind: 'REFUSE_SUPPLEMENT', by: 'verification', reason: REASON },
  EXTEND: { kind: 'EXTEND', extraDays: 2, maxExtensionDays: 10, calendar: CALENDAR_2025, reason: REASON },
  WAIVE: { kind: 'WAIVE', reason: REASON },
  DECLARE_BREACH: { kind: 'DECLARE_BREACH', reason: REASON },
  DEADLINE_PASSED: { kind: 'DEADLINE_PASSED', now: cst('2025-03-15 00:00') },
};

const LEGAL: Record<ObligationAction['kind'], ObligationState[]> = {
  SUBMIT_SUPPLEMENT: ['OPEN'],
  ACCEPT_SUPPLEMENT: ['SUPPLEMENT_PENDING'],
  REFUSE_SUPPLEMENT: ['SUPPLEMENT_PENDING'],
  EXTEND: ['OPEN', 'SUPPLEMENT_PENDING'],
  WAIVE: ['OPEN', 'SUPPLEMENT_PENDING'],
  DECLARE_BREACH: ['OPEN', 'SUPPLEMENT_PENDING'],
  DEADLINE_PASSED: ['OPEN'],
};

const STATES: ObligationState[] = ['OPEN', 'SUPPLEMENT_PENDING', 'FULFILLED', 'WAIVED', 'BREACHED'];

describe('obligation state machine', () => {
  it('opens at version 1, OPEN, not extended', () => {
    expect(obligation()).toEqual({
      obligationId: 'O1',
      caseId: 'C1',
      materialCode: 'POWER_OF_ATTORNEY',
      dueDate: '2025-03-14',
      state: 'OPEN',
      extendedDays: 0,
      version: 1,
    });
  });

  describe('happy paths', () => {
    it('OPEN → SUPPLEMENT_PENDING when the applicant submits, keeping the document', () => {
      const { obligation: next, effect } = applyObligationAction(obligation(), submit);
      expect(next).toMatchObject({
        state: 'SUPPLEMENT_PENDING',
        version: 2,
        supplement: { documentId: 'D1', submittedAt: '2025-03-12T02:00:00.000Z' },
      });
      expect(effect).toEqual({ kind: 'SUPPLEMENT_SUBMITTED' });
    });

    it('SUPPLEMENT_PENDING → FULFILLED when the re-check verifies it (no reason needed)', () => {
      const { obligation: next, effect } = applyObligationAction(obligation('SUPPLEMENT_PENDING'), {
        kind: 'ACCEPT_SUPPLEMENT',
        by: 'verification',
      });
      expect(next).toMatchObject({ state: 'FULFILLED', fulfilledHow: 'VERIFIED', version: 2 });
      expect(effect).toEqual({ kind: 'FULFILLED', how: 'VERIFIED' });
    });

    it('SUPPLEMENT_PENDING → FULFILLED when a caseworker accepts it with a reason', () => {
      const { obligation: next, effect } = applyObligationAction(obligation('SUPPLEMENT_PENDING'), {
        kind: 'ACCEPT_SUPPLEMENT',
        by: 'caseworker',
        reason: REASON,
      });
      expect(next).toMatchObject({
        state: 'FULFILLED',
        fulfilledHow: 'CASEWORKER_ACCEPTED',
        lastReason: REASON,
      });
      expect(effect).toEqual({ kind: 'FULFILLED', how: 'CASEWORKER_ACCEPTED' });
    });

    it('SUPPLEMENT_PENDING → OPEN when refused, with the reason, the supplement dropped, due date kept', () => {
      const pending = applyObligationAction(obligation(), submit).obligation;
      const { obligation: next, effect } = applyObligationAction(pending, {
        kind: 'REFUSE_SUPPLEMENT',
        by: 'verification',
        reason: REASON,
      });
      expect(next).toMatchObject({ state: 'OPEN', lastReason: REASON, dueDate: '2025-03-14', version: 3 });
      expect(next).not.toHaveProperty('supplement');
      expect(effect).toEqual({ kind: 'UPDATED', change: 'SUPPLEMENT_REFUSED' });
    });

    it('a caseworker asking for resubmission is a refusal told as RESUBMISSION_REQUESTED', () => {
      const { effect } = applyObligationAction(obligation('SUPPLEMENT_PENDING'), {
        kind: 'REFUSE_SUPPLEMENT',
        by: 'caseworker',
        reason: REASON,
        resubmissionRequested: true,
      });
      expect(effect).toEqual({ kind: 'UPDATED', change: 'RESUBMISSION_REQUESTED' });
    });

    it.each(['OPEN', 'SUPPLEMENT_PENDING'] as const)('%s → WAIVED by a caseworker with a reason', (state) => {
      const { obligation: next, effect } = applyObligationAction(obligation(state), {
        kind: 'WAIVE',
        reason: REASON,
      });
      expect(next).toMatchObject({ state: 'WAIVED', lastReason: REASON });
      expect(effect).toEqual({ kind: 'FULFILLED', how: 'WAIVED' });
    });

    it.each(['OPEN', 'SUPPLEMENT_PENDING'] as const)(
      '%s → BREACHED when a caseworker declares a breach',
      (state) => {
        const { obligation: next, effect } = applyObligationAction(obligation(state), {
          kind: 'DECLARE_BREACH',
          reason: REASON,
        });
        expect(next).toMatchObject({ state: 'BREACHED', breachCause: 'DECLARED' });
        expect(effect).toEqual({ kind: 'BREACHED', cause: 'DECLARED' });
      },
    );

    it('OPEN → BREACHED on the first day after the due date', () => {
      // Due Fri 03-14 (inclusive); Sat 03-15 00:00 Beijing is past it.
      const { obligation: next, effect } = applyObligationAction(obligation(), {
        kind: 'DEADLINE_PASSED',
        now: cst('2025-03-15 00:00'),
      });
      expect(next).toMatchObject({ state: 'BREACHED', breachCause: 'DEADLINE_MISSED' });
      expect(effect).toEqual({ kind: 'BREACHED', cause: 'DEADLINE_MISSED' });
    });

    it('EXTEND moves the due date by working days, adds up the extension and keeps the state', () => {
      // Fri 03-14 + 2 working days → Tue 03-18.
      const { obligation: next, effect } = applyObligationAction(
        obligation('SUPPLEMENT_PENDING'),
        EXAMPLES.EXTEND,
      );
      expect(next).toMatchObject({
        state: 'SUPPLEMENT_PENDING',
        dueDate: '2025-03-18',
        extendedDays: 2,
        lastReason: REASON,
      });
      expect(effect).toEqual({ kind: 'UPDATED', change: 'EXTENDED' });
    });
  });

  describe('legality of every action from every state', () => {
    for (const [kind, legalFrom] of Object.entries(LEGAL) as [
      ObligationAction['kind'],
      ObligationState[],
    ][]) {
      for (const state of STATES) {
        const legal = legalFrom.includes(state);
        it(`${kind} from ${state} is ${legal ? 'allowed' : 'refused as OBLIGATION.ILLEGAL_ACTION'}`, () => {
          const attempt = () => applyObligationAction(obligation(state), EXAMPLES[kind]);
          if (legal) expect(attempt().obligation.version).toBe(2);
          else
            expect(attempt).toThrow(
              expect.objectContaining({ code: 'OBLIGATION.ILLEGAL_ACTION', kind: 'CONFLICT' }),
            );
        });
      }
    }

    it('allowedActions lists exactly the legal ones', () => {
      expect(allowedActions(obligation('OPEN')).sort()).toEqual([
        'DEADLINE_PASSED',
        'DECLARE_BREACH',
        'EXTEND',
        'SUBMIT_SUPPLEMENT',
        'WAIVE',
      ]);
      expect(allowedActions(obligation('SUPPLEMENT_PENDING')).sort()).toEqual([
        'ACCEPT_SUPPLEMENT',
        'DECLARE_BREACH',
        'EXTEND',
        'REFUSE_SUPPLEMENT',
        'WAIVE',
      ]);
      expect(allowedActions(obligation('FULFILLED'))).toEqual([]);
    });

    it('only FULFILLED, WAIVED and BREACHED are terminal', () => {
      expect(STATES.filter(isTerminal)).toEqual(['FULFILLED', 'WAIVED', 'BREACHED']);
    });

    it('the refusal message names the state and the action in both languages', () => {
      expect(() => applyObligationAction(obligation('FULFILLED'), { kind: 'WAIVE', reason: REASON })).toThrow(
        expect.objectContaining({
          text: { zh: expect.stringContaining('已履行'), en: expect.stringContaining('waive') },
        }),
      );
    });
  });

  describe('the deadline', () => {
    it('does not breach on the due date itself (the due date is inclusive)', () => {
      expect(() =>
        applyObligationAction(obligation(), { kind: 'DEADLINE_PASSED', now: cst('2025-03-14 23:59') }),
      ).toThrow(expect.objectContaining({ code: 'OBLIGATION.NOT_YET_DUE' }));
    });

    it('does not breach a supplement submitted in time and still under check', () => {
      expect(() => applyObligationAction(obligation('SUPPLEMENT_PENDING'), EXAMPLES.DEADLINE_PASSED)).toThrow(
        expect.objectContaining({ code: 'OBLIGATION.ILLEGAL_ACTION' }),
      );
    });

    it('accepts a supplement on the due date and refuses one the day after', () => {
      const onTime = { ...submit, submittedAt: cst('2025-03-14 23:59') };
      expect(applyObligationAction(obligation(), onTime).obligation.state).toBe('SUPPLEMENT_PENDING');
      const late = { ...submit, submittedAt: cst('2025-03-15 00:00') };
      expect(() => applyObligationAction(obligation(), late)).toThrow(
        expect.objectContaining({ code: 'OBLIGATION.PAST_DUE' }),
      );
    });

    it('an extension caps out', () => {
      const extended = { ...obligation(), extendedDays: 9 };
      expect(() => applyObligationAction(extended, EXAMPLES.EXTEND)).toThrow(
        expect.objectContaining({ code: 'OBLIGATION.EXTENSION_CAP' }),
      );
    });
  });

  describe('reasons', () => {
    const blankReasons: [string, Reason | undefined][] = [
      ['missing', undefined],
      ['blank code', { code: ' ', text: { zh: '理由', en: 'reason' } }],
      ['blank text and no note', { code: 'X', text: { zh: ' ', en: '' } }],
    ];

    it.each(blankReasons)('a caseworker action with a %s reason is refused', (_what, reason) => {
      const caseworkerActions = [
        { kind: 'WAIVE', reason },
        { kind: 'DECLARE_BREACH', reason },
        { kind: 'EXTEND', extraDays: 1, maxExtensionDays: 5, calendar: CALENDAR_2025, reason },
        { kind: 'ACCEPT_SUPPLEMENT', by: 'caseworker', reason },
        { kind: 'REFUSE_SUPPLEMENT', by: 'caseworker', reason },
        { kind: 'REFUSE_SUPPLEMENT', by: 'verification', reason },
      ] as ObligationAction[];
      for (const action of caseworkerActions) {
        const state =
          action.kind === 'ACCEPT_SUPPLEMENT' || action.kind === 'REFUSE_SUPPLEMENT'
            ? 'SUPPLEMENT_PENDING'
            : 'OPEN';
        expect(() => applyObligationAction(obligation(state), action)).toThrow(
          expect.objectContaining({
            code: 'OBLIGATION.REASON_REQUIRED',
            violations: [expect.objectContaining({ path: 'reason' })],
          }),
        );
      }
    });

    it('a note alone is enough text for a reason', () => {
      const reason = { code: 'OTHER', text: { zh: '', en: '' }, note: '申请人已当面补交原件' };
      expect(applyObligationAction(obligation(), { kind: 'WAIVE', reason }).obligation.state).toBe('WAIVED');
    });
  });

  describe('versions', () => {
    it('each accepted action adds exactly one', () => {
      let current = obligation();
      current = applyObligationAction(current, submit).obligation;
      current = applyObligationAction(current, {
        kind: 'REFUSE_SUPPLEMENT',
        by: 'verification',
        reason: REASON,
      }).obligation;
      current = applyObligationAction(current, submit).obligation;
      current = applyObligationAction(current, { kind: 'ACCEPT_SUPPLEMENT', by: 'verification' }).obligation;
      expect(current).toMatchObject({ version: 5, state: 'FULFILLED' });
    });

    it('a stale expected version is a conflict; the current one passes', () => {
      expect(() => applyObligationAction(obligation(), { ...submit, expectedVersion: 0 })).toThrow(
        expect.objectContaining({ code: 'OBLIGATION.VERSION_CONFLICT', kind: 'CONFLICT' }),
      );
      expect(applyObligationAction(obligation(), { ...submit, expectedVersion: 1 }).obligation.version).toBe(
        2,
      );
    });

    it('never changes the obligation it is given', () => {
      const before = obligation('SUPPLEMENT_PENDING');
      const copy = structuredClone(before);
      applyObligationAction(before, { kind: 'REFUSE_SUPPLEMENT', by: 'verification', reason: REASON });
      applyObligationAction(before, EXAMPLES.EXTEND);
      expect(before).toEqual(copy);
    });
  });
});
