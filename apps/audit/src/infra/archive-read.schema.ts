import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { EventEnvelope } from '@app/contracts';

/** One auditor read, stored together with its `audit.archive.read` event (the outbox pattern). */
@Schema({ collection: 'archive_reads', versionKey: false })
export class ArchiveReadRecord {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ required: true })
  auditorId!: string;

  @Prop({ required: true })
  what!: string;

  @Prop({ required: true, index: true })
  applicationId!: string;

  @Prop()
  at?: string;

  @Prop({ required: true })
  requestId!: string;

  @Prop({ required: true })
  readAt!: Date;

  @Prop({ type: [Object], default: [] })
  outbox!: EventEnvelope[];

  @Prop({ default: false, index: true })
  outboxPending!: boolean;

  @Prop({ default: 0 })
  outboxVersion!: number;
}
export const ArchiveReadRecordSchema = SchemaFactory.createForClass(ArchiveReadRecord);
