import { toJsonLines, type ArchivedEvent } from '@app/audit-chain';
import { NotFoundError } from '@app/contracts';
import type { ChainHead } from '../../domain/archive-entry';
import { stateAt, type StateAt } from '../../domain/state-at';
import { buildTimeline, type TimelineItem } from '../../domain/timeline';
import {
  summariseArchive,
  verifyApplication,
  type ApplicationVerification,
  type ArchiveVerification,
} from '../../domain/verify-application';

/** The applicationId under which reads of the whole archive are recorded. */
export const WHOLE_ARCHIVE = 'archive';

export interface ArchiveReader {
  /** The application's entries in stored sequence order. */
  entriesOf(applicationId: string): Promise<ArchivedEvent[]>;
  headOf(applicationId: string): Promise<ChainHead | undefined>;
  /** Every application with entries or a head. */
  applicationIds(): Promise<string[]>;
}

export type ReadKind = 'TIMELINE' | 'REPLAY' | 'VERIFY' | 'EXPORT';

export interface AuditorRead {
  what: ReadKind;
  applicationId: string;
  at?: string;
  requestId: string;
  auditorId: string;
}

/** Records an auditor's read as an `audit.archive.read` event (accountability). */
export interface ReadLog {
  record(read: AuditorRead): Promise<void>;
}

export interface Reader {
  auditorId: string;
  requestId: string;
}

export interface ArchiveExport {
  applicationId: string;
  count: number;
  head?: ChainHead;
  jsonLines: string;
}

/**
 * What an auditor may read. Every read is recorded *before* anything is returned, so no read can
 * escape the record (a failed recording fails the read).
 */
export class AuditorReads {
  constructor(
    private readonly archive: ArchiveReader,
    private readonly log: ReadLog,
  ) {}

  async timeline(
    applicationId: string,
    reader: Reader,
  ): Promise<{ applicationId: string; count: number; events: TimelineItem[] }> {
    await this.record('TIMELINE', applicationId, reader);
    const entries = await this.existing(applicationId);
    return { applicationId, count: entries.length, events: buildTimeline(entries) };
  }

  async stateAt(applicationId: string, at: Date, reader: Reader): Promise<StateAt> {
    await this.record('REPLAY', applicationId, reader, at.toISOString());
    return stateAt(applicationId, await this.existing(applicationId), at);
  }

  async verify(applicationId: string, reader: Reader): Promise<ApplicationVerification> {
    await this.record('VERIFY', applicationId, reader);
    // Head first, then the entries: appends go on while we read (this read's own record, for one), and
    // an entry written after the head we read is an append in flight, not a break. The reverse order
    // could see a head one past the entries it read and report a deletion that never happened.
    const head = await this.archive.headOf(applicationId);
    const entries = await this.existing(applicationId);
    return verifyApplication(applicationId, entries, head);
  }

  async verifyAll(reader: Reader): Promise<ArchiveVerification> {
    await this.record('VERIFY', WHOLE_ARCHIVE, reader);
    const results: ApplicationVerification[] = [];
    for (const applicationId of await this.archive.applicationIds()) {
      const head = await this.archive.headOf(applicationId); // head first: see verify()
      const entries = await this.archive.entriesOf(applicationId);
      results.push(verifyApplication(applicationId, entries, head));
    }
    return summariseArchive(results);
  }

  async export(applicationId: string, reader: Reader): Promise<ArchiveExport> {
    await this.record('EXPORT', applicationId, reader);
    // Head first: events archived while we read (this read's own record, for one) come after it and are
    // left out, so the file and the head sent with it describe the same chain. A head beyond the entries
    // (the tail was deleted) is sent as is, so the offline check catches it.
    const recorded = await this.archive.headOf(applicationId);
    const all = await this.existing(applicationId);
    const entries =
      recorded !== undefined && recorded.sequence <= all.length ? all.slice(0, recorded.sequence) : all;
    const last = entries.at(-1);
    const head = recorded ?? (last ? { applicationId, sequence: last.sequence, hash: last.hash } : undefined);
    return {
      applicationId,
      count: entries.length,
      ...(head ? { head } : {}),
      jsonLines: toJsonLines(entries),
    };
  }

  private record(what: ReadKind, applicationId: string, reader: Reader, at?: string): Promise<void> {
    return this.log.record({
      what,
      applicationId,
      requestId: reader.requestId,
      auditorId: reader.auditorId,
      ...(at ? { at } : {}),
    });
  }

  /** An application the archive knows: it has entries other than the records of auditors' own reads. */
  private async existing(applicationId: string): Promise<ArchivedEvent[]> {
    const entries = await this.archive.entriesOf(applicationId);
    if (applicationId === WHOLE_ARCHIVE || entries.some((e) => e.event.type !== 'audit.archive.read'))
      return entries;
    throw new NotFoundError('AUDIT.APPLICATION_NOT_FOUND', {
      zh: `档案中没有申请 ${applicationId} 的事件`,
      en: `The archive holds no events of application ${applicationId}`,
    });
  }
}
