import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { InjectQueue } from '@nestjs/bull';
import { Queue } from 'bull';
import { Connection } from 'mongoose';
import { TypedEnvelope } from '@app/contracts';
import { onceFor, PermanentFailure } from '@app/messaging';

export const PROBE_QUEUE = 'probe';
/** Job data of the delayed probe job; the job id is derived from the probe so it is never scheduled twice. */
export interface ProbeFireJob {
  probeId: string;
  scheduledAt: string;
}

interface EffectCounter {
  _id: string;
  count: number;
  appliedEvents: string[];
  probes: string[];
}

/** The consumer side of the plumbing probe: one effect per event, then a delayed bull job. */
@Injectable()
export class ProbeEffects {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectQueue(PROBE_QUEUE) private readonly queue: Queue<ProbeFireJob>,
  ) {}

  private get counters() {
    return this.connection.collection<EffectCounter>('effect_counters');
  }

  async onProbe(event: TypedEnvelope<'platform.probe.recorded'>): Promise<void> {
    const { probeId, behaviour, delayMs } = event.payload;
    if (behaviour === 'fail-permanent')
      throw new PermanentFailure('PROBE.REFUSED', `probe ${probeId} asks to fail permanently`);
    if (behaviour === 'fail-transient-once') {
      // First delivery fails as if Mongo were briefly unreachable; the redelivery succeeds.
      const seen = await this.connection
        .collection<{ _id: string }>('transient_seen')
        .findOneAndUpdate(
          { _id: probeId },
          { $setOnInsert: { _id: probeId } },
          { upsert: true, returnDocument: 'before' },
        );
      if (!seen) throw new Error(`transient failure for ${probeId}`);
    }
    const once = onceFor(event.id);
    // The effect and the "applied" marker are one single-document write: a redelivery changes nothing.
    await this.counters.updateOne(
      { _id: 'probe-effects' },
      { $setOnInsert: { count: 0, appliedEvents: [], probes: [] } },
      { upsert: true },
    );
    await this.counters.updateOne(
      { _id: 'probe-effects', ...once.filter },
      { $inc: { count: 1 }, $push: { ...once.push, probes: probeId } },
    );
    await this.queue.add(
      'fire',
      { probeId, scheduledAt: new Date().toISOString() },
      { jobId: `probe-fire:${probeId}:1`, delay: delayMs, removeOnComplete: true, attempts: 5, backoff: 500 },
    );
  }

  async fire(job: ProbeFireJob): Promise<void> {
    // Idempotent: a stalled job processed twice records the firing once.
    await this.connection
      .collection<{ _id: string }>('fired')
      .updateOne(
        { _id: job.probeId },
        { $setOnInsert: { firedAt: new Date(), scheduledAt: job.scheduledAt } },
        { upsert: true },
      );
  }

  async effects(): Promise<{ count: number; probes: string[]; fired: string[] }> {
    const counter = await this.counters.findOne({ _id: 'probe-effects' });
    const fired = await this.connection.collection<{ _id: string }>('fired').find({}).toArray();
    return { count: counter?.count ?? 0, probes: counter?.probes ?? [], fired: fired.map((f) => f._id) };
  }
}
