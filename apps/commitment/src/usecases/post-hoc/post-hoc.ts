import { ConflictError, createEvent, NotFoundError, type Actor, type LocalizedText } from '@app/contracts';
import type { PostHocCheck } from '../../domain/records';
import { BreachCase } from '../breach-case/breach-case';
import { contextFor } from '../event-context';
import { CommitmentPolicy, PostHocStore, type DeskPostHocQuery, type Page } from '../ports';

export interface Conclusion {
  result: 'PASSED' | 'FAILED';
  findings: LocalizedText[];
}

/** 事后核查: the caseworker of the sub-case's authority concludes a sampled check; FAILED is a breach. */
export class PostHocChecks {
  constructor(
    private readonly checks: PostHocStore,
    private readonly breaches: BreachCase,
    private readonly policy: CommitmentPolicy,
  ) {}

  list(query: DeskPostHocQuery): Promise<Page<PostHocCheck>> {
    return this.checks.desk(query);
  }

  async conclude(
    actor: Actor & { authority: string },
    checkId: string,
    conclusion: Conclusion,
  ): Promise<PostHocCheck> {
    const check = await this.checks.get(checkId);
    if (!check || check.authority !== actor.authority) {
      throw new NotFoundError('POSTHOC.NOT_FOUND', {
        zh: '事后核查任务不存在',
        en: 'Post-hoc check not found',
      });
    }
    if (check.status !== 'PENDING') {
      throw new ConflictError('POSTHOC.ALREADY_CONCLUDED', {
        zh: `事后核查 ${checkId} 已有结论（${check.status}）`,
        en: `Post-hoc check ${checkId} is already concluded (${check.status})`,
      });
    }
    const next: PostHocCheck = {
      ...check,
      status: conclusion.result,
      findings: conclusion.findings,
      concludedAt: this.policy.now().toISOString(),
      concludedBy: actor.id,
      version: check.version + 1,
    };
    const event = createEvent(
      'commitment.posthoc.concluded',
      { checkId, caseId: check.caseId, result: conclusion.result, findings: conclusion.findings },
      contextFor(check, actor),
    );
    if (!(await this.checks.conclude(next, check.version, [event]))) {
      throw new ConflictError('POSTHOC.CONCURRENT_UPDATE', {
        zh: '事后核查已被他人同时处理',
        en: 'The post-hoc check was concluded concurrently',
      });
    }
    if (conclusion.result === 'FAILED') {
      await this.breaches.breach({
        deferralId: check.deferralId,
        cause: 'POST_HOC_FAILED',
        reason: {
          code: 'POSTHOC.FAILED',
          text: conclusion.findings[0] ?? { zh: '事后核查未通过', en: 'Post-hoc check failed' },
        },
        actor,
      });
    }
    return next;
  }
}
