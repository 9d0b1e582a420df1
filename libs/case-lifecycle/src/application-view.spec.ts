import type { SubCaseStateName, TypedEnvelope } from '@app/contracts';
import { type ApplicationView, reduceApplication, replay } from './application-view';
import {
  TEST_APPLICATION_ID,
  aReason,
  aSubCaseOpened,
  aTransition,
  anApplicationFiled,
  anEvent,
} from './testing/builders';

const at = (minute: number): string => new Date(Date.UTC(2025, 2, 3, 1, minute)).toISOString();

const filedEvent = () =>
  anEvent(
    'intake.application.filed',
    anApplicationFiled({
      materials: [{ materialCode: 'FORM', documentId: 'doc-1', sha256: 'h1' }],
      commitment: { textVersion: 'v1', signerName: '张三', signedAt: at(0), signedHash: 'sig' },
      subCases: [
        aSubCaseOpened({ caseId: 'c-name', key: 'name-change' }),
        aSubCaseOpened({
          caseId: 'c-pat',
          key: 'patent-1',
          itemCode: 'CNIPA-PATENT-CHANGE',
          authority: 'CNIPA',
          asset: { kind: 'patent', number: 'ZL202310000001.X' },
          prerequisites: ['name-change'],
        }),
      ],
    }),
    { occurredAt: at(0), id: 'E-FILED' },
  );

const move = (caseId: string, from: SubCaseStateName, to: SubCaseStateName, minute: number, id?: string) =>
  anEvent('intake.subcase.transitioned', aTransition(caseId, from, to, aReason(`R.${to}`)), {
    occurredAt: at(minute),
    ...(id ? { id } : {}),
  });

function fold(events: TypedEnvelope[]): ApplicationView {
  const view = replay(events);
  if (!view) throw new Error('expected a view');
  return view;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('reduceApplication', () => {
  describe('intake.application.filed', () => {
    it('creates the application with every sub-case RECEIVED and no history', () => {
      const view = fold([filedEvent()]);
      expect(view).toMatchObject({
        applicationId: TEST_APPLICATION_ID,
        uscc: '91310000MA1FL0000X',
        bundleCode: 'ENTERPRISE-NAME-CHANGE',
        catalogueVersion: 1,
        commitmentSigned: true,
        filedAt: at(0),
        status: 'IN_VERIFICATION',
        submittedMaterials: [{ materialCode: 'FORM', documentId: 'doc-1', sha256: 'h1' }],
        notices: {},
        obligations: {},
        lastEventId: 'E-FILED',
        lastEventAt: at(0),
        eventCount: 1,
      });
      expect(Object.keys(view.subCases)).toEqual(['c-name', 'c-pat']);
      expect(view.subCases['c-pat']).toMatchObject({
        caseId: 'c-pat',
        key: 'patent-1',
        itemCode: 'CNIPA-PATENT-CHANGE',
        authority: 'CNIPA',
        asset: { kind: 'patent', number: 'ZL202310000001.X' },
        state: 'RECEIVED',
        prerequisites: ['name-change'],
        viaCommitment: false,
        history: [],
      });
      expect(view.subCases['c-name'].asset).toBeUndefined();
    });

    it('a second filing for the same application changes nothing (first filing wins)', () => {
      const view = fold([filedEvent()]);
      expect(reduceApplication(view, filedEvent())).toBe(view);
    });
  });

  it('events before the filing leave no state', () => {
    expect(reduceApplication(undefined, move('c-name', 'RECEIVED', 'VERIFYING', 1))).toBeUndefined();
  });

  it('events of another application leave the view unchanged', () => {
    const view = fold([filedEvent()]);
    const foreign = anEvent('intake.subcase.transitioned', aTransition('c-name', 'RECEIVED', 'VERIFYING'), {
      applicationId: 'APP-OTHER',
    });
    expect(reduceApplication(view, foreign)).toBe(view);
  });

  it.each([
    anEvent('intake.subcase.dispatched', {
      caseId: 'c-name',
      authority: 'SAMR',
      dispatchKey: 'k',
      attempt: 1,
    }),
    anEvent('commitment.deferral.ended', { caseId: 'c-name' }),
    anEvent('evaluation.rating.supplemented', { ratingId: 'r1', comment: '补充' }),
  ])('ignores $type: returns the very same state, not even counted', (event) => {
    const view = fold([filedEvent()]);
    expect(reduceApplication(view, event)).toBe(view);
  });

  describe('intake.subcase.transitioned', () => {
    it('sets the state, appends history with at and reason, re-derives the status and counts the event', () => {
      const view = fold([filedEvent(), move('c-name', 'RECEIVED', 'VERIFYING', 1, 'E-1')]);
      expect(view.subCases['c-name'].state).toBe('VERIFYING');
      expect(view.subCases['c-name'].history).toEqual([
        { from: 'RECEIVED', to: 'VERIFYING', at: at(1), reason: aReason('R.VERIFYING'), eventId: 'E-1' },
      ]);
      expect(view.subCases['c-pat'].state).toBe('RECEIVED');
      expect(view).toMatchObject({ lastEventId: 'E-1', lastEventAt: at(1), eventCount: 2 });
    });

    it('entering ACCEPTED_WITH_DEFERRAL marks the commitment path', () => {
      const view = fold([
        filedEvent(),
        move('c-name', 'RECEIVED', 'VERIFYING', 1),
        move('c-name', 'VERIFYING', 'ACCEPTED_WITH_DEFERRAL', 2),
      ]);
      expect(view.subCases['c-name'].viaCommitment).toBe(true);
      expect(view.subCases['c-pat'].viaCommitment).toBe(false);
    });

    it('an unknown sub-case changes no sub-case but the event is still counted', () => {
      const view = fold([filedEvent(), move('c-ghost', 'RECEIVED', 'VERIFYING', 1, 'E-G')]);
      expect(Object.keys(view.subCases)).toEqual(['c-name', 'c-pat']);
      expect(view).toMatchObject({ lastEventId: 'E-G', eventCount: 2 });
    });
  });

  describe('correction', () => {
    const noticeIssued = anEvent(
      'intake.correction.notice-issued',
      {
        noticeId: 'N-1',
        deficiencies: [
          { caseId: 'c-pat', materialCode: 'M1', kind: 'MISSING', reason: { zh: '缺', en: 'missing' } },
        ],
        affectedCaseIds: ['c-pat'],
      },
      { occurredAt: at(3) },
    );
    const base = () => [
      filedEvent(),
      move('c-name', 'RECEIVED', 'VERIFYING', 1),
      move('c-pat', 'RECEIVED', 'VERIFYING', 1),
      move('c-name', 'VERIFYING', 'ACCEPTED', 2),
      move('c-pat', 'VERIFYING', 'CORRECTION_REQUIRED', 3),
      noticeIssued,
    ];

    it('notice-issued records an open notice; the status says the applicant owes a correction', () => {
      const view = fold(base());
      expect(view.notices['N-1']).toEqual({
        noticeId: 'N-1',
        issuedAt: at(3),
        deficiencies: noticeIssued.payload.deficiencies,
        affectedCaseIds: ['c-pat'],
        status: 'OPEN',
      });
      expect(view.status).toBe('CORRECTION_REQUIRED');
    });

    it('correction-submitted answers the notice and files the new materials after the original ones', () => {
      const submitted = anEvent(
        'intake.correction.submitted',
        { noticeId: 'N-1', materials: [{ materialCode: 'M1', documentId: 'doc-2', sha256: 'h2' }] },
        { occurredAt: at(4) },
      );
      const view = fold([...base(), submitted]);
      expect(view.notices['N-1']).toMatchObject({ status: 'ANSWERED', answeredAt: at(4) });
      expect(view.submittedMaterials.map((m) => m.documentId)).toEqual(['doc-1', 'doc-2']);
    });
  });

  describe('intake.application.withdrawn', () => {
    it('records the withdrawal; the status is WITHDRAWN, and the sub-cases move only by their own events', () => {
      const withdrawn = anEvent(
        'intake.application.withdrawn',
        { reason: aReason('APPLICANT.WITHDREW'), cancelledCaseIds: ['c-name', 'c-pat'] },
        { occurredAt: at(2) },
      );
      const view = fold([filedEvent(), withdrawn]);
      expect(view.withdrawal).toEqual({
        at: at(2),
        reason: aReason('APPLICANT.WITHDREW'),
        cancelledCaseIds: ['c-name', 'c-pat'],
      });
      expect(view.status).toBe('WITHDRAWN');
      expect(view.subCases['c-name'].state).toBe('RECEIVED');
      const after = fold([filedEvent(), withdrawn, move('c-name', 'RECEIVED', 'CANCELLED', 3)]);
      expect(after.subCases['c-name'].state).toBe('CANCELLED');
      expect(after.status).toBe('WITHDRAWN');
    });
  });

  describe('commitment', () => {
    const granted = anEvent(
      'commitment.deferral.granted',
      {
        caseId: 'c-pat',
        round: 1,
        uscc: '91310000MA1FL0000X',
        obligations: [
          { obligationId: 'O-1', materialCode: 'M1', dueDate: '2025-03-17' },
          { obligationId: 'O-2', materialCode: 'M2', dueDate: '2025-03-17' },
        ],
      },
      { occurredAt: at(2) },
    );

    it('deferral-granted opens one obligation per material and puts the sub-case on the commitment path', () => {
      const view = fold([filedEvent(), granted]);
      expect(view.obligations).toEqual({
        'O-1': {
          obligationId: 'O-1',
          caseId: 'c-pat',
          materialCode: 'M1',
          dueDate: '2025-03-17',
          status: 'OPEN',
        },
        'O-2': {
          obligationId: 'O-2',
          caseId: 'c-pat',
          materialCode: 'M2',
          dueDate: '2025-03-17',
          status: 'OPEN',
        },
      });
      expect(view.subCases['c-pat'].viaCommitment).toBe(true);
    });

    it('obligation-updated moves the due date; obligation-fulfilled closes it with how and when', () => {
      const ref = { obligationId: 'O-1', caseId: 'c-pat', materialCode: 'M1' };
      const view = fold([
        filedEvent(),
        granted,
        anEvent('commitment.obligation.updated', {
          ...ref,
          change: 'EXTENDED',
          dueDate: '2025-03-24',
          reason: aReason(),
        }),
        anEvent('commitment.obligation.fulfilled', { ...ref, how: 'VERIFIED' }, { occurredAt: at(9) }),
      ]);
      expect(view.obligations['O-1']).toEqual({
        ...ref,
        dueDate: '2025-03-24',
        status: 'FULFILLED',
        fulfilledHow: 'VERIFIED',
        closedAt: at(9),
      });
      expect(view.obligations['O-2'].status).toBe('OPEN');
    });

    it('breach-declared is recorded and closes the breached obligation; credit-recorded is kept', () => {
      const view = fold([
        filedEvent(),
        granted,
        anEvent(
          'commitment.breach.declared',
          {
            caseId: 'c-pat',
            uscc: '91310000MA1FL0000X',
            cause: 'DEADLINE_MISSED',
            obligationId: 'O-2',
            reason: aReason('COMMITMENT.DEADLINE_MISSED'),
          },
          { occurredAt: at(20) },
        ),
        anEvent('commitment.credit.recorded', {
          creditRecordId: 'CR-1',
          uscc: '91310000MA1FL0000X',
          caseId: 'c-pat',
          cause: 'DEADLINE_MISSED',
          severity: 'MINOR',
          startsAt: '2025-03-18',
          expiresAt: '2026-03-18',
          reason: { zh: '逾期未补交', en: 'Deferred material not supplied in time' },
        }),
      ]);
      expect(view.breaches).toEqual([
        {
          caseId: 'c-pat',
          cause: 'DEADLINE_MISSED',
          obligationId: 'O-2',
          reason: aReason('COMMITMENT.DEADLINE_MISSED'),
          at: at(20),
        },
      ]);
      expect(view.obligations['O-2']).toMatchObject({ status: 'BREACHED', closedAt: at(20) });
      expect(view.obligations['O-1'].status).toBe('OPEN');
      expect(view.creditRecords).toEqual([
        expect.objectContaining({
          creditRecordId: 'CR-1',
          caseId: 'c-pat',
          severity: 'MINOR',
          expiresAt: '2026-03-18',
        }),
      ]);
    });

    it('posthoc-sampled puts a sub-case accepted without deferral on the commitment path', () => {
      const sampled = anEvent('commitment.posthoc.sampled', {
        checkId: 'K-1',
        caseId: 'c-name',
        itemCode: 'SAMR-NAME-CHANGE',
        authority: 'SAMR',
        weightBasisPoints: 1000,
      });
      expect(fold([filedEvent(), sampled]).subCases['c-name'].viaCommitment).toBe(true);
    });
  });

  it('evaluation.rating.submitted is kept with its subject and score', () => {
    const view = fold([
      filedEvent(),
      anEvent(
        'evaluation.rating.submitted',
        {
          ratingId: 'RT-1',
          subject: 'sub-case',
          caseId: 'c-pat',
          authority: 'CNIPA',
          channel: 'online',
          score: 2,
          tags: ['slow'],
          comment: '太慢',
          uscc: '91310000MA1FL0000X',
        },
        { occurredAt: at(30) },
      ),
    ]);
    expect(view.ratings).toEqual([
      {
        ratingId: 'RT-1',
        subject: 'sub-case',
        caseId: 'c-pat',
        authority: 'CNIPA',
        channel: 'online',
        score: 2,
        tags: ['slow'],
        at: at(30),
      },
    ]);
  });

  it('a whole happy path ends COMPLETED', () => {
    const view = fold([
      filedEvent(),
      move('c-name', 'RECEIVED', 'VERIFYING', 1),
      move('c-pat', 'RECEIVED', 'VERIFYING', 1),
      move('c-name', 'VERIFYING', 'ACCEPTED', 2),
      move('c-pat', 'VERIFYING', 'ACCEPTED', 2),
      move('c-name', 'ACCEPTED', 'PROCESSING', 3),
      move('c-pat', 'ACCEPTED', 'WAITING_PREREQUISITE', 3),
      move('c-name', 'PROCESSING', 'COMPLETED', 4),
      move('c-pat', 'WAITING_PREREQUISITE', 'PROCESSING', 5),
      move('c-pat', 'PROCESSING', 'COMPLETED', 6),
    ]);
    expect(view.status).toBe('COMPLETED');
    expect(view.subCases['c-pat'].history.map((h) => h.to)).toEqual([
      'VERIFYING',
      'ACCEPTED',
      'WAITING_PREREQUISITE',
      'PROCESSING',
      'COMPLETED',
    ]);
    expect(view.eventCount).toBe(10);
  });
});

describe('replay', () => {
  const history = () => [
    filedEvent(),
    move('c-name', 'RECEIVED', 'VERIFYING', 1),
    move('c-name', 'VERIFYING', 'ACCEPTED', 2),
    move('c-name', 'ACCEPTED', 'PROCESSING', 3),
    move('c-name', 'PROCESSING', 'COMPLETED', 4),
  ];

  it('is the live fold: same events, same reducer, same view', () => {
    const events = history();
    let live: ApplicationView | undefined;
    for (const e of events) live = reduceApplication(live, e);
    expect(replay(events)).toEqual(live);
  });

  it('until: the view as it stood at that moment, inclusive', () => {
    const events = history();
    expect(replay(events, new Date(at(2)))?.subCases['c-name'].state).toBe('ACCEPTED');
    expect(replay(events, new Date(at(2)))?.eventCount).toBe(3);
    expect(replay(events, new Date(Date.parse(at(3)) - 1))?.subCases['c-name'].state).toBe('ACCEPTED');
    const atFour = replay(events, new Date(at(4)));
    expect(atFour?.subCases['c-name'].state).toBe('COMPLETED');
    // c-pat never left RECEIVED, so the application as a whole is still in verification.
    expect(atFour?.status).toBe('IN_VERIFICATION');
  });

  it('until before the filing, or no events: no application', () => {
    expect(replay(history(), new Date(Date.parse(at(0)) - 1))).toBeUndefined();
    expect(replay([])).toBeUndefined();
  });

  it('folds in the given (archive) order and skips later events without stopping at them', () => {
    // A producer with a fast clock stamped event 2 later than event 3.
    const events = [
      filedEvent(),
      move('c-name', 'RECEIVED', 'VERIFYING', 1),
      move('c-name', 'VERIFYING', 'ACCEPTED', 10),
      anEvent(
        'commitment.posthoc.sampled',
        {
          checkId: 'K',
          caseId: 'c-pat',
          itemCode: 'I',
          authority: 'A',
          weightBasisPoints: 1,
        },
        { occurredAt: at(5) },
      ),
    ];
    const view = replay(events, new Date(at(5)));
    expect(view?.subCases['c-name'].state).toBe('VERIFYING');
    expect(view?.subCases['c-pat'].viaCommitment).toBe(true);
  });

  it('is deterministic and mutates neither the events nor any earlier view', () => {
    const events = deepFreeze(history());
    const before = JSON.stringify(events);
    const first = replay(events);
    const second = replay(events);
    expect(second).toEqual(first);
    expect(JSON.stringify(events)).toBe(before);

    // Each intermediate view is frozen before the next fold: any in-place write would throw.
    let view: ApplicationView | undefined;
    const snapshots: string[] = [];
    for (const e of events) {
      view = deepFreeze(reduceApplication(view, e));
      snapshots.push(JSON.stringify(view));
    }
    expect(JSON.stringify(view)).toBe(snapshots[snapshots.length - 1]);
    expect(JSON.parse(snapshots[0]).subCases['c-name'].state).toBe('RECEIVED');
  });

  it('the view shares no objects with the events it was built from', () => {
    const filed = filedEvent();
    const view = fold([filed]);
    view.subCases['c-pat'].prerequisites.push('mutated');
    view.submittedMaterials[0].documentId = 'mutated';
    expect(filed.payload.subCases[1].prerequisites).toEqual(['name-change']);
    expect(filed.payload.materials[0].documentId).toBe('doc-1');
  });
});
