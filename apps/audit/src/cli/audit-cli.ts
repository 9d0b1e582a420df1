import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { DomainError } from '@app/contracts';
import { mintToken } from '@app/auth';
import { databaseName, loadConfig } from '@app/config';
import { AuditConfig } from '../audit.config';
import { toArchived, type StoredEntry } from '../domain/archive-entry';
import { describeDifference } from '../domain/projection-diff';
import type { TimelineItem } from '../domain/timeline';
import { ENTRIES, HEADS } from '../infra/mongo-archive.store';
import { rebuildProjection, type ArchiveSource, type LiveSource } from './rebuild-projection';
import { describeVerification, verifyExport } from './verify-export';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  fetch: typeof fetch;
}

const USAGE = `用法 Usage: audit <command>
  verify-export <file.jsonl> [--head <hash>]         离线校验导出文件 verify an export offline (exit 1 + first broken link)
  timeline <applicationId> [--url <audit-url>]       事件时间线 print the timeline (HTTP, auditor token from JWT_SECRET)
  export <applicationId> [--url <audit-url>] > f     导出 JSON Lines export; head hash on stderr
  rebuild-projection [--application <id>]... [--into <collection>] [--strict]
      [--live-mongo <uri> --live-db <db> --live-collection <c> [--live-key _id] [--live-path view]]
      [--intake <intake-url>]
                                                     从档案重建申请视图并与实时模型比较 rebuild + compare`;

/** Parsed `--name value` options (repeatable) and positional arguments. */
export function parseArgs(argv: readonly string[]): {
  positional: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
} {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const value = argv[i + 1];
    if (name === 'strict' || value === undefined || value.startsWith('--')) {
      flags.add(name);
      continue;
    }
    options.set(name, [...(options.get(name) ?? []), value]);
    i += 1;
  }
  return { positional, options, flags };
}

function one(options: Map<string, string[]>, name: string): string | undefined {
  return options.get(name)?.[0];
}

function auditorToken(env: NodeJS.ProcessEnv): string {
  const defaults = new AuditConfig();
  return mintToken(
    {
      secret: env.JWT_SECRET ?? defaults.JWT_SECRET,
      issuer: env.JWT_ISSUER ?? defaults.JWT_ISSUER,
      audience: env.JWT_AUDIENCE ?? defaults.JWT_AUDIENCE,
    },
    { subject: env.AUDITOR_ID ?? 'audit-cli', role: 'auditor' },
    3600,
  );
}

function auditUrl(options: Map<string, string[]>, env: NodeJS.ProcessEnv): string {
  return (one(options, 'url') ?? env.AUDIT_URL ?? `http://127.0.0.1:${new AuditConfig().PORT}`).replace(
    /\/$/,
    '',
  );
}

async function getOrFail(io: CliIo, url: string, token: string): Promise<Response | undefined> {
  const res = await io.fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.ok) return res;
  io.err(`${res.status} ${url}\n${await res.text()}\n`);
  return undefined;
}

/** Runs one CLI command; returns the process exit code. */
export async function runAuditCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { positional, options, flags } = parseArgs(argv);
  const [command, target] = positional;
  try {
    switch (command) {
      case 'verify-export': {
        if (!target) break;
        const head = one(options, 'head');
        const result = verifyExport(readFileSync(target, 'utf8'), head);
        for (const r of result.results) io.out(`${describeVerification(r)}\n`);
        if (result.results.length === 0) io.out('导出文件为空 The export is empty\n');
        return result.ok ? 0 : 1;
      }
      case 'timeline': {
        if (!target) break;
        const res = await getOrFail(
          io,
          `${auditUrl(options, io.env)}/audit/applications/${encodeURIComponent(target)}/timeline`,
          auditorToken(io.env),
        );
        if (!res) return 1;
        const body = (await res.json()) as { count: number; events: TimelineItem[] };
        for (const e of body.events) {
          const actor = `${e.actor.kind}:${e.actor.id}`;
          const cause = e.causedBy ? ` ← #${e.causedBy.sequence} ${e.causedBy.type}` : '';
          io.out(
            `#${e.sequence} ${e.occurredAt} ${e.type} [${e.producer}] ${actor}${e.caseId ? ` case=${e.caseId}` : ''}${cause}\n`,
          );
          if (e.summary) io.out(`    ${e.summary.zh} / ${e.summary.en}\n`);
        }
        io.out(`${body.count} 条事件 events\n`);
        return 0;
      }
      case 'export': {
        if (!target) break;
        const res = await getOrFail(
          io,
          `${auditUrl(options, io.env)}/audit/applications/${encodeURIComponent(target)}/export`,
          auditorToken(io.env),
        );
        if (!res) return 1;
        io.out(await res.text());
        io.err(
          `head sequence=${res.headers.get('x-chain-head-sequence') ?? '-'} hash=${res.headers.get('x-chain-head-hash') ?? '-'}\n`,
        );
        return 0;
      }
      case 'rebuild-projection':
        return await rebuildCommand(options, flags, io);
      default:
        break;
    }
  } catch (e) {
    if (e instanceof DomainError) {
      io.err(
        `${e.code}: ${e.text.zh} / ${e.text.en}\n${e.violations.map((v) => `  ${v.path}: ${v.message.en}`).join('\n')}\n`,
      );
      return 1;
    }
    throw e;
  }
  io.err(`${USAGE}\n`);
  return 2;
}

async function rebuildCommand(
  options: Map<string, string[]>,
  flags: Set<string>,
  io: CliIo,
): Promise<number> {
  const config = loadConfig(AuditConfig, io.env);
  const into =
    one(options, 'into') ??
    `rebuilt_application_views_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const client = await MongoClient.connect(config.MONGODB_URI, { directConnection: true });
  let liveClient: MongoClient | undefined;
  try {
    const db = client.db(one(options, 'archive-db') ?? databaseName(config, 'audit'));
    const entries = db.collection<StoredEntry & { _id: string }>(ENTRIES);
    const archive: ArchiveSource = {
      applicationIds: async () =>
        (await entries.aggregate<{ _id: string }>([{ $group: { _id: '$applicationId' } }]).toArray())
          .map((d) => d._id)
          .sort(),
      entriesOf: async (id) =>
        (await entries.find({ applicationId: id }).sort({ sequence: 1 }).toArray()).map(({ _id, ...rest }) =>
          toArchived({ ...rest, eventId: _id }),
        ),
      headOf: async (id) => {
        const head = await db
          .collection<{ _id: string; sequence: number; hash: string }>(HEADS)
          .findOne({ _id: id });
        return head ? { applicationId: id, sequence: head.sequence, hash: head.hash } : undefined;
      },
    };
    const target = db.collection<{ _id: string }>(into);
    if ((await target.estimatedDocumentCount()) > 0) {
      io.err(`集合 ${into} 不是空的 Collection ${into} is not empty: choose a fresh one with --into\n`);
      return 2;
    }
    let live: LiveSource | undefined;
    const liveMongo = one(options, 'live-mongo');
    const intake = one(options, 'intake');
    if (liveMongo) {
      liveClient = await MongoClient.connect(liveMongo, {
        directConnection: !liveMongo.startsWith('mongodb+srv'),
      });
      const collection = liveClient
        .db(one(options, 'live-db'))
        .collection<Record<string, unknown>>(one(options, 'live-collection') ?? 'applications');
      const key = one(options, 'live-key') ?? '_id';
      const path = one(options, 'live-path');
      live = async (id) => {
        const doc = await collection.findOne({ [key]: id } as Record<string, unknown>);
        return doc && path
          ? path
              .split('.')
              .reduce<unknown>(
                (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
                doc,
              )
          : (doc ?? undefined);
      };
    } else if (intake) {
      live = async (id, rebuilt) => {
        // Read as the enterprise that owns the application: the role intake lets read its own application.
        const token = mintToken(
          { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
          { subject: 'audit-rebuild', role: 'applicant', uscc: rebuilt.uscc },
          600,
        );
        const res = await io.fetch(`${intake.replace(/\/$/, '')}/applications/${encodeURIComponent(id)}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (res.status === 404) return undefined;
        if (!res.ok) throw new Error(`intake answered ${res.status} for ${id}: ${await res.text()}`);
        return (await res.json()) as unknown;
      };
    }
    const reports = await rebuildProjection(
      archive,
      {
        save: async (id, view) =>
          void (await target.replaceOne(
            { _id: id },
            { ...view, _id: id, rebuiltAt: new Date().toISOString() },
            { upsert: true },
          )),
      },
      live,
      { only: options.get('application'), strict: flags.has('strict') },
    );
    let differing = 0;
    for (const r of reports) {
      const chain = r.verification.ok
        ? ''
        : `  ⚠ 链断裂 chain broken at ${r.verification.brokenAt.sequence} (${r.verification.brokenAt.kind})`;
      if (r.live === 'MISSING') differing += 1;
      if (r.differences.length) differing += 1;
      const state =
        r.live === 'NOT_COMPARED'
          ? 'rebuilt'
          : r.live === 'MISSING'
            ? '实时模型中不存在 missing in live'
            : r.differences.length
              ? `${r.differences.length} 处不同 differences`
              : '一致 same';
      io.out(`${r.applicationId}: ${state}${chain}\n`);
      for (const d of r.differences) io.out(`    ${describeDifference(d)}\n`);
    }
    io.out(
      `重建 ${reports.length} 个申请视图到 ${into}; ${differing} 个与实时模型不同 — rebuilt ${reports.length} views into ${into}; ${differing} differ\n`,
    );
    return differing === 0 ? 0 : 1;
  } finally {
    await client.close();
    await liveClient?.close();
  }
}
