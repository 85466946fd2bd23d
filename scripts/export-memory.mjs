#!/usr/bin/env node
/**
 * How much memory the streamed case export takes: loads N cases (default
 * 100,000, each with two incidents, a victim and an external reference) into a
 * scratch database, starts the built API against it, downloads
 * GET /api/v1/exports/cases as CSV and as NDJSON, and prints the API process's
 * resident memory before and at its peak during each download, and rows/s.
 * The scratch database is dropped at the end.
 *
 *   npm run build && node scripts/export-memory.mjs [--cases 100000] [--keep]
 *
 * Needs PostgreSQL and Redis as for `npm test` (BENCH_DATABASE_SERVER_URL,
 * default postgres://postgres@127.0.0.1:5432; REDIS_URL, default
 * redis://127.0.0.1:6379). Linux only (reads /proc/<pid>/status).
 * A measurement to read, not a test: nothing is asserted.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_URL = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const CASES = Number(arg('cases', '100000'));
const KEEP = process.argv.includes('--keep');
const DB = `asb_export_memory_${process.pid}`;
const DATABASE_URL = `${SERVER_URL}/${DB}`;
const ADMIN_PASSWORD = 'export-memory-admin-password';
const MB = 1024 * 1024;

const log = (s) => console.log(s);

function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** VmRSS (now) and VmHWM (peak since start) of a process, in bytes. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)[1]) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function withServer(work) {
  const c = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

async function load(db) {
  const started = Date.now();
  await db.query(`
    WITH n AS (SELECT array_agg(code ORDER BY code) AS codes, array_agg(default_csp_code ORDER BY code) AS csps FROM npas),
         o AS (SELECT array_agg(id ORDER BY code) AS ids FROM organisations)
    INSERT INTO cases (reference, title, category, type, postcode, npa_code, csp_code, lead_organisation_id,
                       opened_at, review_due_at, status, closed_at, close_outcome)
    SELECT 'BENCH-' || lpad(g::text, 7, '0'), 'Bench case ' || g,
           (ARRAY['personal','nuisance','environmental'])[1 + g % 3], 'other', 'LE11 3QF',
           n.codes[1 + g % cardinality(n.codes)], n.csps[1 + g % cardinality(n.codes)], o.ids[1 + g % cardinality(o.ids)],
           now() - (g % 700) * interval '1 day', now() - (g % 700) * interval '1 day' + interval '28 days',
           CASE WHEN g % 4 = 0 THEN 'closed' ELSE 'open' END,
           CASE WHEN g % 4 = 0 THEN now() END,
           CASE WHEN g % 4 = 0 THEN 'resolved' END
      FROM generate_series(1, $1::int) g, n, o`, [CASES]);
  await db.query(`
    INSERT INTO incidents (case_id, occurred_at, reported_at, description, recorded_by_kind, recorded_by_id)
    SELECT c.id, c.opened_at + k * interval '1 hour', c.opened_at + k * interval '1 hour', 'Bench incident', 'user', gen_random_uuid()
      FROM cases c, generate_series(1, 2) k`);
  await db.query(`
    WITH v AS (
      INSERT INTO people (kind, first_name, last_name, owner_organisation_id)
      SELECT 'person', 'Bench', 'Victim ' || c.reference, c.lead_organisation_id FROM cases c
      RETURNING id, last_name)
    INSERT INTO case_parties (case_id, person_id, role)
    SELECT c.id, v.id, 'victim' FROM v JOIN cases c ON 'Victim ' || c.reference = v.last_name`);
  await db.query(`INSERT INTO external_refs (entity_type, entity_id, system, value) SELECT 'case', id, 'LEGACY', reference FROM cases`);
  await db.query(`VACUUM ANALYZE`);
  return (Date.now() - started) / 1000;
}

async function waitLive(url, child) {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health/live`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not become live within 30 s');
}

/** Downloads one export, sampling the API's memory every 20 ms. */
async function download(url, token, format, pid) {
  const before = memoryOf(pid);
  let peakRss = before.rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryOf(pid).rss)), 20);
  const started = process.hrtime.bigint();
  const res = await fetch(`${url}/api/v1/exports/cases?format=${format}`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`export ${format}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const after = memoryOf(pid);
  peakRss = Math.max(peakRss, after.rss);
  const rows = format === 'csv' ? lines - 1 : lines;
  return { format, rows, bytes, seconds, before, peakRss, hwm: after.hwm };
}

async function main() {
  log(`Scratch database ${DB}: migrating and loading ${CASES.toLocaleString('en-GB')} cases ...`);
  const env = { DATABASE_URL, BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, SEED_REFERENCE_DATA: 'llr', LOG_LEVEL: 'warn' };
  await run(process.execPath, [join(ROOT, 'dist/cli/apps/cli/src/main.js'), 'setup'], env);
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  let api;
  try {
    const loadSeconds = await load(db);
    const { rows: [sizes] } = await db.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM incidents)::int AS incidents, pg_size_pretty(pg_database_size(current_database())) AS size`);
    log(`Loaded ${sizes.cases} cases, ${sizes.incidents} incidents (${sizes.size}) in ${loadSeconds.toFixed(1)} s`);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, [join(ROOT, 'dist/api/apps/api/src/main.js')], {
      env: { PATH: process.env.PATH, ...env, PORT: String(port), REDIS_URL, QUEUE_PREFIX: `asb-export-memory-${process.pid}`, JWT_SECRET: 'export-memory-secret-export-memory-secret', SEED_REFERENCE_DATA: 'none', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitLive(url, api);
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.org', password: ADMIN_PASSWORD }),
    });
    const { accessToken } = await login.json();
    // Warm up: a small export loads the code paths and the connection pools.
    await fetch(`${url}/api/v1/exports/cases?from=2999-01-01`, { headers: { Authorization: `Bearer ${accessToken}` } }).then((r) => r.text());

    log(`API pid ${api.pid}, resident ${(memoryOf(api.pid).rss / MB).toFixed(0)} MB after start-up and a warm-up request\n`);
    log('format   rows      bytes     seconds  rows/s    RSS before  RSS peak  VmHWM (peak since start)');
    for (const format of ['csv', 'ndjson']) {
      const r = await download(url, accessToken, format, api.pid);
      log(
        `${r.format.padEnd(8)} ${String(r.rows).padEnd(9)} ${(r.bytes / MB).toFixed(1).padStart(5)} MB  ${r.seconds.toFixed(2).padStart(6)}   ${Math.round(r.rows / r.seconds).toString().padEnd(8)}  ` +
          `${(r.before.rss / MB).toFixed(0).padStart(5)} MB    ${(r.peakRss / MB).toFixed(0).padStart(5)} MB  ${(r.hwm / MB).toFixed(0).padStart(5)} MB`,
      );
    }
  } finally {
    await db.end();
    if (api && api.exitCode === null) {
      await new Promise((resolve) => {
        api.once('exit', resolve);
        api.kill('SIGTERM');
        setTimeout(() => api.kill('SIGKILL'), 5000).unref();
      });
    }
    if (KEEP) log(`\nKept ${DATABASE_URL}`);
    else await withServer((c) => c.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`));
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
