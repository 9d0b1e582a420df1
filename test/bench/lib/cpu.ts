import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@app/testing';

/** Clock ticks per second of /proc's utime/stime (USER_HZ: 100 on Linux x86_64). */
const TICKS_PER_S = 100;

/** CPU seconds (user + system) a process has used so far, or undefined when it is gone. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICKS_PER_S, total: total / TICKS_PER_S };
}

/** The local stack's engine processes, from the pid files `stack.ts up` wrote. */
export function enginePids(): Record<string, number> {
  const dir = process.env.STACK_DIR ?? join(REPO_ROOT, '.stack');
  const out: Record<string, number> = {};
  for (const [name, file] of [
    ['Kafka', 'kafka.pid'],
    ['FerretDB', 'mongo.pid'],
    ['Redis', 'redis.pid'],
  ] as const) {
    const path = join(dir, file);
    if (existsSync(path)) out[name] = Number(readFileSync(path, 'utf8').trim());
  }
  return out;
}

export interface CpuSnapshot {
  at: number;
  byProcess: Record<string, number | undefined>;
  machine: { busy: number; total: number };
}

/** CPU used so far by each named process, this process (load generator + observer) and the machine. */
export function cpuSnapshot(pids: Record<string, number | undefined>): CpuSnapshot {
  const byProcess: Record<string, number | undefined> = {};
  for (const [name, pid] of Object.entries(pids)) byProcess[name] = pid ? processCpuSeconds(pid) : undefined;
  const self = process.cpuUsage();
  byProcess['load generator (bench)'] = (self.user + self.system) / 1e6;
  return { at: performance.now(), byProcess, machine: machineCpuSeconds() };
}

export interface CpuShare {
  name: string;
  coreSeconds: number;
}

/** Core-seconds each process used between two snapshots, busiest first, plus the rest of the machine. */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): { rows: CpuShare[]; busy: number; wall: number } {
  const rows: CpuShare[] = [];
  for (const [name, after] of Object.entries(b.byProcess)) {
    const before = a.byProcess[name];
    if (after !== undefined && before !== undefined) rows.push({ name, coreSeconds: after - before });
  }
  const busy = b.machine.busy - a.machine.busy;
  const named = rows.reduce((n, r) => n + r.coreSeconds, 0);
  rows.push({ name: 'everything else on the machine', coreSeconds: Math.max(0, busy - named) });
  rows.sort((x, y) => y.coreSeconds - x.coreSeconds);
  return { rows, busy, wall: (b.at - a.at) / 1000 };
}
