import { ConflictError, DomainError, NotFoundError } from '@app/contracts';

/** Stable error codes of the evaluation service (AREA.REASON), Chinese first. */
export const EvaluationErrors = {
  subjectNotFound: (): NotFoundError =>
    new NotFoundError('RATING.SUBJECT_NOT_FOUND', {
      zh: '未找到可评价的办件（不存在或不属于本企业）',
      en: 'No such case or application of this enterprise to rate',
    }),
  notConcluded: (): ConflictError =>
    new ConflictError('RATING.NOT_CONCLUDED', {
      zh: '办件尚未办结，办结后方可评价',
      en: 'The case is not concluded yet; it can be rated once concluded',
    }),
  alreadyRated: (): ConflictError =>
    new ConflictError('RATING.ALREADY_RATED', {
      zh: '本企业已评价过该事项，每个事项只能评价一次（可追评一次）',
      en: 'This enterprise has already rated this subject (one rating, plus one follow-up)',
    }),
  ratingNotFound: (): NotFoundError =>
    new NotFoundError('RATING.NOT_FOUND', { zh: '评价不存在', en: 'Rating not found' }),
  followUpExists: (): ConflictError =>
    new ConflictError('RATING.FOLLOW_UP_EXISTS', {
      zh: '已追评过一次，不能再次追评',
      en: 'The one follow-up of this rating has already been added',
    }),
  missingField: (path: string): DomainError =>
    new DomainError('REQUEST.INVALID', { zh: '请求内容不符合要求', en: 'The request is invalid' }, [
      {
        path,
        code: 'VALIDATION.REQUIRED',
        message: { zh: `该评价对象必须提供字段 ${path}`, en: `${path} is required for this subject` },
      },
    ]),
  fieldNotAllowed: (path: string): DomainError =>
    new DomainError('REQUEST.INVALID', { zh: '请求内容不符合要求', en: 'The request is invalid' }, [
      {
        path,
        code: 'VALIDATION.NOT_ALLOWED',
        message: { zh: `该评价对象不能提供字段 ${path}`, en: `${path} is not allowed for this subject` },
      },
    ]),
  ticketNotFound: (): NotFoundError =>
    new NotFoundError('RECTIFICATION.NOT_FOUND', {
      zh: '整改工单不存在',
      en: 'Rectification ticket not found',
    }),
  invalidStep: (status: string, action: string): ConflictError =>
    new ConflictError('RECTIFICATION.INVALID_STEP', {
      zh: `整改工单当前状态 ${status} 不允许执行「${action}」`,
      en: `A ticket in state ${status} does not allow "${action}"`,
    }),
  concurrentUpdate: (): ConflictError =>
    new ConflictError('RECTIFICATION.CONCURRENT_UPDATE', {
      zh: '整改工单已被他人更新，请刷新后重试',
      en: 'The ticket was updated meanwhile; reload and retry',
    }),
  appealNotFound: (): NotFoundError =>
    new NotFoundError('APPEAL.NOT_FOUND', { zh: '申诉不存在', en: 'Appeal not found' }),
  appealExists: (): ConflictError =>
    new ConflictError('APPEAL.ALREADY_FILED', {
      zh: '该评价已有申诉，不能重复申诉',
      en: 'This rating has already been appealed',
    }),
  appealDecided: (): ConflictError =>
    new ConflictError('APPEAL.ALREADY_DECIDED', {
      zh: '申诉已有裁决',
      en: 'The appeal has already been decided',
    }),
  kpiPeriodTooLong: (): DomainError =>
    new DomainError('KPI.PERIOD_TOO_LONG', {
      zh: '统计期间不能超过 10 年',
      en: 'A KPI period may not exceed 10 years',
    }),
};
