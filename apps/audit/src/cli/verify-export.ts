import { parseJsonLines, verifyChain, type ArchivedEvent } from '@app/audit-chain';
import { verifyApplication, type ApplicationVerification } from '../domain/verify-application';

export interface ExportVerification {
  ok: boolean;
  results: ApplicationVerification[];
}

/**
 * Re-verifies an export offline: parses the JSON Lines (a malformed line throws AUDIT.EXPORT_INVALID
 * naming it), then checks each application's chain in file order. With the head hash recorded at export
 * time (`X-Chain-Head-Hash`), a file cut short at the end is caught too.
 */
export function verifyExport(text: string, expectedHeadHash?: string): ExportVerification {
  const byApplication = new Map<string, ArchivedEvent[]>();
  for (const entry of parseJsonLines(text))
    byApplication.set(entry.applicationId, [...(byApplication.get(entry.applicationId) ?? []), entry]);
  const results = [...byApplication.entries()].map(([applicationId, entries]): ApplicationVerification => {
    if (expectedHeadHash === undefined || byApplication.size !== 1)
      return verifyApplication(applicationId, entries, undefined);
    const chain = verifyChain(entries, { applicationId, expectedHeadHash });
    return chain.ok
      ? { applicationId, ok: true, count: entries.length }
      : { applicationId, ok: false, count: entries.length, brokenAt: chain.brokenAt };
  });
  return { ok: results.every((r) => r.ok), results };
}

export function describeVerification(r: ApplicationVerification): string {
  if (r.ok) return `OK   ${r.applicationId}: ${r.count} 条，链完整 entries, chain intact`;
  const b = r.brokenAt;
  return `FAIL ${r.applicationId}: 首个断点 first broken link — sequence ${b.sequence}${b.eventId ? ` (event ${b.eventId})` : ''} ${b.kind}\n     ${b.message.zh}\n     ${b.message.en}`;
}
