import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { databaseUrl, runId, templateDb, withServer } from './support/databases';
import { createTestApp, TestApp } from './support/test-app';

const CLI_MAIN = join(__dirname, '../dist/cli/apps/cli/src/main.js');
const PASSWORD = 'demo-password-123';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `main.js seed-demo` with only the given environment. */
function start(databaseUrl: string, args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [CLI_MAIN, 'seed-demo', ...args], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, JWT_SECRET: 'x'.repeat(40) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

const seed = (databaseUrl: string, ...args: string[]) => start(databaseUrl, args).done;

/** A day some weeks back: the demo's history ends there, so by now some of its casework has fallen overdue. */
function weeksAgo(weeks: number): string {
  return new Date(Date.now() - weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

async function one<T>(db: { query: (sql: string, params?: unknown[]) => Promise<{ rows: T[] }> }, sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query(sql, params)).rows[0];
}

/** What a demo load wrote, condensed: the same digest means the same rows, ids and references. */
const DIGEST = `SELECT
  (SELECT md5(string_agg(id::text || reference || review_due_at::text || status, ',' ORDER BY id)) FROM cases) AS cases,
  (SELECT md5(string_agg(id::text || occurred_at::text, ',' ORDER BY id)) FROM incidents) AS incidents,
  (SELECT md5(string_agg(id::text || answers::text || is_current::text, ',' ORDER BY id)) FROM risk_assessments) AS assessments,
  (SELECT md5(string_agg(id::text || coalesce(display_name, ''), ',' ORDER BY id)) FROM people) AS people,
  (SELECT md5(string_agg(id::text || status, ',' ORDER BY id)) FROM interventions) AS interventions,
  (SELECT md5(string_agg(id::text || status || reasons::text, ',' ORDER BY id)) FROM jag_referrals) AS jag,
  (SELECT md5(string_agg(meeting_id::text || referral_id::text, ',' ORDER BY meeting_id, referral_id)) FROM jag_meeting_referrals) AS jag_meetings,
  (SELECT md5(string_agg(year || ':' || last_value, ',' ORDER BY year)) FROM case_reference_counters) AS counters`;

describe('seed-demo: demo data through the bulk path', () => {
  let t: TestApp;
  const until = weeksAgo(4);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    [['--incidents', '-5'], /--incidents must be a whole number from 1 to 10,000,000 \(got "-5"\)/],
    [['--incidents', '0'], /--incidents must be a whole number from 1 to 10,000,000 \(got "0"\)/],
    [['--incidents', 'many'], /--incidents must be a whole number/],
    [['--incidents', '999999999'], /--incidents must be a whole number from 1 to 10,000,000/],
    [[], /--incidents is required/],
  ])('refuses %j with a message and exit code 2, writing nothing', async (args, message) => {
    const run = await seed(t.env.DATABASE_URL, ...(args as string[]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message as RegExp);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const { n } = await one<{ n: number }>(t.db, `SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM audit_events WHERE entity_type = 'demo_data') AS n`);
    expect(Number(n)).toBe(0);
  });

  it('says when the database cannot be reached, with exit code 1', async () => {
    const run = await seed('postgres://postgres:secret@127.0.0.1:1/asb_nowhere', '--incidents', '10');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Cannot reach the database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/asb_nowhere: connect ECONNREFUSED/m);
    expect(run.stderr).not.toContain('secret');
  });

  describe('500 incidents', () => {
    let run: Run;
    beforeAll(async () => {
      run = await seed(t.env.DATABASE_URL, '--incidents', '500', '--seed', '3', '--password', PASSWORD, '--now', until, '--batch', '100');
    }, 120_000);

    it('loads them in batches, printing progress, the rate and the totals', async () => {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Loaded 500 incidents in [\d.]+ s: [\d,]+ incidents\/s, [\d,]+ rows\/s\./);
      expect(run.stdout).toMatch(/Demo rows: .*incidents 500\b/);
      expect(run.stdout).toContain(`Their password: ${PASSWORD}`);
      const counts = await one<Record<string, string>>(
        t.db,
        `SELECT (SELECT count(*) FROM incidents) AS incidents, (SELECT count(*) FROM cases) AS cases, (SELECT count(DISTINCT reference) FROM cases) AS refs,
                (SELECT count(*) FROM audit_events WHERE entity_type = 'demo_data' AND details->>'step' = 'batch') AS batches,
                (SELECT max(occurred_at) FROM incidents) AS latest`,
      );
      expect(Number(counts.incidents)).toBe(500);
      expect(Number(counts.refs)).toBe(Number(counts.cases));
      expect(Number(counts.batches)).toBeGreaterThanOrEqual(5);
      expect(new Date(counts.latest).getTime()).toBeLessThanOrEqual(Date.parse(`${until}T00:00:00Z`));
    });

    it('keeps the rules the service keeps: reference counters, one current assessment per subject, review dates, victims before incidents', async () => {
      const broken = await one<Record<string, string>>(
        t.db,
        `SELECT
           (SELECT count(*) FROM case_reference_counters k
             WHERE k.last_value <> (SELECT max(substr(reference, 10)::int) FROM cases WHERE substr(reference, 5, 4)::int = k.year)) AS counters,
           (SELECT count(*) FROM (SELECT 1 FROM risk_assessments GROUP BY case_id, subject, person_id HAVING count(*) FILTER (WHERE is_current) <> 1) x) AS current,
           (SELECT count(*) FROM cases c WHERE c.review_due_at <> greatest(
              coalesce((SELECT max(reviewed_at) FROM case_reviews r WHERE r.case_id = c.id AND r.decision <> 'close'), c.opened_at),
              coalesce(c.reopened_at, c.opened_at)) + interval '28 days') AS review_due,
           (SELECT count(*) FROM cases c WHERE c.status = 'closed' AND NOT EXISTS (
              SELECT 1 FROM case_reviews r WHERE r.case_id = c.id AND r.decision = 'close' AND r.reviewed_at = c.closed_at AND r.outcome = c.close_outcome)) AS closing,
           (SELECT count(*) FROM incident_victims iv JOIN incidents i ON i.id = iv.incident_id
              LEFT JOIN case_parties p ON p.case_id = i.case_id AND p.person_id = iv.person_id AND p.role = 'victim'
             WHERE p.person_id IS NULL OR p.added_at > i.created_at OR iv.occurred_at <> i.occurred_at) AS victims`,
      );
      expect(Object.fromEntries(Object.entries(broken).map(([k, v]) => [k, Number(v)]))).toEqual({ counters: 0, current: 0, review_due: 0, closing: 0, victims: 0 });
    });

    it('lets a demo user sign in and work: the cases their organisation can see, a case with its victims', async () => {
      const token = await t.login('caseworker1@leics-police.demo.example.org', PASSWORD);
      const auth = { Authorization: `Bearer ${token}` };
      const police = t.orgs['LEICS-POLICE'];
      const res = await t.http().get('/api/v1/cases?limit=20').set(auth);
      expect(res.status).toBe(200);
      const { rows: expected } = await t.db.query<{ id: string; reference: string }>(
        `SELECT id, reference FROM cases c
          WHERE c.lead_organisation_id = $1 OR EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = c.id AND s.organisation_id = $1)
          ORDER BY opened_at DESC, id DESC LIMIT 20`,
        [police],
      );
      expect(expected.length).toBe(20);
      expect(res.body.items.map((c: { id: string; reference: string }) => [c.id, c.reference])).toEqual(expected.map((c) => [c.id, c.reference]));

      const victimCase = await one<{ case_id: string; victims: string }>(
        t.db,
        `SELECT p.case_id, count(*) AS victims FROM case_parties p JOIN cases c ON c.id = p.case_id
          WHERE p.role = 'victim' AND c.lead_organisation_id = $1 GROUP BY p.case_id ORDER BY count(*) DESC, p.case_id LIMIT 1`,
        [police],
      );
      const detail = await t.http().get(`/api/v1/cases/${victimCase.case_id}`).set(auth);
      expect(detail.status).toBe(200);
      expect(detail.body.victims).toHaveLength(Number(victimCase.victims));
      for (const v of detail.body.victims) {
        const { n } = await one<{ n: string }>(t.db, `SELECT count(*) AS n FROM incident_victims WHERE person_id = $1 AND occurred_at BETWEEN now() - interval '12 months' AND now()`, [v.personId]);
        expect(v.repeatVictim).toEqual({ isRepeat: Number(n) >= 2, incidentsLast12Months: Number(n) });
      }
    });

    it('gives the partnership a compliance report with casework out of compliance, as counted in the database', async () => {
      const token = await t.login('analyst@leics-police.demo.example.org', PASSWORD);
      const counts = () =>
        one<Record<string, string>>(
          t.db,
          `SELECT count(*) AS open, count(*) FILTER (WHERE review_due_at < now()) AS overdue FROM cases WHERE status = 'open'`,
        );
      const before = await counts();
      const res = await t.http().get('/api/v1/reports/compliance').set({ Authorization: `Bearer ${token}` });
      const after = await counts();
      expect(res.status).toBe(200);
      const r = res.body;
      expect(r.supervisoryReviews.openCases).toBe(Number(before.open));
      expect(r.supervisoryReviews.overdue).toBeGreaterThanOrEqual(Number(before.overdue));
      expect(r.supervisoryReviews.overdue).toBeLessThanOrEqual(Number(after.overdue));
      expect(r.supervisoryReviews.overdue).toBeGreaterThan(0);
      expect(r.riskAssessments.casesNonCompliant).toBeGreaterThan(0);
      expect(r.victimUpdates.victims).toBeGreaterThan(0);
      const { n } = await one<{ n: string }>(t.db, `SELECT count(*) AS n FROM interventions WHERE status <> 'withdrawn'`);
      expect(r.incrementalApproach.interventions).toBe(Number(n));
      expect(Number(n)).toBeGreaterThan(0);
    });

    it('does nothing when run again, and refuses other options on the same database', async () => {
      const digest = await one(t.db, DIGEST);
      const again = await seed(t.env.DATABASE_URL, '--incidents', '500', '--seed', '3', '--now', until, '--batch', '100');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('already holds this demo data (complete); nothing to do');
      const other = await seed(t.env.DATABASE_URL, '--incidents', '500', '--seed', '4');
      expect(other.code).toBe(1);
      expect(other.stderr).toMatch(/already holds demo data \(--incidents 500 --seed 3, history to \d{4}-\d\d-\d\d\)\. Demo data is loaded once per database: load into a fresh database/);
      expect(await one(t.db, DIGEST)).toEqual(digest);
    });
  });

  it('a load stopped half-way keeps whole batches only, and a rerun finishes it as if it had never stopped', async () => {
    const names = [`asb_test_${runId()}_${process.pid}_demo_a`, `asb_test_${runId()}_${process.pid}_demo_b`];
    await withServer(async (c) => {
      for (const name of names) await c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDb()}"`);
    });
    const [stopped, straight] = names.map(databaseUrl);
    const blocker = new Client({ connectionString: stopped });
    const watcher = new Client({ connectionString: stopped });
    await blocker.connect();
    await watcher.connect();
    try {
      const args = ['--incidents', '1500', '--seed', '5', '--password', PASSWORD, '--now', until, '--batch', '100'];
      // Hold the reference counter of the year before last (a whole year of the three of history): the load
      // stops at the first batch that numbers a case opened in it, with the batches before it committed.
      const year = Number(until.slice(0, 4)) - 1;
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO case_reference_counters (year, last_value) VALUES ($1, 0)`, [year]);
      const first = start(stopped, args);
      let waiting = false;
      for (let i = 0; i < 600 && !waiting; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const { rows } = await watcher.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'asb-seed-demo' AND wait_event_type = 'Lock'`);
        waiting = rows.length > 0;
      }
      expect(waiting).toBe(true);
      // The process dies, and its session with it (as when the machine or the database restarts).
      first.child.kill('SIGKILL');
      await first.done;
      await watcher.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'asb-seed-demo' AND datname = current_database()`);
      for (let i = 0; i < 100; i++) {
        const { rows } = await watcher.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'asb-seed-demo' AND datname = current_database()`);
        if (rows.length === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await blocker.query('ROLLBACK');

      const partial = await one<{ batches: string; incidents: string; recorded: string }>(
        watcher,
        `SELECT (SELECT count(*) FROM audit_events WHERE entity_type = 'demo_data' AND details->>'step' = 'batch') AS batches,
                (SELECT count(*) FROM incidents) AS incidents,
                (SELECT coalesce(sum((details->'rows'->>'incidents')::int), 0) FROM audit_events WHERE entity_type = 'demo_data' AND details->>'step' = 'batch') AS recorded`,
      );
      expect(Number(partial.batches)).toBeGreaterThan(0);
      expect(Number(partial.incidents)).toBeLessThan(1500);
      expect(Number(partial.incidents)).toBe(Number(partial.recorded));

      const resumed = await seed(stopped, ...args);
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toMatch(new RegExp(`Resuming the demo load: ${partial.batches} batch\\(es\\) already loaded are skipped`));
      expect(resumed.stdout).toContain('Their password is the one printed by the run that created them.');
      const whole = await seed(straight, ...args);
      expect(whole.code).toBe(0);

      const b = new Client({ connectionString: straight });
      await b.connect();
      try {
        const [x, y] = [await one(watcher, DIGEST), await one(b, DIGEST)];
        expect(x).toEqual(y);
        expect(Number((await one<{ n: string }>(watcher, 'SELECT count(*) AS n FROM incidents')).n)).toBe(1500);
      } finally {
        await b.end();
      }
    } finally {
      await blocker.end();
      await watcher.end();
      await withServer(async (c) => {
        for (const name of names) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    }
  }, 180_000);
});
