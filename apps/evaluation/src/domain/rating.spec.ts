import { SUB_CASE_STATES, type SubCaseStateName } from '@app/contracts';
import {
  CONCLUDED_STATES,
  checkRequestShape,
  resolveSubject,
  type ApplicationView,
  type RatingRequest,
  type SubCaseView,
} from './rating';

const mine = 'USCC-A';
const now = new Date('2025-03-04T10:00:00+08:00');
const subCase = (state: SubCaseStateName, uscc: string | null = mine): SubCaseView => ({
  caseId: 'c1',
  applicationId: 'a1',
  ...(uscc === null ? {} : { uscc }),
  itemCode: 'PATENT_NAME_CHANGE',
  authority: 'PATENT_OFFICE',
  state,
});
const application = (uscc = mine): ApplicationView => ({
  applicationId: 'a1',
  uscc,
  bundleCode: 'ENTERPRISE_NAME_CHANGE',
  leadAuthority: 'MARKET_REGULATION',
  subCaseIds: ['c1', 'c2'],
});
const caseRating: RatingRequest = { subject: 'sub-case', caseId: 'c1', channel: 'online', score: 2 };
const code = (c: string) => expect.objectContaining({ code: c });

describe('checkRequestShape', () => {
  it.each([
    [{ subject: 'sub-case', channel: 'online', score: 3 }, 'caseId'],
    [{ subject: 'application', channel: 'online', score: 3 }, 'applicationId'],
    [{ subject: 'interaction', channel: 'window', score: 3 }, 'authority'],
  ] as Array<[RatingRequest, string]>)(
    'requires the field its subject needs: %o lacks %s',
    (request, path) => {
      expect(() => checkRequestShape(request)).toThrow(
        expect.objectContaining({ code: 'REQUEST.INVALID', violations: [expect.objectContaining({ path })] }),
      );
    },
  );

  it.each([
    [{ subject: 'application', applicationId: 'a1', caseId: 'c1', channel: 'online', score: 3 }, 'caseId'],
    [
      { subject: 'interaction', authority: 'PATENT_OFFICE', caseId: 'c1', channel: 'online', score: 3 },
      'caseId',
    ],
    [
      { subject: 'sub-case', caseId: 'c1', authority: 'PATENT_OFFICE', channel: 'online', score: 3 },
      'authority',
    ],
  ] as Array<[RatingRequest, string]>)(
    'refuses a field its subject does not take: %o has %s',
    (request, path) => {
      expect(() => checkRequestShape(request)).toThrow(
        expect.objectContaining({
          violations: [expect.objectContaining({ path, code: 'VALIDATION.NOT_ALLOWED' })],
        }),
      );
    },
  );

  it.each([0, 6, 2.5])('refuses score %p outside the five levels', (score) => {
    expect(() => checkRequestShape({ ...caseRating, score })).toThrow(code('EVALUATION.INVALID_SCORE'));
  });
});

describe('resolveSubject', () => {
  describe('sub-case', () => {
    it.each(CONCLUDED_STATES)(
      'a concluded (%s) sub-case of the own enterprise is ratable, keyed per enterprise and case',
      (state) => {
        const subject = resolveSubject(caseRating, mine, { subCase: subCase(state) }, 'r1', now);
        expect(subject).toEqual({
          subjectKey: 'USCC-A|sub-case|c1',
          applicationId: 'a1',
          caseId: 'c1',
          itemCode: 'PATENT_NAME_CHANGE',
          authority: 'PATENT_OFFICE',
          eventApplicationId: 'a1',
        });
      },
    );

    const working = SUB_CASE_STATES.filter((s) => !CONCLUDED_STATES.includes(s));
    it.each(working)('a sub-case still %s cannot be rated yet (RATING.NOT_CONCLUDED)', (state) => {
      expect(() => resolveSubject(caseRating, mine, { subCase: subCase(state) }, 'r1', now)).toThrow(
        code('RATING.NOT_CONCLUDED'),
      );
    });

    it('another enterprise’s sub-case is not found (404), even when concluded', () => {
      expect(() =>
        resolveSubject(caseRating, mine, { subCase: subCase('COMPLETED', 'USCC-B') }, 'r1', now),
      ).toThrow(code('RATING.SUBJECT_NOT_FOUND'));
    });

    it('a sub-case whose owner is not known yet (filing not projected) is not found', () => {
      expect(() =>
        resolveSubject(caseRating, mine, { subCase: subCase('COMPLETED', null) }, 'r1', now),
      ).toThrow(code('RATING.SUBJECT_NOT_FOUND'));
      expect(() => resolveSubject(caseRating, mine, {}, 'r1', now)).toThrow(code('RATING.SUBJECT_NOT_FOUND'));
    });

    it('naming the wrong application for the case is not found', () => {
      expect(() =>
        resolveSubject(
          { ...caseRating, applicationId: 'a2' },
          mine,
          { subCase: subCase('COMPLETED') },
          'r1',
          now,
        ),
      ).toThrow(code('RATING.SUBJECT_NOT_FOUND'));
    });
  });

  describe('application', () => {
    const request: RatingRequest = {
      subject: 'application',
      applicationId: 'a1',
      channel: 'online',
      score: 4,
    };

    it('is ratable once every sub-case is concluded; the lead authority answers for it, the bundle is its item', () => {
      expect(
        resolveSubject(
          request,
          mine,
          { application: application(), subCaseStates: ['COMPLETED', 'CANCELLED'] },
          'r1',
          now,
        ),
      ).toEqual({
        subjectKey: 'USCC-A|application|a1',
        applicationId: 'a1',
        itemCode: 'ENTERPRISE_NAME_CHANGE',
        authority: 'MARKET_REGULATION',
        eventApplicationId: 'a1',
      });
    });

    it('one sub-case still processing keeps it unratable', () => {
      expect(() =>
        resolveSubject(
          request,
          mine,
          { application: application(), subCaseStates: ['COMPLETED', 'PROCESSING'] },
          'r1',
          now,
        ),
      ).toThrow(code('RATING.NOT_CONCLUDED'));
    });

    it('fewer known sub-cases than were filed is not concluded', () => {
      expect(() =>
        resolveSubject(
          request,
          mine,
          { application: application(), subCaseStates: ['COMPLETED'] },
          'r1',
          now,
        ),
      ).toThrow(code('RATING.NOT_CONCLUDED'));
    });

    it('another enterprise’s application is not found', () => {
      expect(() =>
        resolveSubject(
          request,
          mine,
          { application: application('USCC-B'), subCaseStates: ['COMPLETED', 'COMPLETED'] },
          'r1',
          now,
        ),
      ).toThrow(code('RATING.SUBJECT_NOT_FOUND'));
    });
  });

  describe('interaction', () => {
    const request: RatingRequest = {
      subject: 'interaction',
      authority: 'PATENT_OFFICE',
      channel: 'window',
      score: 5,
    };

    it('without an application: one per enterprise, office, channel and local day; events keyed by a synthetic id', () => {
      expect(resolveSubject(request, mine, {}, 'r9', now)).toEqual({
        subjectKey: 'USCC-A|interaction|PATENT_OFFICE|window|2025-03-04',
        authority: 'PATENT_OFFICE',
        eventApplicationId: 'interaction-r9',
      });
      const phone = resolveSubject({ ...request, channel: 'phone' }, mine, {}, 'r9', now);
      expect(phone.subjectKey).not.toBe('USCC-A|interaction|PATENT_OFFICE|window|2025-03-04');
    });

    it('with the own application as context: keyed by it', () => {
      const subject = resolveSubject(
        { ...request, applicationId: 'a1' },
        mine,
        { application: application() },
        'r9',
        now,
      );
      expect(subject).toMatchObject({
        subjectKey: 'USCC-A|interaction|PATENT_OFFICE|window|a1',
        eventApplicationId: 'a1',
        applicationId: 'a1',
      });
    });

    it('with another enterprise’s application as context: not found', () => {
      expect(() =>
        resolveSubject(
          { ...request, applicationId: 'a1' },
          mine,
          { application: application('USCC-B') },
          'r9',
          now,
        ),
      ).toThrow(code('RATING.SUBJECT_NOT_FOUND'));
    });
  });
});
