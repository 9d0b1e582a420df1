import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Model } from 'mongoose';
import { ConflictError, createEvent, NotFoundError } from '@app/contracts';
import { Public } from '@app/auth';
import { newWithEvents, OutboxRelay } from '@app/messaging';
import { isDuplicateKey } from '@app/persistence';
import { ProbeRecord } from './probe.schema';

export class RecordProbeBody {
  @IsString()
  @Matches(/^[a-z0-9-]{3,64}$/)
  probeId!: string;

  @IsIn(['ok', 'fail-permanent', 'fail-transient-once', 'slow'])
  behaviour!: 'ok' | 'fail-permanent' | 'fail-transient-once' | 'slow';

  @IsInt()
  @Min(0)
  @Max(600000)
  delayMs!: number;
}

@ApiTags('probe')
@Public()
@Controller('probes')
export class ProbeController {
  constructor(
    @InjectModel(ProbeRecord.name) private readonly probes: Model<ProbeRecord>,
    private readonly relay: OutboxRelay,
  ) {
    relay.register(probes);
  }

  @Post()
  @HttpCode(201)
  async record(@Body() body: RecordProbeBody): Promise<{ probeId: string; eventId: string }> {
    const event = createEvent(
      'platform.probe.recorded',
      { probeId: body.probeId, behaviour: body.behaviour, delayMs: body.delayMs },
      {
        producer: 'probe-producer',
        applicationId: body.probeId,
        actor: { kind: 'system', id: 'probe' },
      },
    );
    try {
      await this.probes.create(
        newWithEvents(
          { _id: body.probeId, behaviour: body.behaviour, delayMs: body.delayMs, recordedAt: new Date() },
          [event],
        ),
      );
    } catch (e) {
      if (isDuplicateKey(e))
        throw new ConflictError('PROBE.EXISTS', { zh: '探针已存在', en: 'Probe already exists' });
      throw e;
    }
    this.relay.kick(this.probes, body.probeId);
    return { probeId: body.probeId, eventId: event.id };
  }

  @Get(':id')
  async read(@Param('id') id: string): Promise<{ probeId: string; outboxPending: boolean }> {
    const doc = await this.probes.findById(id).lean().exec();
    if (!doc) throw new NotFoundError('PROBE.NOT_FOUND', { zh: '探针不存在', en: 'Probe not found' });
    return { probeId: doc._id, outboxPending: doc.outboxPending };
  }
}
