import { Controller, Get } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { Process, Processor } from '@nestjs/bull';
import { Job } from 'bull';
import { physicalTopic, TOPICS } from '@app/contracts';
import { Public } from '@app/auth';
import { EventInbox } from '@app/messaging';
import { PROBE_QUEUE, ProbeEffects, ProbeFireJob } from './probe-effects';

export const PROBE_GROUP = 'probe-consumer';

@Controller('effects')
export class ProbeConsumerController {
  constructor(
    private readonly inbox: EventInbox,
    private readonly effects: ProbeEffects,
  ) {}

  @EventPattern(physicalTopic(TOPICS.platform))
  async onPlatformEvent(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, PROBE_GROUP, {
      'platform.probe.recorded': (e) => this.effects.onProbe(e),
    });
  }

  @Public()
  @Get()
  read(): Promise<{ count: number; probes: string[]; fired: string[] }> {
    return this.effects.effects();
  }
}

@Processor(PROBE_QUEUE)
export class ProbeProcessor {
  constructor(private readonly effects: ProbeEffects) {}

  @Process('fire')
  async fire(job: Job<ProbeFireJob>): Promise<void> {
    await this.effects.fire(job.data);
  }
}
