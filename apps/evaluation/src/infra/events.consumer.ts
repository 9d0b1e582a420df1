import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { physicalTopic, TOPICS, type TypedEnvelope } from '@app/contracts';
import { EventInbox, type EventHandlers } from '@app/messaging';
import { KPI_EVENT_TYPES } from '../usecases/compute-kpis/compute-kpis';
import { ProjectEvents } from '../usecases/project-events/project-events';

export const EVALUATION_GROUP = 'evaluation';

/** Consumes the topics the KPIs read (and intake's for rating eligibility); each event is applied once. */
@Controller()
export class EvaluationEventsConsumer {
  private readonly handlers: EventHandlers = {};

  constructor(
    private readonly inbox: EventInbox,
    private readonly project: ProjectEvents,
  ) {
    const handle = (event: TypedEnvelope): Promise<void> => this.project.handle(event);
    for (const type of KPI_EVENT_TYPES) this.handlers[type] = handle;
  }

  @EventPattern(physicalTopic(TOPICS.intake))
  async onIntake(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, EVALUATION_GROUP, this.handlers);
  }

  @EventPattern(physicalTopic(TOPICS.verification))
  async onVerification(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, EVALUATION_GROUP, this.handlers);
  }

  @EventPattern(physicalTopic(TOPICS.commitment))
  async onCommitment(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, EVALUATION_GROUP, this.handlers);
  }

  @EventPattern(physicalTopic(TOPICS.evaluation))
  async onEvaluation(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, EVALUATION_GROUP, this.handlers);
  }
}
