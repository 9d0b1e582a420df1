import { createHash } from 'node:crypto';
import type { EventEnvelope, LocalizedText } from '@app/contracts';
import { AuditChainError } from './audit-chain-error';
import { canonicalJson } from './canonical-json';

/** The previous hash of an application's first archived event. */
export const GENESIS_HASH = '0'.repeat(64);

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** sha256 hex of `previousHash + '\n' + canonicalJson(event)`: each link commits to all links before it. */
export function chainHash(previousHash: string, event: object): string {
  return createHash('sha256')
    .update(`${previousHash}\n${canonicalJson(event)}`, 'utf8')
    .digest('hex');
}

/**
 * One event in an application's archive. `sequence` (1-based, per application) and `applicationId` are
 * not inside the hash; they are checked against the chain's order instead (see `verifyChain`).
 */
export interface ArchivedEvent {
  applicationId: string;
  sequence: number;
  event: EventEnvelope;
  previousHash: string;
  hash: string;
}

/** The next archive entry after `prev` (undefined for the application's first event). */
export function appendToChain(prev: ArchivedEvent | undefined, event: EventEnvelope): ArchivedEvent {
  if (prev !== undefined && prev.applicationId !== event.applicationId) {
    throw new AuditChainError('AUDIT.WRONG_APPLICATION', {
      zh: `事件 ${event.id} 属于申请 ${event.applicationId}，不能接在申请 ${prev.applicationId} 的链上`,
      en: `Event ${event.id} belongs to application ${event.applicationId}, not to the chain of ${prev.applicationId}`,
    });
  }
  const previousHash = prev === undefined ? GENESIS_HASH : prev.hash;
  return {
    applicationId: event.applicationId,
    sequence: prev === undefined ? 1 : prev.sequence + 1,
    event,
    previousHash,
    hash: chainHash(previousHash, event),
  };
}

export type ChainBreakKind =
  'EDITED' | 'DELETED_OR_INSERTED' | 'REORDERED' | 'WRONG_APPLICATION' | 'HASH_MISMATCH';

export interface ChainBreak {
  /** Sequence number written on the entry where the chain breaks (as stored, possibly tampered). */
  sequence: number;
  eventId?: string;
  kind: ChainBreakKind;
  message: LocalizedText;
}

export type ChainVerification = { ok: true; count: number } | { ok: false; brokenAt: ChainBreak };

export interface VerifyChainOptions {
  /** The application the chain must belong to; default: the one most entries name (ties: the first entry's). */
  applicationId?: string;
  /**
   * The head hash recorded elsewhere (e.g. at export time). Without it, dropping the *last* entries is
   * invisible: every remaining link is still intact.
   */
  expectedHeadHash?: string;
}

/**
 * Verifies entries in the order given (the archive's sequence order) and names the first broken link.
 *
 * Classification, checked for each entry in this order:
 * 1. WRONG_APPLICATION — the entry or its envelope names another application.
 * 2. EDITED — the entry does not hash to its own stored `hash` (content, or its `previousHash`, changed
 *    after archiving).
 * 3. REORDERED — the link or sequence is off here, but all entries still form one valid chain from the
 *    genesis hash in another order: nothing is missing or foreign, only moved.
 * 4. DELETED_OR_INSERTED — an inserted entry (it does not link to the entry before while the next one
 *    does, or the next one links past it; the inserted one is named), a sequence gap (entries missing),
 *    or a repeated / backward sequence (an extra entry).
 * 5. HASH_MISMATCH — sequences are contiguous but `previousHash` is not the hash of the entry before:
 *    the entry before was rewritten with a recomputed hash, or entries were removed and renumbered.
 * A complete rewrite of the tail with recomputed hashes and sequences can only be caught against a head
 * hash kept elsewhere (`expectedHeadHash`); a mismatch there is reported as DELETED_OR_INSERTED.
 */
export function verifyChain(
  entries: readonly ArchivedEvent[],
  options: VerifyChainOptions = {},
): ChainVerification {
  if (entries.length === 0) return verifyEmpty(options);
  const applicationId = options.applicationId ?? dominantApplicationId(entries);
  const linkOrder = chainOrderIfOnlyReordered(entries);
  for (let index = 0; index < entries.length; index += 1) {
    const broken = checkEntry(entries, index, applicationId, linkOrder);
    if (broken !== undefined) return { ok: false, brokenAt: broken };
  }
  const head = entries[entries.length - 1];
  if (
    head !== undefined &&
    options.expectedHeadHash !== undefined &&
    head.hash !== options.expectedHeadHash
  ) {
    return {
      ok: false,
      brokenAt: breakAt(head, 'DELETED_OR_INSERTED', {
        zh: `链尾哈希与记录的链头 ${options.expectedHeadHash} 不符：末尾的事件被删除、追加或整体重写`,
        en: `The last hash does not match the recorded head ${options.expectedHeadHash}: entries were removed from, added to or rewritten at the end`,
      }),
    };
  }
  return { ok: true, count: entries.length };
}

function verifyEmpty(options: VerifyChainOptions): ChainVerification {
  if (options.expectedHeadHash === undefined || options.expectedHeadHash === GENESIS_HASH)
    return { ok: true, count: 0 };
  return {
    ok: false,
    brokenAt: {
      sequence: 1,
      kind: 'DELETED_OR_INSERTED',
      message: {
        zh: `档案为空，但记录的链头为 ${options.expectedHeadHash}：事件被删除`,
        en: `The archive is empty but the recorded head is ${options.expectedHeadHash}: events were deleted`,
      },
    },
  };
}

function breakAt(entry: ArchivedEvent, kind: ChainBreakKind, message: LocalizedText): ChainBreak {
  const eventId = typeof entry.event?.id === 'string' ? entry.event.id : undefined;
  return eventId === undefined
    ? { sequence: entry.sequence, kind, message }
    : { sequence: entry.sequence, eventId, kind, message };
}

function hashBefore(entries: readonly ArchivedEvent[], index: number): string {
  return index === 0 ? GENESIS_HASH : (entries[index - 1]?.hash ?? GENESIS_HASH);
}

function isSelfConsistent(entry: ArchivedEvent): boolean {
  if (typeof entry.hash !== 'string' || !SHA256_HEX.test(entry.hash)) return false;
  if (typeof entry.previousHash !== 'string' || typeof entry.event !== 'object' || entry.event === null)
    return false;
  try {
    return chainHash(entry.previousHash, entry.event) === entry.hash;
  } catch {
    return false; // an unhashable event (e.g. NaN) cannot be what was archived
  }
}

function checkEntry(
  entries: readonly ArchivedEvent[],
  index: number,
  applicationId: string,
  linkOrder: readonly ArchivedEvent[] | undefined,
): ChainBreak | undefined {
  const entry = entries[index];
  if (entry === undefined) return undefined;
  const expectedSequence = index + 1;
  if (entry.applicationId !== applicationId || entry.event?.applicationId !== applicationId) {
    return breakAt(entry, 'WRONG_APPLICATION', {
      zh: `第 ${entry.sequence} 条属于申请 ${entry.event?.applicationId ?? entry.applicationId}，不属于申请 ${applicationId}`,
      en: `Entry ${entry.sequence} belongs to application ${entry.event?.applicationId ?? entry.applicationId}, not ${applicationId}`,
    });
  }
  if (!isSelfConsistent(entry)) {
    return breakAt(entry, 'EDITED', {
      zh: `第 ${entry.sequence} 条的内容与其哈希不符：归档后被修改`,
      en: `Entry ${entry.sequence} does not match its hash: it was changed after archiving`,
    });
  }
  const linked = entry.previousHash === hashBefore(entries, index);
  const inSequence = entry.sequence === expectedSequence;
  if (linked && inSequence) return undefined;
  if (linkOrder !== undefined && linkOrder[index] !== entry) {
    return breakAt(entry, 'REORDERED', {
      zh: `第 ${expectedSequence} 个位置上的事件（序号 ${entry.sequence}）不在原来的位置：事件顺序被调换`,
      en: `The event at position ${expectedSequence} (sequence ${entry.sequence}) is out of place: events were reordered`,
    });
  }
  const next = entries[index + 1];
  if (!linked && next !== undefined && next.previousHash === hashBefore(entries, index)) {
    return breakAt(entry, 'DELETED_OR_INSERTED', {
      zh: `第 ${entry.sequence} 条是插入的：它不接在上一条之后，而下一条接在上一条之后`,
      en: `Entry ${entry.sequence} was inserted: it does not link to the entry before, while the entry after it does`,
    });
  }
  const previous = entries[index - 1];
  if (!linked && previous !== undefined && entry.previousHash === hashBefore(entries, index - 1)) {
    return breakAt(previous, 'DELETED_OR_INSERTED', {
      zh: `第 ${previous.sequence} 条是插入的：其后一条的前序哈希越过了它`,
      en: `Entry ${previous.sequence} was inserted: the entry after it links past it`,
    });
  }
  if (!inSequence) return sequenceBreak(entry, expectedSequence);
  return breakAt(entry, 'HASH_MISMATCH', {
    zh: `第 ${entry.sequence} 条的前序哈希与上一条的哈希不符：上一条被改写并重算哈希，或有事件被删除后重新编号`,
    en: `Entry ${entry.sequence}'s previous hash is not the hash of the entry before: that one was rewritten and re-hashed, or entries were removed and renumbered`,
  });
}

function sequenceBreak(entry: ArchivedEvent, expected: number): ChainBreak {
  if (Number.isInteger(entry.sequence) && entry.sequence > expected) {
    const missing = entry.sequence - 1 === expected ? `${expected}` : `${expected}–${entry.sequence - 1}`;
    return breakAt(entry, 'DELETED_OR_INSERTED', {
      zh: `序号跳跃：应为 ${expected}，实为 ${entry.sequence}，第 ${missing} 条缺失（被删除）`,
      en: `Sequence gap: expected ${expected}, found ${entry.sequence}; entry ${missing} is missing (deleted)`,
    });
  }
  return breakAt(entry, 'DELETED_OR_INSERTED', {
    zh: `序号异常：应为 ${expected}，实为 ${String(entry.sequence)}，存在重复或插入的事件`,
    en: `Sequence out of line: expected ${expected}, found ${String(entry.sequence)}; an entry was repeated or inserted`,
  });
}

/**
 * When every entry is intact and they all chain from the genesis hash in some order (each hash followed by
 * exactly one entry), returns that order; otherwise undefined. Used to tell "moved" apart from
 * "missing or extra": an entry out of its link-order place is REORDERED.
 */
function chainOrderIfOnlyReordered(entries: readonly ArchivedEvent[]): ArchivedEvent[] | undefined {
  const byPrevious = new Map<string, ArchivedEvent>();
  for (const entry of entries) {
    if (!isSelfConsistent(entry) || byPrevious.has(entry.previousHash)) return undefined;
    byPrevious.set(entry.previousHash, entry);
  }
  const order: ArchivedEvent[] = [];
  let cursor = byPrevious.get(GENESIS_HASH);
  while (cursor !== undefined && order.length < entries.length) {
    order.push(cursor);
    cursor = byPrevious.get(cursor.hash);
  }
  return order.length === entries.length ? order : undefined;
}

/** The application most entries name: one foreign entry at the head must not make all others look foreign. */
function dominantApplicationId(entries: readonly ArchivedEvent[]): string {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.applicationId, (counts.get(entry.applicationId) ?? 0) + 1);
  let best = entries[0]?.applicationId ?? '';
  for (const [applicationId, count] of counts) if (count > (counts.get(best) ?? 0)) best = applicationId;
  return best;
}
