import type { ArchivedEvent } from '@app/audit-chain';
import { replay, type ApplicationView } from '@app/case-lifecycle';
import { diffProjection, type ProjectionDifference } from '../domain/projection-diff';
import { typedEvents } from '../domain/state-at';
import { verifyApplication, type ApplicationVerification } from '../domain/verify-application';
import type { ChainHead } from '../domain/archive-entry';

export interface ArchiveSource {
  applicationIds(): Promise<string[]>;
  entriesOf(applicationId: string): Promise<ArchivedEvent[]>;
  headOf(applicationId: string): Promise<ChainHead | undefined>;
}

export interface ProjectionSink {
  save(applicationId: string, view: ApplicationView): Promise<void>;
}

/** The live read model to compare with; undefined when it has no document for the application. */
export type LiveSource = (applicationId: string, rebuilt: ApplicationView) => Promise<unknown>;

export interface RebuildReport {
  applicationId: string;
  verification: ApplicationVerification;
  rebuilt: boolean;
  live: 'FOUND' | 'MISSING' | 'NOT_COMPARED';
  differences: ProjectionDifference[];
}

/**
 * Rebuilds the application view of every application in the archive with the shared `replay`, writes
 * it to a fresh collection and compares it with the live read model. A broken chain is reported with
 * the rebuild (the auditor must know the history it rests on is not intact).
 */
export async function rebuildProjection(
  archive: ArchiveSource,
  sink: ProjectionSink,
  live: LiveSource | undefined,
  options: { only?: string[]; strict?: boolean } = {},
): Promise<RebuildReport[]> {
  const reports: RebuildReport[] = [];
  const ids = options.only?.length ? options.only : await archive.applicationIds();
  for (const applicationId of ids) {
    const entries = await archive.entriesOf(applicationId);
    const verification = verifyApplication(applicationId, entries, await archive.headOf(applicationId));
    const view = replay(typedEvents(entries));
    if (view === undefined) continue; // no filing in the archive (e.g. the records of whole-archive reads)
    await sink.save(applicationId, view);
    if (live === undefined) {
      reports.push({ applicationId, verification, rebuilt: true, live: 'NOT_COMPARED', differences: [] });
      continue;
    }
    const liveDoc = await live(applicationId, view);
    reports.push(
      liveDoc === undefined || liveDoc === null
        ? { applicationId, verification, rebuilt: true, live: 'MISSING', differences: [] }
        : {
            applicationId,
            verification,
            rebuilt: true,
            live: 'FOUND',
            differences: diffProjection(view, liveDoc, { strict: options.strict }),
          },
    );
  }
  return reports;
}
