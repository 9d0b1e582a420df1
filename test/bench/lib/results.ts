import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One printed figure: absolute value, and when it has one, the same-run baseline and the ratio. */
export interface Figure {
  bench: string;
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline (or baseline / value for latencies, stated in `ratioMeaning`). */
  ratio?: number;
  ratioMeaning?: string;
  goal?: string;
  met?: boolean;
  note?: string;
}

export const RESULTS_DIR = join(__dirname, '..', 'results');

/** Collects the run's figures and context; written as JSON for docs/benchmarks.md. */
export class RunLog {
  readonly figures: Figure[] = [];
  readonly context: Record<string, unknown> = {};
  readonly startedAt = new Date().toISOString();

  add(f: Figure): Figure {
    this.figures.push(f);
    const base = f.baseline
      ? ` | baseline ${f.baseline.name}: ${fmtNum(f.baseline.value)} | ratio ${f.ratio === undefined ? 'n/a' : fmtNum(f.ratio, 3)}${f.ratioMeaning ? ` (${f.ratioMeaning})` : ''}`
      : '';
    const goal = f.goal ? ` | goal ${f.goal}: ${f.met ? 'MET' : 'MISSED'}` : '';
    console.log(
      `  [${f.bench}] ${f.name}: ${fmtNum(f.value)} ${f.unit}${base}${goal}${f.note ? ` — ${f.note}` : ''}`,
    );
    return f;
  }

  save(label: string): string {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${label}-${this.startedAt.replace(/[:.]/g, '-')}.json`);
    const body = JSON.stringify(
      {
        startedAt: this.startedAt,
        finishedAt: new Date().toISOString(),
        context: this.context,
        figures: this.figures,
      },
      null,
      2,
    );
    writeFileSync(file, body);
    writeFileSync(join(RESULTS_DIR, `${label}-latest.json`), body);
    return file;
  }
}

function fmtNum(n: number, digits = 2): string {
  return Number.isFinite(n) ? String(Math.round(n * 10 ** digits) / 10 ** digits) : String(n);
}

export function readArtifact<T>(name: string): T | undefined {
  const file = join(RESULTS_DIR, name);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

export function writeArtifact(name: string, value: unknown): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, name), JSON.stringify(value));
}
