import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { physicalTopic, TOPICS } from '@app/contracts';
import { EventInbox } from '@app/messaging';
import { CaseEventHandlers } from '../usecases/handle-case-events/case-event-handlers';

export const INTAKE_GROUP = 'intake';

/** Verification and commitment outcomes (flow steps 4 and 6). */
@Controller()
export class CaseEventsConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly handlers: CaseEventHandlers,
  ) {}

  @EventPattern(physicalTopic(TOPICS.verification))
  async onVerification(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, INTAKE_GROUP, {
      'verification.assessment.completed': (e) => this.handlers.assessmentCompleted(e),
    });
  }

  @EventPattern(physicalTopic(TOPICS.commitment))
  async onCommitment(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, INTAKE_GROUP, {
      'commitment.deferral.granted': (e) => this.handlers.deferralGranted(e),
      'commitment.deferral.refused': (e) => this.handlers.deferralRefused(e),
      'commitment.breach.declared': (e) => this.handlers.breachDeclared(e),
      'commitment.credit.recorded': (e) => this.handlers.creditRecorded(e),
    });
  }
}
