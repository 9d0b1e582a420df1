import { verifyChain, type ArchivedEvent, type ChainBreak } from '@app/audit-chain';
import type { ChainHead } from './archive-entry';

export type ApplicationVerification =
  | { applicationId: string; ok: true; count: number; head?: ChainHead }
  | { applicationId: string; ok: false; count: number; brokenAt: ChainBreak; head?: ChainHead };

/**
 * Verifies one application's chain (entries in stored sequence order) and then checks it against the
 * separately recorded head: entries removed from the end leave every remaining link intact and are
 * only visible there. A head *behind* the entries is a crash between the two writes (the next append
 * repairs it), so only the entry at the head's sequence is compared.
 */
export function verifyApplication(
  applicationId: string,
  entries: readonly ArchivedEvent[],
  head: ChainHead | undefined,
): ApplicationVerification {
  const base = { applicationId, count: entries.length, ...(head ? { head } : {}) };
  const chain = verifyChain(entries, { applicationId });
  if (!chain.ok) return { ...base, ok: false, brokenAt: chain.brokenAt };
  if (head === undefined) return { ...base, ok: true };
  if (head.sequence > entries.length) {
    const missing =
      head.sequence === entries.length + 1 ? `${head.sequence}` : `${entries.length + 1}–${head.sequence}`;
    return {
      ...base,
      ok: false,
      brokenAt: {
        sequence: entries.length + 1,
        kind: 'DELETED_OR_INSERTED',
        message: {
          zh: `记录的链头为第 ${head.sequence} 条，档案只有 ${entries.length} 条：末尾第 ${missing} 条被删除`,
          en: `The recorded head is entry ${head.sequence} but the archive holds ${entries.length}: entry ${missing} at the end was deleted`,
        },
      },
    };
  }
  const atHead = entries[head.sequence - 1];
  if (atHead !== undefined && atHead.hash !== head.hash) {
    return {
      ...base,
      ok: false,
      brokenAt: {
        sequence: atHead.sequence,
        eventId: atHead.event.id,
        kind: 'HASH_MISMATCH',
        message: {
          zh: `第 ${head.sequence} 条的哈希与记录的链头不符：链被整体改写并重算哈希`,
          en: `Entry ${head.sequence} does not match the recorded head hash: the chain was rewritten and re-hashed`,
        },
      },
    };
  }
  return { ...base, ok: true };
}

export interface ArchiveVerification {
  ok: boolean;
  applications: number;
  entries: number;
  /** Every application whose chain is broken, each with its first broken link; in applicationId order. */
  broken: Array<{ applicationId: string; brokenAt: ChainBreak }>;
  firstBroken?: { applicationId: string; brokenAt: ChainBreak };
}

export function summariseArchive(results: readonly ApplicationVerification[]): ArchiveVerification {
  const sorted = [...results].sort((a, b) =>
    a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0,
  );
  const broken = sorted.flatMap((r) =>
    r.ok ? [] : [{ applicationId: r.applicationId, brokenAt: r.brokenAt }],
  );
  const first = broken[0];
  return {
    ok: broken.length === 0,
    applications: sorted.length,
    entries: sorted.reduce((sum, r) => sum + r.count, 0),
    broken,
    ...(first ? { firstBroken: first } : {}),
  };
}
