/**
 * Prints the service KPIs as a table (好差评 and service-quality figures), for supervisors.
 *
 *   npx ts-node -T -r tsconfig-paths/register scripts/kpis.ts [--from ISO] [--to ISO]
 *       [--group-by authority|item|none] [--url http://127.0.0.1:3004] [--direct] [--json]
 *
 * By default it asks the evaluation service (`GET /kpis`) with a supervisor token minted from the
 * shared JWT_SECRET. `--direct` folds the evaluation database's `kpi_events` itself (no service
 * running needed). `--to` defaults to now, `--from` to 30 days before `--to`; the period is [from, to).
 */
import { MongoClient } from 'mongodb';
import { mintToken } from '@app/auth';
import { WorkingDayCalendar } from '@app/calendar';
import { databaseName, loadConfig, PlatformConfig } from '@app/config';
import type { TypedEnvelope } from '@app/contracts';
import { computeKpis, formatKpiTable, type KpiGroupBy, type KpiRow } from '@app/evaluation-rules';

const DAY_MS = 24 * 60 * 60 * 1000;
const GROUPS: readonly KpiGroupBy[] = ['authority', 'item', 'none'];

export interface KpiArgs {
  from: Date;
  to: Date;
  groupBy: KpiGroupBy;
  url: string;
  direct: boolean;
  json: boolean;
}

export class UsageError extends Error {}

function parseDate(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`${flag}: 不是有效的时间 not a valid date: ${value}`);
  return date;
}

/** Reads the command line; `now` and `env` are parameters so the rules can be tested. */
export function parseKpiArgs(
  argv: readonly string[],
  now: Date,
  env: NodeJS.ProcessEnv = process.env,
): KpiArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--direct' || arg === '--json') flags.add(arg);
    else if (['--from', '--to', '--group-by', '--url'].includes(arg)) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`${arg}: 缺少取值 missing value`);
      values.set(arg, value);
      i++;
    } else throw new UsageError(`未知参数 unknown argument: ${arg}`);
  }
  const to = parseDate(values.get('--to'), '--to') ?? now;
  const from = parseDate(values.get('--from'), '--from') ?? new Date(to.getTime() - 30 * DAY_MS);
  if (from.getTime() >= to.getTime())
    throw new UsageError('--from 必须早于 --to / --from must be before --to');
  const groupBy = values.get('--group-by') ?? 'authority';
  if (!GROUPS.includes(groupBy as KpiGroupBy))
    throw new UsageError(`--group-by: ${groupBy} (authority | item | none)`);
  return {
    from,
    to,
    groupBy: groupBy as KpiGroupBy,
    url: values.get('--url') ?? env.EVALUATION_URL ?? 'http://127.0.0.1:3004',
    direct: flags.has('--direct'),
    json: flags.has('--json'),
  };
}

async function viaHttp(args: KpiArgs, config: PlatformConfig): Promise<KpiRow[]> {
  const token = mintToken(
    { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    { subject: 'kpi-cli', role: 'supervisor', name: 'KPI CLI' },
    300,
  );
  const query = new URLSearchParams({
    from: args.from.toISOString(),
    to: args.to.toISOString(),
    groupBy: args.groupBy,
  });
  const res = await fetch(`${args.url}/kpis?${query.toString()}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { rows?: KpiRow[]; code?: string; detail?: string };
  if (!res.ok || body.rows === undefined)
    throw new Error(`evaluation service answered ${res.status}: ${body.code ?? ''} ${body.detail ?? ''}`);
  return body.rows;
}

async function direct(args: KpiArgs, config: PlatformConfig): Promise<KpiRow[]> {
  const client = await MongoClient.connect(config.MONGODB_URI, {
    directConnection: !config.MONGODB_URI.startsWith('mongodb+srv'),
  });
  try {
    const docs = await client
      .db(databaseName(config, 'evaluation'))
      .collection<{ _id: string; occurredAt: Date; json: string }>('kpi_events')
      .find({ occurredAt: { $lt: args.to } })
      .toArray();
    const events = docs.map((doc) => JSON.parse(doc.json) as TypedEnvelope);
    return computeKpis(events, { from: args.from, to: args.to }, args.groupBy, WorkingDayCalendar.default());
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  let args: KpiArgs;
  try {
    args = parseKpiArgs(process.argv.slice(2), new Date());
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(
      `${e.message}\nusage: kpis [--from ISO] [--to ISO] [--group-by authority|item|none] [--url URL] [--direct] [--json]\n`,
    );
    process.exit(2);
  }
  const config = loadConfig(PlatformConfig);
  const rows = args.direct ? await direct(args, config) : await viaHttp(args, config);
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ from: args.from.toISOString(), to: args.to.toISOString(), groupBy: args.groupBy, rows }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(
    `服务指标 Service KPIs  [${args.from.toISOString()}, ${args.to.toISOString()})  分组 group by: ${args.groupBy}\n\n`,
  );
  process.stdout.write(formatKpiTable(rows));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
