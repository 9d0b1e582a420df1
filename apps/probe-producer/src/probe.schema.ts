import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { EventEnvelope } from '@app/contracts';

/** A plumbing probe: stored with its event in one document write (the outbox pattern). */
@Schema({ collection: 'probes', versionKey: false })
export class ProbeRecord {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ required: true })
  behaviour!: string;

  @Prop({ required: true })
  delayMs!: number;

  @Prop({ required: true })
  recordedAt!: Date;

  @Prop({ type: [Object], default: [] })
  outbox!: EventEnvelope[];

  @Prop({ default: false, index: true })
  outboxPending!: boolean;

  @Prop({ default: 0 })
  outboxVersion!: number;
}
export const ProbeRecordSchema = SchemaFactory.createForClass(ProbeRecord);
