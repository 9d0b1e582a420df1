import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { createEvent, newId } from '@app/contracts';
import { newWithEvents, OutboxRelay } from '@app/messaging';
import { AUDIT_SERVICE } from '../audit.config';
import type { AuditorRead, ReadLog } from '../usecases/read-archive/auditor-reads';
import { ArchiveReadRecord } from './archive-read.schema';

/** Writes the read and its `audit.archive.read` event in one document; the relay publishes it. */
@Injectable()
export class OutboxReadLog implements ReadLog {
  constructor(
    @InjectModel(ArchiveReadRecord.name) private readonly reads: Model<ArchiveReadRecord>,
    private readonly relay: OutboxRelay,
  ) {
    relay.register(reads);
  }

  async record(read: AuditorRead): Promise<void> {
    const id = newId();
    const event = createEvent(
      'audit.archive.read',
      { what: read.what, requestId: read.requestId, ...(read.at ? { at: read.at } : {}) },
      {
        producer: AUDIT_SERVICE,
        applicationId: read.applicationId,
        actor: { kind: 'auditor', id: read.auditorId },
        id,
      },
    );
    await this.reads.create(
      newWithEvents(
        {
          _id: id,
          auditorId: read.auditorId,
          what: read.what,
          applicationId: read.applicationId,
          requestId: read.requestId,
          readAt: new Date(),
          ...(read.at ? { at: read.at } : {}),
        },
        [event],
      ),
    );
    this.relay.kick(this.reads, id);
  }
}
