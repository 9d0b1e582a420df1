import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './stack';
import { waitFor } from './wait';

/** Finds a free loopback port for an app under test. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * One app as a separate OS process on the real stack, as in production: it can be SIGKILLed and
 * restarted by a test. Runs the TypeScript entry with ts-node (transpile only) and path aliases.
 */
export class AppProcess {
  private child?: ChildProcess;
  readonly output: string[] = [];

  constructor(
    readonly app: string,
    readonly port: number,
    readonly env: Record<string, string>,
    /**
     * `logFile`: the child writes its output straight to this file, as a deployment's log collector
     * would take it, instead of through a pipe this process reads. Benchmarks use it: reading every
     * access-log line here would steal CPU from the load generator running in this process.
     */
    readonly options: { logFile?: string } = {},
  ) {}

  static async start(app: string, env: Record<string, string>): Promise<AppProcess> {
    const p = new AppProcess(app, await freePort(), env);
    await p.start();
    return p;
  }

  /** OS pid of the running child (for RSS sampling in the soak), undefined when not running. */
  get pid(): number | undefined {
    return this.child && this.child.exitCode === null && this.child.signalCode === null
      ? this.child.pid
      : undefined;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    const entry = join(REPO_ROOT, 'apps', this.app, 'src', 'main.ts');
    const logFile = this.options.logFile;
    let fd: number | undefined;
    if (logFile) {
      mkdirSync(dirname(logFile), { recursive: true });
      fd = openSync(logFile, 'a');
    }
    this.child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          ...this.env,
          ...extraEnv,
          PORT: String(this.port),
          TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'),
        },
        stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
      },
    );
    if (fd !== undefined) closeSync(fd); // the child holds its own copy
    // APP_LOG_DIR=<dir> keeps every line of every app under test (the in-memory tail is short).
    const logDir = process.env.APP_LOG_DIR;
    if (logDir) mkdirSync(logDir, { recursive: true });
    const keep = (d: Buffer): void => {
      if (logDir) appendFileSync(join(logDir, `${this.app}-${this.port}.log`), d);
      this.output.push(d.toString());
      if (this.output.length > 400) this.output.splice(0, 100);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const child = this.child;
    await waitFor(
      `${this.app} ready`,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${this.app} exited with ${child.exitCode}:\n${this.logs().slice(-3000)}`);
        const res = await fetch(`${this.url}/health/ready`).catch(() => undefined);
        return res?.ok === true;
      },
      60000,
      200,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${this.logs().slice(-3000)}`);
    });
  }

  /** SIGKILL: no shutdown hooks, nothing flushed — the crash case. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM: orderly shutdown (consumers stop, outbox drains, Mongo closes). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    await exited;
    clearTimeout(timer);
  }

  logs(): string {
    if (this.options.logFile) return readFileSync(this.options.logFile, 'utf8');
    return this.output.join('');
  }
}
