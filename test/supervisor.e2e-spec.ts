import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withServer } from './support/databases';
import { freshServiceEnvironment } from './support/test-app';

const ROOT = join(__dirname, '..');
const CLI_MAIN = join(ROOT, 'dist/cli/apps/cli/src/main.js');

interface LogLine {
  time: string;
  process: string;
  pid: number;
  msg: string;
  child?: string;
  childPid?: number;
  [key: string]: unknown;
}

/** `npm start` as it runs: the built CLI's `start` (or npm itself) with stdout a pipe, so its log is JSON lines. */
class Started {
  readonly lines: LogLine[] = [];
  /** stdout lines that are not JSON (a stray console line would break `npm start | jq`). */
  readonly notJson: string[] = [];
  private rest = '';
  readonly exited: Promise<void>;

  constructor(readonly proc: ChildProcess, readonly url: string) {
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (d: string) => {
      const parts = (this.rest + d).split('\n');
      this.rest = parts.pop()!;
      for (const l of parts) {
        if (!l.trim()) continue;
        try {
          this.lines.push(JSON.parse(l));
        } catch {
          this.notJson.push(l);
        }
      }
    });
    proc.stderr!.on('data', (d) => this.notJson.push(`stderr: ${d}`));
    this.exited = new Promise((resolve) => proc.once('exit', () => resolve()));
  }

  /** The pid of the latest `name` child the supervisor started. */
  childPid(name: string): number | undefined {
    return this.lines.filter((l) => l.process === 'cli' && l.child === name && /^Started/.test(l.msg)).at(-1)?.childPid;
  }

  supervisorPid(): number | undefined {
    return this.lines.find((l) => l.process === 'cli')?.pid;
  }
}


async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 30000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether the process runs (a zombie, exited but not yet reaped by whoever adopted it, does not). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
};

async function live(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health/live`)).ok;
  } catch {
    return false;
  }
}

/** Process supervision of `npm start` (apps/cli/src/supervisor): restarts, signals, and its JSON log. */
describe('npm start: the supervisor', () => {
  const databases: string[] = [];
  const started: Started[] = [];

  /** Starts `command`; waits for the API to be live, or with `{ live: false }` only for both children to be spawned. */
  async function start(command: string[], { live: waitLive = true } = {}): Promise<Started> {
    const { dbName, env: fresh } = await freshServiceEnvironment();
    databases.push(dbName);
    const env: Record<string, string> = { ...fresh, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), LOG_LEVEL: 'info' };
    const port = Number(env.PORT);
    const proc = spawn(command[0], command.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const s = new Started(proc, `http://127.0.0.1:${port}`);
    started.push(s);
    if (waitLive) await until('the API to be live', async () => (await live(s.url)) && s.childPid('worker'));
    else await until('the API and worker to be spawned', () => s.childPid('api') && s.childPid('worker'));
    return s;
  }

  afterAll(async () => {
    for (const s of started) {
      for (const pid of [s.childPid('api'), s.childPid('worker'), s.supervisorPid(), s.proc.pid]) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
    for (const db of databases) await withServer((c) => c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`));
  });

  it('restarts an API killed with kill -9, leaving the worker alone; stops everything on SIGTERM; logs JSON lines with ISO times and the process', async () => {
    const s = await start([process.execPath, CLI_MAIN, 'start']);
    const api1 = s.childPid('api')!;
    const worker = s.childPid('worker')!;
    expect(alive(api1) && alive(worker)).toBe(true);

    process.kill(api1, 'SIGKILL');
    const api2 = await until('a new API', () => s.childPid('api') !== api1 && s.childPid('api'));
    await until('the API to be live again', () => live(s.url));
    expect(api2).not.toBe(api1);
    expect(alive(worker)).toBe(true);
    expect(s.childPid('worker')).toBe(worker);
    expect(s.proc.exitCode).toBeNull();
    expect(s.lines.some((l) => l.process === 'cli' && l.child === 'api' && l.signal === 'SIGKILL' && l.restartInMs === 1000)).toBe(true);

    process.kill(s.proc.pid!, 'SIGTERM');
    await s.exited;
    expect(s.proc.exitCode).toBe(0);
    await until('the API and worker to exit', () => !alive(api2) && !alive(worker), 15000);

    // one JSON object per line, ISO time, the process that wrote it
    expect(s.notJson).toEqual([]);
    for (const l of s.lines) {
      expect(l.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(['cli', 'api', 'worker']).toContain(l.process);
    }
    expect(new Set(s.lines.map((l) => l.process))).toEqual(new Set(['cli', 'api', 'worker']));
    expect(s.lines.some((l) => l.process === 'api' && /ASB API listening/.test(l.msg))).toBe(true);
    expect(s.lines.some((l) => l.process === 'worker' && /ASB worker running/.test(l.msg))).toBe(true);
  }, 90000);

  it('stops the supervisor, the API and the worker when npm start itself gets SIGTERM', async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const s = await start([npm, 'start', '--ignore-scripts', '--silent']);
    const pids = [s.supervisorPid()!, s.childPid('api')!, s.childPid('worker')!];
    expect(pids.every(alive)).toBe(true);
    process.kill(s.proc.pid!, 'SIGTERM');
    await s.exited;
    await until('every process to exit', () => pids.every((p) => !alive(p)), 15000);
  }, 90000);

  it('takes its children with it when the supervisor is killed outright', async () => {
    const s = await start([process.execPath, CLI_MAIN, 'start']);
    const children = [s.childPid('api')!, s.childPid('worker')!];
    process.kill(s.proc.pid!, 'SIGKILL');
    await s.exited;
    await until('the API and worker to exit', () => children.every((p) => !alive(p)), 15000);
  }, 90000);

  it('takes its children with it when the supervisor is killed while they are still starting', async () => {
    const s = await start([process.execPath, CLI_MAIN, 'start'], { live: false });
    const children = [s.childPid('api')!, s.childPid('worker')!];
    process.kill(s.proc.pid!, 'SIGKILL');
    await s.exited;
    await until('the API and worker to exit', () => children.every((p) => !alive(p)), 15000);
    expect(await live(s.url)).toBe(false);
  }, 90000);
});
