import { ConflictError, SUB_CASE_STATES, type SubCaseStateName } from '@app/contracts';
import {
  SUB_CASE_STATE_LABELS,
  canTransition,
  isFailure,
  isSuccess,
  isTerminal,
  transition,
} from './sub-case-state-machine';

/**
 * The allowed pairs, written out from the brief rather than computed, one line per rule:
 * the forward path, then CANCELLED from every non-terminal state, then REVOKED (commitment path only).
 */
const FORWARD = [
  'RECEIVED>VERIFYING',
  'VERIFYING>ACCEPTED',
  'VERIFYING>ACCEPTED_WITH_DEFERRAL',
  'VERIFYING>CORRECTION_REQUIRED',
  'VERIFYING>REJECTED',
  'CORRECTION_REQUIRED>VERIFYING',
  'ACCEPTED>WAITING_PREREQUISITE',
  'ACCEPTED>PROCESSING',
  'ACCEPTED_WITH_DEFERRAL>WAITING_PREREQUISITE',
  'ACCEPTED_WITH_DEFERRAL>PROCESSING',
  'WAITING_PREREQUISITE>PROCESSING',
  'PROCESSING>COMPLETED',
  'PROCESSING>DENIED',
];
const CANCEL = [
  'RECEIVED>CANCELLED',
  'VERIFYING>CANCELLED',
  'ACCEPTED>CANCELLED',
  'ACCEPTED_WITH_DEFERRAL>CANCELLED',
  'CORRECTION_REQUIRED>CANCELLED',
  'WAITING_PREREQUISITE>CANCELLED',
  'PROCESSING>CANCELLED',
];
const REVOKE = [
  'ACCEPTED_WITH_DEFERRAL>REVOKED',
  'WAITING_PREREQUISITE>REVOKED',
  'PROCESSING>REVOKED',
  'COMPLETED>REVOKED',
];
const ALLOWED: Record<'ordinary' | 'commitment', ReadonlySet<string>> = {
  ordinary: new Set([...FORWARD, ...CANCEL]),
  commitment: new Set([...FORWARD, ...CANCEL, ...REVOKE]),
};

const matrix = SUB_CASE_STATES.flatMap((from) =>
  SUB_CASE_STATES.flatMap((to) =>
    (['ordinary', 'commitment'] as const).map((path) => ({
      from,
      to,
      path,
      allowed: ALLOWED[path].has(`${from}>${to}`),
    })),
  ),
);

describe('sub-case state machine', () => {
  it('the table covers all 12×12 pairs on both paths', () => {
    expect(SUB_CASE_STATES).toHaveLength(12);
    expect(matrix).toHaveLength(12 * 12 * 2);
    expect(ALLOWED.ordinary.size).toBe(20);
    expect(ALLOWED.commitment.size).toBe(24);
  });

  describe.each(matrix)('$from → $to on the $path path', ({ from, to, path, allowed }) => {
    const viaCommitment = path === 'commitment';

    it(`canTransition says ${allowed ? 'allowed' : 'refused'}`, () => {
      expect(canTransition(from, to, viaCommitment)).toBe(allowed);
    });

    it(`transition ${allowed ? 'moves the sub-case' : 'throws SUBCASE.ILLEGAL_TRANSITION'}`, () => {
      const subCase = { caseId: 'C1', state: from, viaCommitment, extra: 'kept' };
      const at = new Date('2025-03-03T02:00:00.000Z');
      if (allowed) {
        const result = transition(subCase, to, undefined, at);
        // Entering ACCEPTED_WITH_DEFERRAL is the one move that sets the commitment flag.
        const expectedFlag = viaCommitment || to === 'ACCEPTED_WITH_DEFERRAL';
        expect(result.subCase).toEqual({
          caseId: 'C1',
          state: to,
          viaCommitment: expectedFlag,
          extra: 'kept',
        });
        expect(result.transition).toEqual({ caseId: 'C1', from, to, at: '2025-03-03T02:00:00.000Z' });
        expect(subCase.state).toBe(from);
      } else {
        expect(() => transition(subCase, to, undefined, at)).toThrow(ConflictError);
      }
    });
  });

  describe('refusal', () => {
    const refuse = (from: SubCaseStateName, to: SubCaseStateName, viaCommitment = false): ConflictError => {
      try {
        transition({ caseId: 'C9', state: from, viaCommitment }, to, undefined, new Date(0));
      } catch (e) {
        if (e instanceof ConflictError) return e;
      }
      throw new Error('expected a ConflictError');
    };

    it('carries code SUBCASE.ILLEGAL_TRANSITION, kind CONFLICT and names both states in zh and en', () => {
      const e = refuse('RECEIVED', 'COMPLETED');
      expect(e.code).toBe('SUBCASE.ILLEGAL_TRANSITION');
      expect(e.kind).toBe('CONFLICT');
      expect(e.text.zh).toContain('已接收');
      expect(e.text.zh).toContain('已办结');
      expect(e.text.zh).toContain('C9');
      expect(e.text.en).toContain('RECEIVED');
      expect(e.text.en).toContain('COMPLETED');
    });

    it('explains that only a commitment-path sub-case can be revoked', () => {
      expect(refuse('COMPLETED', 'REVOKED').text.en).toContain('only a sub-case handled under a commitment');
      expect(refuse('COMPLETED', 'REVOKED').text.zh).toContain('告知承诺');
      // Not said when revocation is impossible anyway.
      expect(refuse('RECEIVED', 'REVOKED').text.en).not.toContain('commitment');
    });
  });

  describe('transition details', () => {
    it('entering ACCEPTED_WITH_DEFERRAL puts the sub-case on the commitment path, so it can be revoked later', () => {
      const verifying = { caseId: 'C1', state: 'VERIFYING' as const, viaCommitment: false };
      const deferred = transition(verifying, 'ACCEPTED_WITH_DEFERRAL', undefined, new Date(0)).subCase;
      expect(deferred.viaCommitment).toBe(true);
      const processing = transition(deferred, 'PROCESSING', undefined, new Date(0)).subCase;
      expect(transition(processing, 'REVOKED', undefined, new Date(0)).subCase.state).toBe('REVOKED');
    });

    it('entering ACCEPTED leaves an ordinary sub-case ordinary', () => {
      const verifying = { caseId: 'C1', state: 'VERIFYING' as const, viaCommitment: false };
      expect(transition(verifying, 'ACCEPTED', undefined, new Date(0)).subCase.viaCommitment).toBe(false);
    });

    it('the commitment flag is never cleared', () => {
      const s = { caseId: 'C1', state: 'ACCEPTED' as const, viaCommitment: true };
      expect(transition(s, 'PROCESSING', undefined, new Date(0)).subCase.viaCommitment).toBe(true);
    });

    it('records the reason on the transition', () => {
      const reason = { code: 'APPLICANT.WITHDREW', text: { zh: '申请人撤回', en: 'Applicant withdrew' } };
      const s = { caseId: 'C1', state: 'PROCESSING' as const, viaCommitment: false };
      expect(transition(s, 'CANCELLED', reason, new Date(0)).transition.reason).toEqual(reason);
    });
  });

  describe('classification', () => {
    const terminal = ['REJECTED', 'COMPLETED', 'DENIED', 'CANCELLED', 'REVOKED'];
    const failure = ['REJECTED', 'DENIED', 'CANCELLED', 'REVOKED'];
    it.each(SUB_CASE_STATES.map((s) => [s]))('%s is classified per the brief', (state) => {
      expect(isTerminal(state)).toBe(terminal.includes(state));
      expect(isFailure(state)).toBe(failure.includes(state));
      expect(isSuccess(state)).toBe(state === 'COMPLETED');
    });

    it('a terminal state allows nothing but REVOKED after COMPLETED on the commitment path', () => {
      for (const from of terminal as SubCaseStateName[]) {
        const exits = SUB_CASE_STATES.filter((to) => canTransition(from, to, true));
        expect(exits).toEqual(from === 'COMPLETED' ? ['REVOKED'] : []);
      }
    });

    it('every state has a zh and an en label', () => {
      for (const s of SUB_CASE_STATES) {
        expect(SUB_CASE_STATE_LABELS[s].zh).toMatch(/\S/);
        expect(SUB_CASE_STATE_LABELS[s].en).toMatch(/\S/);
      }
    });
  });
});
