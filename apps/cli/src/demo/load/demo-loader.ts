import type { ClientBase } from 'pg';
import { caseReferenceYear, formatCaseReference } from '@asb/cases/rules/case-reference';
import type { DemoBatch, UserRow } from '../generate/rows';
import { arrayLiteral, insertPrepared, PreparedChunk, prepareRows } from './bulk-insert';
import { DEMO_TABLE_NAMES, TABLES } from './tables';

const CASES = TABLES.find((t) => t.key === 'cases')!;

/**
 * The database side of the demo load. Every batch is one transaction that
 * also records itself in the audit trail (entity type `demo_data`, by the
 * system), so a load that stopped half-way is known exactly: the batches
 * recorded are whole, the others absent. Rerun with the same options, the
 * load skips what is recorded and finishes; other options are refused.
 */
export interface DemoRun {
  seed: number;
  incidents: number;
  /** The end of the demo's history (ISO), fixed by the first run. */
  now: string;
  batchIncidents: number;
}

export interface DemoState {
  run: DemoRun | null;
  usersLoaded: boolean;
  batchesDone: Set<number>;
  complete: boolean;
}

type Step = { step: 'users' } | { step: 'batch'; batch: number; rows: Record<string, number> } | { step: 'complete'; rows: Record<string, number> };

/** One demo load per database at a time (a session advisory lock). */
export async function lockDemoLoad(client: ClientBase): Promise<boolean> {
  const [{ locked }] = (await client.query(`SELECT pg_try_advisory_lock(hashtext('asb:seed-demo')) AS locked`)).rows;
  return locked;
}

export async function readDemoState(client: ClientBase): Promise<DemoState> {
  const { rows } = await client.query<{ details: DemoRun & Step }>(
    `SELECT details FROM audit_events WHERE entity_type = 'demo_data' AND actor_kind = 'system' ORDER BY id`,
  );
  const state: DemoState = { run: null, usersLoaded: false, batchesDone: new Set(), complete: false };
  for (const { details: d } of rows) {
    state.run ??= { seed: d.seed, incidents: d.incidents, now: d.now, batchIncidents: d.batchIncidents };
    if (d.step === 'users') state.usersLoaded = true;
    if (d.step === 'batch') state.batchesDone.add(d.batch);
    if (d.step === 'complete') state.complete = true;
  }
  return state;
}

async function inTransaction<T>(client: ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    // A demo batch lost in a crash is simply loaded again: no need to wait for each commit's flush.
    await client.query('SET LOCAL synchronous_commit TO off');
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function record(client: ClientBase, run: DemoRun, step: Step): Promise<void> {
  await client.query(
    `INSERT INTO audit_events (actor_kind, action, entity_type, details) VALUES ('system', 'create', 'demo_data', $1::jsonb)`,
    [JSON.stringify({ ...run, ...step })],
  );
}

/** The demo staff, all with the one password hash. */
export async function loadUsers(client: ClientBase, run: DemoRun, users: readonly UserRow[], passwordHash: string): Promise<void> {
  await inTransaction(client, async () => {
    await client.query(
      `INSERT INTO users (id, email, name, password_hash, organisation_id, roles, created_at, updated_at)
       SELECT id, email, name, $6, organisation_id, roles::text[], created_at, created_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $7::timestamptz[]) AS t(id, email, name, organisation_id, roles, created_at)`,
      [
        users.map((u) => u.id),
        users.map((u) => u.email),
        users.map((u) => u.name),
        users.map((u) => u.organisation_id),
        users.map((u) => `{${u.roles.join(',')}}`),
        passwordHash,
        users.map((u) => u.created_at.toISOString()),
      ],
    );
    await record(client, run, { step: 'users' });
  });
}

/** A generated batch made ready to load: every statement's parameters written out. */
export interface PreparedBatch {
  index: number;
  incidents: number;
  /** The cases in order of opening: they get their references in the transaction. */
  cases: DemoBatch['cases'];
  chunks: PreparedChunk[];
  rows: Record<string, number>;
}

export async function prepareBatch(batch: DemoBatch, breathe: () => Promise<unknown>): Promise<PreparedBatch> {
  batch.cases.sort((a, b) => a.opened_at.getTime() - b.opened_at.getTime());
  const chunks: PreparedChunk[] = [];
  const rows: Record<string, number> = {};
  for (const spec of TABLES) {
    const data = batch[spec.key] as readonly object[];
    chunks.push(...(await prepareRows(spec, data, breathe)));
    rows[spec.table] = (rows[spec.table] ?? 0) + data.length;
  }
  return { index: batch.index, incidents: batch.incidents.length, cases: batch.cases, chunks, rows };
}

/**
 * Case references for the batch's cases, in order of opening: each year's
 * numbers are reserved in case_reference_counters as the service reserves
 * them (in the batch's transaction), so the service goes on numbering after
 * the demo; then written into the prepared cases statements.
 */
async function assignReferences(client: ClientBase, batch: PreparedBatch): Promise<void> {
  const byYear = new Map<number, DemoBatch['cases']>();
  for (const c of batch.cases) {
    const year = caseReferenceYear(c.opened_at);
    byYear.set(year, [...(byYear.get(year) ?? []), c]);
  }
  for (const [year, cases] of [...byYear].sort((a, b) => a[0] - b[0])) {
    const { rows } = await client.query<{ last_value: number }>(
      `INSERT INTO case_reference_counters (year, last_value) VALUES ($1, $2)
       ON CONFLICT (year) DO UPDATE SET last_value = case_reference_counters.last_value + EXCLUDED.last_value
       RETURNING last_value`,
      [year, cases.length],
    );
    const first = rows[0].last_value - cases.length + 1;
    cases.forEach((c, i) => (c.reference = formatCaseReference(year, first + i)));
  }
  const paramColumns = CASES.columns.filter((col) => !col.sql);
  const referenceParam = paramColumns.findIndex((col) => col.name === 'reference');
  let from = 0;
  for (const chunk of batch.chunks.filter((ch) => ch.spec === CASES)) {
    chunk.params[referenceParam] = arrayLiteral(batch.cases.slice(from, from + chunk.rows), paramColumns[referenceParam]);
    from += chunk.rows;
  }
}

/** One batch in one transaction; answers the rows written per table. */
export async function loadBatch(client: ClientBase, run: DemoRun, batch: PreparedBatch): Promise<Record<string, number>> {
  await inTransaction(client, async () => {
    await assignReferences(client, batch);
    // The compliance facts once for the batch's cases, not once per statement (the triggers stand aside):
    // the generator writes each case whole into one batch, so every row the facts read belongs to one of them.
    await client.query(`SET LOCAL asb.compliance_deferred = 'on'`);
    await insertPrepared(client, batch.chunks);
    await client.query('SELECT compliance_refresh($1::uuid[])', [batch.cases.map((c) => c.id)]);
    await record(client, run, { step: 'batch', batch: batch.index, rows: batch.rows });
  });
  return batch.rows;
}

export async function markComplete(client: ClientBase, run: DemoRun, rows: Record<string, number>): Promise<void> {
  await inTransaction(client, () => record(client, run, { step: 'complete', rows }));
}

/** Fresh statistics and visibility maps, as autovacuum would leave them, so the first queries plan well. */
export async function vacuumAnalyze(client: ClientBase): Promise<void> {
  await client.query(`VACUUM (ANALYZE) ${DEMO_TABLE_NAMES.join(', ')}`);
}

/** Demo totals in the database (the cheap way: the audit trail of the load). */
export async function loadedTotals(client: ClientBase): Promise<Record<string, number>> {
  const { rows } = await client.query<{ details: { rows: Record<string, number> } }>(
    `SELECT details FROM audit_events WHERE entity_type = 'demo_data' AND details->>'step' = 'batch' ORDER BY id`,
  );
  const totals: Record<string, number> = {};
  for (const r of rows) for (const [table, n] of Object.entries(r.details.rows)) totals[table] = (totals[table] ?? 0) + n;
  return totals;
}
