import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { EVENT_DEFINITIONS, physicalTopic, TOPICS, type EventType } from '@app/contracts';
import { EventInbox, type EventHandlers } from '@app/messaging';
import { aggregateWriteLock } from '@app/persistence';
import { AUDIT_GROUP } from '../audit.config';
import { ArchiveEvent } from '../usecases/archive-event/archive-event';

/** Every event type of the registry goes to the archive: the audit keeps what all services said. */
export function archiveEverything(archive: ArchiveEvent): EventHandlers {
  const handlers: EventHandlers = {};
  // One application's events arrive on several topics (so several partitions, handled concurrently):
  // appends to one chain take turns in this process, because FerretDB's conditional updates of the
  // chain head are not atomic (docs/adr/0002).
  const store = async (event: Parameters<ArchiveEvent['append']>[0]): Promise<void> => {
    await aggregateWriteLock.run(`archive:${event.applicationId}`, () => archive.append(event));
  };
  for (const type of Object.keys(EVENT_DEFINITIONS) as EventType[]) {
    (handlers as Record<EventType, typeof store>)[type] = store;
  }
  return handlers;
}

/** One pattern per business topic; Kafka key = applicationId keeps each application's events in order. */
@Controller()
export class ArchiveConsumer {
  private readonly handlers: EventHandlers;

  constructor(
    private readonly inbox: EventInbox,
    archive: ArchiveEvent,
  ) {
    this.handlers = archiveEverything(archive);
  }

  @EventPattern(physicalTopic(TOPICS.intake))
  onIntake(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    return this.inbox.handle(raw, ctx, AUDIT_GROUP, this.handlers);
  }

  @EventPattern(physicalTopic(TOPICS.verification))
  onVerification(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    return this.inbox.handle(raw, ctx, AUDIT_GROUP, this.handlers);
  }

  @EventPattern(physicalTopic(TOPICS.commitment))
  onCommitment(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    return this.inbox.handle(raw, ctx, AUDIT_GROUP, this.handlers);
  }

  @EventPattern(physicalTopic(TOPICS.evaluation))
  onEvaluation(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    return this.inbox.handle(raw, ctx, AUDIT_GROUP, this.handlers);
  }

  @EventPattern(physicalTopic(TOPICS.audit))
  onAudit(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    return this.inbox.handle(raw, ctx, AUDIT_GROUP, this.handlers);
  }
}
