import { randomBytes } from 'node:crypto';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { Actor } from '@asb/core/auth/actor';
import { hashSecret } from '@asb/core/auth/passwords';
import { dataSourceOptions } from '@asb/core/database/data-source-options';

type PostgresConnectionOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/** A problem that stops the benchmark before it measures anything: said plainly, exit 1. */
export class BenchAbort extends Error {}

/** The database connection pool of the service: the same options, so the same pool size (20). */
export const SERVICE_POOL_SIZE = (dataSourceOptions('postgres://x/x') as PostgresConnectionOptions).poolSize!;

/** The URL without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** A DataSource like the service's (same options, pool of `SERVICE_POOL_SIZE`), or BenchAbort saying why not. */
export async function connectDatabase(databaseUrl: string): Promise<DataSource> {
  const base = dataSourceOptions(databaseUrl) as PostgresConnectionOptions;
  const db = new DataSource({
    ...base,
    migrations: [],
    extra: { ...base.extra, application_name: 'asb-bench', connectionTimeoutMillis: 5000 },
  });
  try {
    await db.initialize();
  } catch (e) {
    throw new BenchAbort(`Cannot reach the database ${safeUrl(databaseUrl)}: ${(e as Error).message || (e as Error).name}.\n` +
      'Give the database the service runs on with --database-url (and check PostgreSQL is running).');
  }
  const [schema]: { ok: boolean }[] = await db.query(`SELECT to_regclass('public.incidents') IS NOT NULL AND to_regclass('public.risk_assessments') IS NOT NULL AS ok`);
  if (!schema.ok) {
    await db.destroy();
    throw new BenchAbort(`Database ${safeUrl(databaseUrl)} has no ASB schema: run setup and the demo seed on it first (npm run seed:demo).`);
  }
  return db;
}

export interface DataSize {
  incidents: number;
  incidentVictims: number;
  cases: number;
  openCases: number;
  people: number;
  riskAssessments: number;
  caseReviews: number;
  auditEvents: number;
}

/** What is in the database (exact counts: the benchmark is about size). */
export async function dataSize(db: DataSource): Promise<DataSize> {
  const [r] = await db.query(
    `SELECT (SELECT count(*) FROM incidents) AS incidents,
            (SELECT count(*) FROM incident_victims) AS incident_victims,
            (SELECT count(*) FROM cases) AS cases,
            (SELECT count(*) FROM cases WHERE status = 'open') AS open_cases,
            (SELECT count(*) FROM people) AS people,
            (SELECT count(*) FROM risk_assessments) AS risk_assessments,
            (SELECT count(*) FROM case_reviews) AS case_reviews,
            (SELECT count(*) FROM audit_events) AS audit_events`,
  );
  return {
    incidents: r.incidents,
    incidentVictims: r.incident_victims,
    cases: r.cases,
    openCases: r.open_cases,
    people: r.people,
    riskAssessments: r.risk_assessments,
    caseReviews: r.case_reviews,
    auditEvents: r.audit_events,
  };
}

export interface BenchUser {
  actor: Actor;
  email: string;
  password: string;
}

/**
 * The benchmark's two users, made (or refreshed, with a new random password)
 * directly in the database: a caseworker of the organisation leading the most
 * open cases with a victim (the largest caseload, so the heaviest lists), and
 * an analyst, who sees the whole partnership's reports.
 */
export async function benchUsers(db: DataSource): Promise<{ caseworker: BenchUser; analyst: BenchUser }> {
  const [lead]: { organisation_id: string }[] = await db.query(
    `SELECT c.lead_organisation_id AS organisation_id FROM cases c
      WHERE c.status = 'open' AND EXISTS (SELECT 1 FROM case_parties cp WHERE cp.case_id = c.id AND cp.role = 'victim')
      GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
  );
  if (!lead) throw new BenchAbort('The database has no open case with a victim: seed it first (npm run seed:demo -- --incidents N).');
  const [admin]: { organisation_id: string }[] = await db.query(`SELECT organisation_id FROM users WHERE 'admin' = ANY(roles) ORDER BY created_at LIMIT 1`);
  const analystOrg = admin?.organisation_id ?? lead.organisation_id;
  return {
    caseworker: await upsertUser(db, 'bench.caseworker@example.org', 'Benchmark Caseworker', lead.organisation_id, 'caseworker'),
    analyst: await upsertUser(db, 'bench.analyst@example.org', 'Benchmark Analyst', analystOrg, 'analyst'),
  };
}

async function upsertUser(db: DataSource, email: string, name: string, organisationId: string, role: 'caseworker' | 'analyst'): Promise<BenchUser> {
  const password = randomBytes(18).toString('base64url');
  const [row]: { id: string }[] = await db.query(
    `INSERT INTO users (email, name, password_hash, organisation_id, roles) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, organisation_id = EXCLUDED.organisation_id,
                                       roles = EXCLUDED.roles, active = true, updated_at = now(),
                                       failed_sign_ins = 0, locked_until = NULL, password_change_required = false
     RETURNING id`,
    [email, name, await hashSecret(password), organisationId, [role]],
  );
  return { actor: { kind: 'user', id: row.id, organisationId, roles: [role] }, email, password };
}

/** The service answers /health/ready, or BenchAbort saying what to start. */
export async function checkService(baseUrl: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(5000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new BenchAbort(`No service answers at ${baseUrl} (${cause?.code ?? cause?.message ?? (e as Error).message}).\n` +
      'Start it first, on the same database, e.g.:\n' +
      `  npm run build && PORT=${new URL(baseUrl).port || 80} LOG_LEVEL=warn API_LIMIT_PER_CALLER=0 DATABASE_URL=... node dist/api/apps/api/src/main.js`);
  }
  if (res.status !== 200) throw new BenchAbort(`The service at ${baseUrl} is not ready (GET /health/ready answered ${res.status}: ${(await res.text()).slice(0, 300)}).`);
}

/** Signs in through the API; a refusal means the service is on another database than --database-url. */
export async function signIn(baseUrl: string, user: BenchUser, databaseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
    signal: AbortSignal.timeout(10000),
  });
  if (res.status === 401) {
    throw new BenchAbort(`The service at ${baseUrl} refused the benchmark user just made in ${safeUrl(databaseUrl)}: ` +
      'it must be running on another database. Start it with DATABASE_URL set to the --database-url given here.');
  }
  if (res.status !== 200) throw new BenchAbort(`Signing in at ${baseUrl} failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
