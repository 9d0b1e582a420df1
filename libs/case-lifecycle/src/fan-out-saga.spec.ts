import { DomainError, type SubCaseStateName } from '@app/contracts';
import { type SagaDecision, type SagaSubCase, sagaDecisions } from './fan-out-saga';
import { canTransition } from './sub-case-state-machine';

const sc = (key: string, state: SubCaseStateName, prerequisites: string[] = []): SagaSubCase => ({
  key,
  state,
  prerequisites,
});

/** Applies the decisions as intake would: each sub-case moves to the decision's target state. */
function applyDecisions(subCases: SagaSubCase[], decisions: SagaDecision[]): SagaSubCase[] {
  const to = new Map(decisions.map((d) => [d.caseKey, d.to]));
  return subCases.map((s) => ({ ...s, state: to.get(s.key) ?? s.state }));
}

const set = (subCases: SagaSubCase[], key: string, state: SubCaseStateName): SagaSubCase[] =>
  subCases.map((s) => (s.key === key ? { ...s, state } : s));

const brief = (ds: SagaDecision[]) => ds.map((d) => `${d.kind} ${d.caseKey}`);

describe('fan-out saga', () => {
  it('an accepted sub-case without prerequisites proceeds to PROCESSING', () => {
    expect(sagaDecisions([sc('a', 'ACCEPTED')])).toEqual([
      { kind: 'PROCEED', caseKey: 'a', to: 'PROCESSING' },
    ]);
  });

  it('a sub-case accepted with deferral proceeds too: deferred materials do not hold processing back', () => {
    expect(brief(sagaDecisions([sc('a', 'ACCEPTED_WITH_DEFERRAL')]))).toEqual(['PROCEED a']);
  });

  it.each<SubCaseStateName>(['RECEIVED', 'VERIFYING', 'CORRECTION_REQUIRED', 'PROCESSING'])(
    'a %s sub-case is not the saga’s to move, even with its prerequisites completed',
    (state) => {
      expect(sagaDecisions([sc('a', 'COMPLETED'), sc('b', state, ['a'])])).toEqual([]);
    },
  );

  describe('chain a ← b ← c', () => {
    const chain = [sc('a', 'ACCEPTED'), sc('b', 'ACCEPTED', ['a']), sc('c', 'ACCEPTED_WITH_DEFERRAL', ['b'])];

    it('runs the head and parks the rest as WAITING_PREREQUISITE', () => {
      expect(brief(sagaDecisions(chain))).toEqual(['PROCEED a', 'WAIT b', 'WAIT c']);
    });

    it('walks down the chain one completion at a time, and says nothing new in between', () => {
      let state = applyDecisions(chain, sagaDecisions(chain));
      expect(sagaDecisions(state)).toEqual([]);
      state = set(state, 'a', 'COMPLETED');
      expect(brief(sagaDecisions(state))).toEqual(['PROCEED b']);
      state = applyDecisions(state, sagaDecisions(state));
      expect(sagaDecisions(state)).toEqual([]);
      state = set(state, 'b', 'COMPLETED');
      expect(brief(sagaDecisions(state))).toEqual(['PROCEED c']);
    });

    it('a waiting sub-case does not wait twice', () => {
      expect(sagaDecisions([sc('a', 'PROCESSING'), sc('b', 'WAITING_PREREQUISITE', ['a'])])).toEqual([]);
    });

    it('an accepted sub-case whose prerequisite already completed goes straight to PROCESSING', () => {
      expect(brief(sagaDecisions([sc('a', 'COMPLETED'), sc('b', 'ACCEPTED', ['a'])]))).toEqual(['PROCEED b']);
    });
  });

  describe('diamond a ← {b, c} ← d', () => {
    const diamond = (
      b: SubCaseStateName,
      c: SubCaseStateName,
      d: SubCaseStateName = 'WAITING_PREREQUISITE',
    ) => [sc('a', 'COMPLETED'), sc('b', b, ['a']), sc('c', c, ['a']), sc('d', d, ['b', 'c'])];

    it('the join waits while one branch is still processing', () => {
      expect(sagaDecisions(diamond('COMPLETED', 'PROCESSING'))).toEqual([]);
      expect(brief(sagaDecisions(diamond('COMPLETED', 'PROCESSING', 'ACCEPTED')))).toEqual(['WAIT d']);
    });

    it('the join proceeds once both branches completed', () => {
      expect(brief(sagaDecisions(diamond('COMPLETED', 'COMPLETED')))).toEqual(['PROCEED d']);
    });

    it('one failed branch cancels the join, naming that branch', () => {
      const [d] = sagaDecisions(diamond('COMPLETED', 'DENIED'));
      expect(d).toMatchObject({ kind: 'CANCEL', caseKey: 'd', to: 'CANCELLED', failedPrerequisite: 'c' });
    });
  });

  describe('failure', () => {
    it('a rejected prerequisite cancels every transitive dependent, naming the failed one', () => {
      const subCases = [
        sc('a', 'REJECTED'),
        sc('b', 'VERIFYING', ['a']),
        sc('c', 'ACCEPTED', ['b']),
        sc('d', 'CORRECTION_REQUIRED', ['c']),
        sc('x', 'ACCEPTED'),
      ];
      const decisions = sagaDecisions(subCases);
      expect(brief(decisions)).toEqual(['CANCEL b', 'CANCEL c', 'CANCEL d', 'PROCEED x']);
      for (const d of decisions.filter((x) => x.kind === 'CANCEL')) {
        expect(d).toMatchObject({ failedPrerequisite: 'a', reason: { code: 'SAGA.PREREQUISITE_FAILED' } });
      }
    });

    it('the reason names the failed prerequisite and its state in zh and en', () => {
      const [d] = sagaDecisions([sc('patent-a', 'DENIED'), sc('tm-b', 'ACCEPTED', ['patent-a'])]);
      if (d.kind !== 'CANCEL') throw new Error('expected CANCEL');
      expect(d.reason.text.zh).toContain('patent-a');
      expect(d.reason.text.zh).toContain('不予办理');
      expect(d.reason.text.en).toContain('patent-a');
      expect(d.reason.text.en).toContain('Denied');
    });

    it('names the nearest failure when there are several upstream', () => {
      const decisions = sagaDecisions([
        sc('a', 'REJECTED'),
        sc('b', 'CANCELLED', ['a']),
        sc('c', 'ACCEPTED', ['b']),
      ]);
      expect(decisions).toEqual([expect.objectContaining({ caseKey: 'c', failedPrerequisite: 'b' })]);
    });

    it('a REVOKED prerequisite cancels open dependents and leaves completed ones alone', () => {
      const subCases = [
        sc('a', 'REVOKED'),
        sc('b', 'PROCESSING', ['a']),
        sc('c', 'WAITING_PREREQUISITE', ['b']),
        sc('done', 'COMPLETED', ['a']),
      ];
      const decisions = sagaDecisions(subCases);
      expect(brief(decisions)).toEqual(['CANCEL b', 'CANCEL c']);
      expect(decisions.every((d) => d.kind === 'CANCEL' && d.failedPrerequisite === 'a')).toBe(true);
    });

    it('a cancellation cascade is decided in one go: asking again after applying yields nothing', () => {
      const subCases = [
        sc('a', 'REJECTED'),
        sc('b', 'ACCEPTED', ['a']),
        sc('c', 'WAITING_PREREQUISITE', ['b']),
      ];
      expect(sagaDecisions(applyDecisions(subCases, sagaDecisions(subCases)))).toEqual([]);
    });

    it('terminal sub-cases are never touched, even downstream of a failure', () => {
      const subCases = [sc('a', 'DENIED'), sc('b', 'REJECTED', ['a']), sc('c', 'CANCELLED', ['a'])];
      expect(sagaDecisions(subCases)).toEqual([]);
    });
  });

  it('every decision is a legal transition of the sub-case it moves (ordinary path)', () => {
    const scenarios: SagaSubCase[][] = [
      [sc('a', 'ACCEPTED'), sc('b', 'ACCEPTED_WITH_DEFERRAL', ['a']), sc('c', 'WAITING_PREREQUISITE', ['b'])],
      [sc('a', 'COMPLETED'), sc('b', 'WAITING_PREREQUISITE', ['a']), sc('c', 'ACCEPTED', ['a'])],
      [
        sc('a', 'REVOKED'),
        sc('b', 'PROCESSING', ['a']),
        sc('c', 'RECEIVED', ['b']),
        sc('d', 'VERIFYING', ['a']),
      ],
    ];
    for (const subCases of scenarios) {
      for (const d of sagaDecisions(subCases)) {
        const from = subCases.find((s) => s.key === d.caseKey)?.state;
        expect(from && canTransition(from, d.to, false)).toBe(true);
      }
    }
  });

  it('refuses a prerequisite that is not part of the application', () => {
    expect(() => sagaDecisions([sc('a', 'ACCEPTED', ['ghost'])])).toThrow(
      expect.objectContaining({ code: 'SAGA.UNKNOWN_PREREQUISITE' }) as DomainError,
    );
  });

  it('a (malformed) cycle does not loop: both sub-cases wait', () => {
    expect(brief(sagaDecisions([sc('a', 'ACCEPTED', ['b']), sc('b', 'ACCEPTED', ['a'])]))).toEqual([
      'WAIT a',
      'WAIT b',
    ]);
  });

  it('does not mutate its input', () => {
    const subCases = Object.freeze([
      Object.freeze(sc('a', 'REJECTED')),
      Object.freeze(sc('b', 'ACCEPTED', ['a'])),
    ]);
    expect(() => sagaDecisions(subCases)).not.toThrow();
    expect(subCases[1].state).toBe('ACCEPTED');
  });
});
