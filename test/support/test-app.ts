import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import request from 'supertest';
import { hashSecret } from '@asb/core/auth/passwords';
import type { Role } from '@asb/core/auth/roles';
import { ADMIN_EMAIL, ADMIN_PASSWORD, databaseUrl, JWT_SECRET, runId, templateDb, withServer } from './databases';
import { freePort } from './ports';

const ROOT = join(__dirname, '../..');
export const API_MAIN = join(ROOT, 'dist/api/apps/api/src/main.js');
export const WORKER_MAIN = join(ROOT, 'dist/worker/apps/worker/src/main.js');

export interface TestUser {
  id: string;
  email: string;
  organisationId: string;
  token: string;
}

export interface TestApp {
  /** The service's base URL. */
  url: string;
  /** Its own database, for fixtures and for checking what was (not) written. */
  db: Pool;
  env: Record<string, string>;
  http: () => ReturnType<typeof request>;
  /** The bootstrap admin's token. */
  adminToken: string;
  /** Organisation ids of the LLR seed by code (LEICS-POLICE, CHARNWOOD-BC, ...). */
  orgs: Record<string, string>;
  /** A user made directly in the database (a fixture, not the endpoint under test), signed in through HTTP. */
  createUser(orgCode: string, roles: Role[], name?: string): Promise<TestUser>;
  login(email: string, password: string): Promise<string>;
  /** The API's process as it runs now (to kill it in a crash test). */
  api(): ChildProcess;
  /**
   * Stops the API (SIGTERM; a process already dead, as after `kill -9`, is
   * taken as it is) and starts it again on the same port and database, with
   * `env` over the first start's environment.
   */
  restartApi(env?: Record<string, string>): Promise<void>;
  /** Starts the worker against the same database and Redis prefix. */
  startWorker(extraEnv?: Record<string, string>): Promise<ChildProcess>;
  /** Starts another API process with the same environment (database, Redis, prefix) on another port; its base URL. */
  startApi(extraEnv?: Record<string, string>): Promise<string>;
  /** What the API process has written to stdout and stderr so far (set LOG_LEVEL to see its log). */
  apiOutput(): string;
  close(): Promise<void>;
}

let counter = 0;


/** What a child started here has written to stdout and stderr so far. */
export function outputOf(child: ChildProcess): string {
  return (child as { output?: string }).output ?? '';
}

function run(main: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = child as { output?: string };
  out.output = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    out.output += d;
    if (process.env.TEST_LOGS) process.stdout.write(d);
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
    out.output += d;
  });
  child.on('exit', (code) => {
    if (code && code !== 0 && !(child as { stopping?: boolean }).stopping) console.error(`${main} exited ${code}: ${stderr}`);
  });
  return child;
}

/** Stops a child started here (SIGTERM, SIGKILL after 5 s). */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  (child as { stopping?: boolean }).stopping = true;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

async function waitUntilLive(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} before it was live`);
    try {
      const res = await fetch(`${url}/health/live`);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not become live within 20 s');
}

/**
 * A fresh database copied from the migrated template, and the service's
 * environment for it: a free port, its own Redis queue prefix, the test JWT
 * secret, quiet logs, no reference data, an outbox folder of its own, and the
 * rate limits off (the suites make many users and sign them in from 127.0.0.1;
 * a test of the limits sets its own).
 */
export async function freshServiceEnvironment(): Promise<{ dbName: string; env: Record<string, string> }> {
  // Jest loads this module afresh for each test file, so `counter` starts again at 1 in a worker that runs a
  // second file: the random part keeps that file from reusing the first one's Redis prefix (and its old jobs).
  const suffix = `${runId()}_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  const dbName = `asb_test_${suffix}`;
  await withServer((c) => c.query(`CREATE DATABASE "${dbName}" TEMPLATE "${templateDb()}"`));
  return {
    dbName,
    env: {
      NODE_ENV: 'test',
      PORT: String(await freePort()),
      DATABASE_URL: databaseUrl(dbName),
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `asb-test-${suffix}`,
      JWT_SECRET,
      LOG_LEVEL: process.env.TEST_LOGS ? 'info' : 'silent',
      SEED_REFERENCE_DATA: 'none',
      OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'asb-outbox-')),
      SIGN_IN_LIMIT_PER_ACCOUNT: '0',
      SIGN_IN_LIMIT_PER_ADDRESS: '0',
      API_LIMIT_PER_CALLER: '0',
    },
  };
}

/**
 * A fresh database copied from the migrated template, its own queue prefix,
 * and the built API started on a free port: the service exactly as it runs,
 * called through HTTP.
 */
export async function createTestApp(
  extraEnv: Record<string, string> = {},
  opts: { /** The DATABASE_URL the API and worker get, from the test's own (e.g. through a proxy). */ serviceDatabaseUrl?: (url: string) => string } = {},
): Promise<TestApp> {
  const { dbName, env: fresh } = await freshServiceEnvironment();
  const port = Number(fresh.PORT);
  const env: Record<string, string> = {
    ...fresh,
    ...extraEnv,
  };
  const url = `http://127.0.0.1:${port}`;
  const serviceEnv = opts.serviceDatabaseUrl ? { ...env, DATABASE_URL: opts.serviceDatabaseUrl(env.DATABASE_URL) } : env;
  let api = run(API_MAIN, serviceEnv);
  const children: ChildProcess[] = [api];
  const db = new Pool({ connectionString: env.DATABASE_URL, max: 3 });
  // db.end() resolves before its idle clients have closed: DROP DATABASE ... WITH (FORCE) in close() may then end
  // one (57P01), which the pool re-emits as its own 'error' and, unheard, would fail the suite after its tests passed.
  db.on('error', () => undefined);
  try {
    await waitUntilLive(url, api);
  } catch (e) {
    await stop(api);
    await db.end();
    throw e;
  }
  const http = () => request(url);

  const login = async (email: string, password: string) => {
    const res = await http().post('/api/v1/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };

  const { rows: orgRows } = await db.query<{ id: string; code: string }>(`SELECT id, code FROM organisations`);
  const orgs = Object.fromEntries(orgRows.map((o) => [o.code, o.id]));
  const passwordHash = await hashSecret('test-password-123');

  const createUser = async (orgCode: string, roles: Role[], name = 'Test User'): Promise<TestUser> => {
    const organisationId = orgs[orgCode];
    if (!organisationId) throw new Error(`no organisation ${orgCode}`);
    const email = `${roles.join('-')}.${randomBytes(4).toString('hex')}@${orgCode.toLowerCase()}.example.org`;
    const { rows } = await db.query(`INSERT INTO users (email, name, password_hash, organisation_id, roles) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [email, name, passwordHash, organisationId, roles]);
    return { id: rows[0].id, email, organisationId, token: await login(email, 'test-password-123') };
  };

  return {
    url,
    db,
    env,
    http,
    adminToken: await login(ADMIN_EMAIL, ADMIN_PASSWORD),
    orgs,
    createUser,
    login,
    api: () => api,
    async restartApi(apiEnv = {}) {
      await stop(api);
      api = run(API_MAIN, { ...serviceEnv, ...apiEnv });
      children.push(api);
      await waitUntilLive(url, api);
    },
    async startWorker(workerEnv = {}) {
      const worker = run(WORKER_MAIN, { ...serviceEnv, ...workerEnv });
      children.push(worker);
      return worker;
    },
    async startApi(apiEnv = {}) {
      const otherPort = await freePort();
      const otherUrl = `http://127.0.0.1:${otherPort}`;
      const other = run(API_MAIN, { ...env, ...apiEnv, PORT: String(otherPort) });
      children.push(other);
      await waitUntilLive(otherUrl, other);
      return otherUrl;
    },
    apiOutput: () => outputOf(api),
    async close() {
      await Promise.all(children.map(stop));
      const drift = await complianceTalliesDrift(db);
      await db.end();
      await withServer((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
      if (drift.length) throw new Error(`The compliance tallies disagree with the cases (migration 1763900001400): ${JSON.stringify(drift)}`);
    },
  };
}

/**
 * Every suite, as it closes: the compliance report's running counts agree
 * with a recomputation from the cases, whatever the suite did to them (through
 * the API or straight into the tables). None when the schema never got that far.
 */
async function complianceTalliesDrift(db: Pool): Promise<unknown[]> {
  const { rows: [{ present }] } = await db.query(`SELECT to_regprocedure('compliance_tallies_drift()') IS NOT NULL AS present`);
  return present ? (await db.query('SELECT * FROM compliance_tallies_drift() LIMIT 10')).rows : [];
}

/** Asserts the error shape of API.md. */
export function expectError(res: request.Response, status: number, code: string): void {
  if (res.status !== status || res.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  expect(typeof res.body.message).toBe('string');
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.requestId).toBe('string');
}
