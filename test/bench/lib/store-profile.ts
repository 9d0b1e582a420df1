import type { AppName, System } from '../../e2e/support/system';

export interface StoreCommandCost {
  service: AppName;
  collection: string;
  command: string;
  count: number;
  seconds: number;
}

const LINE = /^ipw_store_command_duration_seconds_(sum|count)\{([^}]*)\} ([0-9.e+-]+)$/;

/**
 * Where each service's store time went during the run, from its own
 * `ipw_store_command_duration_seconds` (see @app/observability): the profile that tells which
 * collection and command to fix first.
 */
export async function storeProfile(sys: System): Promise<StoreCommandCost[]> {
  const out = new Map<string, StoreCommandCost>();
  for (const [service, url] of Object.entries(sys.url) as Array<[AppName, string]>) {
    const res = await fetch(`${url}/metrics`).catch(() => undefined);
    if (!res?.ok) continue;
    for (const line of (await res.text()).split('\n')) {
      const m = LINE.exec(line);
      if (!m) continue;
      const labels = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1] ?? '', x[2] ?? '']),
      );
      const key = `${service}/${labels.collection}/${labels.command}`;
      const row = out.get(key) ?? {
        service,
        collection: labels.collection ?? '-',
        command: labels.command ?? '-',
        count: 0,
        seconds: 0,
      };
      if (m[1] === 'sum') row.seconds += Number(m[3]);
      else row.count += Number(m[3]);
      out.set(key, row);
    }
  }
  return [...out.values()].sort((a, b) => b.seconds - a.seconds);
}

export function printStoreProfile(rows: StoreCommandCost[], top = 15): void {
  const total = rows.reduce((a, r) => a + r.seconds, 0);
  console.log(
    `  store time by service/collection/command (top ${top} of ${rows.length}; ${total.toFixed(1)} s in all):`,
  );
  for (const r of rows.slice(0, top))
    console.log(
      `    ${((100 * r.seconds) / Math.max(total, 1e-9)).toFixed(1).padStart(5)} %  ${r.seconds.toFixed(1).padStart(7)} s  ${String(r.count).padStart(6)} × ${(
        (1000 * r.seconds) /
        Math.max(1, r.count)
      ).toFixed(1)} ms  ${r.service} ${r.collection}.${r.command}`,
    );
}
