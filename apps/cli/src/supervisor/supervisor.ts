import { ChildProcess, spawn } from 'node:child_process';
import type { Logger } from 'pino';
import { crashesInARow, DEFAULT_RESTART_POLICY, RestartPolicy, restartDelayMs } from './restart-delay';

export interface ChildSpec {
  /** `api` or `worker`: the name in the supervisor's log lines. */
  name: string;
  /** The built entry point, run with this Node.js. */
  entry: string;
}

export interface SupervisorOptions {
  restart: RestartPolicy;
  /** How long a stop waits for the children to drain before SIGKILL. */
  shutdownTimeoutMs: number;
}

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = { restart: DEFAULT_RESTART_POLICY, shutdownTimeoutMs: 10_000 };

interface Supervised {
  spec: ChildSpec;
  process?: ChildProcess;
  startedAt: number;
  crashes: number;
  restartTimer?: NodeJS.Timeout;
}

/**
 * `npm start`'s process supervisor: runs the API and the worker as child
 * processes, restarts one that dies (with back-off, restart-delay.ts) without
 * touching the other, and on SIGTERM or SIGINT passes SIGTERM on, waits for
 * every child to drain and exit (SIGKILL after the timeout), then exits.
 *
 * The children run in their own process group (Ctrl-C at the terminal reaches
 * the supervisor only, which stops them in order) with an IPC channel: a child
 * exits by itself if the supervisor dies, even by `kill -9`.
 */
export class Supervisor {
  private readonly children: Supervised[];
  private stopping?: Promise<void>;

  constructor(
    specs: ChildSpec[],
    private readonly log: Logger,
    private readonly options: SupervisorOptions = DEFAULT_SUPERVISOR_OPTIONS,
  ) {
    this.children = specs.map((spec) => ({ spec, startedAt: 0, crashes: 0 }));
  }

  /** Starts every child and takes SIGTERM and SIGINT; the process exits once a stop is over. */
  run(): void {
    for (const child of this.children) this.spawn(child);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        this.log.info({ signal }, `${signal} received: stopping the API and the worker`);
        void this.stop().then(() => process.exit(0));
      });
    }
  }

  /** Stops every child: SIGTERM, then SIGKILL to any still running after the timeout. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const child of this.children) clearTimeout(child.restartTimer);
      const running = this.children.filter((c) => c.process && c.process.exitCode === null && c.process.signalCode === null);
      await Promise.all(running.map((c) => this.terminate(c)));
      this.log.info('Stopped');
    })();
    return this.stopping;
  }

  private spawn(child: Supervised): void {
    const proc = spawn(process.execPath, ['--enable-source-maps', child.spec.entry], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      detached: true,
    });
    child.process = proc;
    child.startedAt = Date.now();
    this.log.info({ child: child.spec.name, childPid: proc.pid }, `Started ${child.spec.name} (pid ${proc.pid})`);
    proc.on('error', (e) => this.log.error({ child: child.spec.name, err: e }, `${child.spec.name} could not be started: ${e.message}`));
    proc.on('exit', (code, signal) => {
      if (this.stopping) return;
      child.crashes = crashesInARow(child.crashes, Date.now() - child.startedAt, this.options.restart);
      const delay = restartDelayMs(child.crashes, this.options.restart);
      this.log.error(
        { child: child.spec.name, childPid: proc.pid, exitCode: code, signal, crashesInARow: child.crashes, restartInMs: delay },
        `${child.spec.name} (pid ${proc.pid}) stopped (${signal ?? `exit code ${code}`}); restarting it in ${delay} ms`,
      );
      child.restartTimer = setTimeout(() => {
        if (!this.stopping) this.spawn(child);
      }, delay);
    });
  }

  private terminate(child: Supervised): Promise<void> {
    const proc = child.process!;
    return new Promise((resolve) => {
      const killer = setTimeout(() => {
        this.log.warn({ child: child.spec.name, childPid: proc.pid }, `${child.spec.name} did not stop within ${this.options.shutdownTimeoutMs} ms: SIGKILL`);
        proc.kill('SIGKILL');
      }, this.options.shutdownTimeoutMs);
      proc.once('exit', (code, signal) => {
        clearTimeout(killer);
        this.log.info({ child: child.spec.name, childPid: proc.pid, exitCode: code, signal }, `${child.spec.name} stopped`);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }
}
