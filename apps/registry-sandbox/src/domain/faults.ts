/** Fault injection for one source: what the sandbox does to a request before answering it. */
export interface FaultSettings {
  latencyMs: number;
  /** 0..1: share of requests answered with 500. */
  errorRate: number;
  /** Hold the request and never answer in time (the caller's timeout fires). */
  timeout: boolean;
  /** Full outage: every request answered 503. */
  outage: boolean;
}

export const FAULT_SOURCES = [
  'enterprise-registry',
  'e-licence',
  'identity',
  'patent-register',
  'trademark-register',
  'layout-design-register',
  'linked-processes',
] as const;
export type FaultSource = (typeof FAULT_SOURCES)[number];

export type FaultAction =
  | { kind: 'PASS'; delayMs: number }
  | { kind: 'ERROR'; status: 500 | 503; delayMs: number }
  | { kind: 'HANG' };

export function isFaultSource(s: string): s is FaultSource {
  return (FAULT_SOURCES as readonly string[]).includes(s);
}

export class FaultBoard {
  private readonly faults = new Map<FaultSource, FaultSettings>();

  set(source: FaultSource, settings: Partial<FaultSettings>): FaultSettings {
    const merged: FaultSettings = {
      latencyMs: 0,
      errorRate: 0,
      timeout: false,
      outage: false,
      ...this.faults.get(source),
      ...settings,
    };
    this.faults.set(source, merged);
    return merged;
  }

  clear(source?: FaultSource): void {
    if (source) this.faults.delete(source);
    else this.faults.clear();
  }

  list(): Array<{ source: FaultSource } & FaultSettings> {
    return [...this.faults.entries()].map(([source, f]) => ({ source, ...f }));
  }

  /** Decides what happens to one request; `random` is injectable so the rule is testable. */
  decide(source: FaultSource, random: () => number = Math.random): FaultAction {
    const f = this.faults.get(source);
    if (!f) return { kind: 'PASS', delayMs: 0 };
    if (f.outage) return { kind: 'ERROR', status: 503, delayMs: f.latencyMs };
    if (f.timeout) return { kind: 'HANG' };
    if (f.errorRate > 0 && random() < f.errorRate)
      return { kind: 'ERROR', status: 500, delayMs: f.latencyMs };
    return { kind: 'PASS', delayMs: f.latencyMs };
  }

  /** Parses SANDBOX_FAULTS, e.g. `{"identity":{"outage":true},"patent-register":{"latencyMs":800}}`. */
  static fromConfig(json: string): FaultBoard {
    const board = new FaultBoard();
    if (!json.trim()) return board;
    const parsed = JSON.parse(json) as Record<string, Partial<FaultSettings>>;
    for (const [source, settings] of Object.entries(parsed)) {
      if (!isFaultSource(source)) throw new Error(`SANDBOX_FAULTS: unknown source ${source}`);
      board.set(source, settings);
    }
    return board;
  }
}
