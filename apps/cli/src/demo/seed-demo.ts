import { Client } from 'pg';
import { setImmediate as breathe } from 'node:timers/promises';
import type { AppConfig } from '@asb/core/config/app-config';
import { generateSecret, hashSecret } from '@asb/core/auth/passwords';
import { LLR_ORGANISATIONS } from '@asb/organisations/reference-data/llr';
import { setup } from '../setup';
import { fakerVocabulary } from './faker-vocabulary';
import { DAY, startOfDay } from './generate/calendar';
import { DEFAULT_BATCH_INCIDENTS, DemoGenerator } from './generate/generator';
import { demoEmail } from './generate/users';
import { DemoRun, loadBatch, loadedTotals, loadUsers, lockDemoLoad, markComplete, prepareBatch, readDemoState, vacuumAnalyze } from './load/demo-loader';
import { ArgsError, parseSeedDemoArgs, SeedDemoArgs } from './seed-demo-args';

/**
 * `seed-demo`: a realistic LLR partnership of the given number of incidents
 * (generate/), loaded through PostgreSQL's bulk path (load/): multi-row
 * INSERT ... SELECT FROM unnest, one transaction per batch, the next batch
 * generated while the last one loads. Answers the process's exit code.
 */
export async function seedDemo(config: AppConfig, argv: string[], log: (s: string) => void = console.log): Promise<number> {
  let args: SeedDemoArgs;
  try {
    args = parseSeedDemoArgs(argv, new Date());
  } catch (e) {
    if (e instanceof ArgsError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  const where = safeUrl(config.databaseUrl);
  try {
    await setup(config, log);
  } catch (e) {
    console.error(`${unreachable(e) ? 'Cannot reach' : 'Cannot prepare'} the database at ${where}: ${describe(e)}`);
    return 1;
  }
  const client = new Client({ connectionString: config.databaseUrl, application_name: 'asb-seed-demo' });
  try {
    await client.connect();
  } catch (e) {
    console.error(`Cannot reach the database at ${where}: ${describe(e)}`);
    return 1;
  }
  try {
    return await load(client, config, args, where, log);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function load(client: Client, config: AppConfig, args: SeedDemoArgs, where: string, log: (s: string) => void): Promise<number> {
  if (!(await lockDemoLoad(client))) {
    console.error(`Another demo load is running on ${where}; wait for it to finish.`);
    return 1;
  }
  const state = await readDemoState(client);
  let run: DemoRun;
  if (state.run) {
    const r = state.run;
    const same = r.seed === args.seed && r.incidents === args.incidents
      && (args.now === null || args.now.toISOString() === r.now)
      && (args.batchIncidents === null || args.batchIncidents === r.batchIncidents);
    if (!same) {
      console.error(
        `${where} already holds demo data (--incidents ${r.incidents} --seed ${r.seed}, history to ${r.now.slice(0, 10)}${state.complete ? '' : `, ${state.batchesDone.size} batch(es) loaded so far`}). ` +
          `Demo data is loaded once per database: ${state.complete ? '' : 'rerun with those options to finish it, or '}load into a fresh database, ` +
          `e.g. DATABASE_URL=${freshUrl(config.databaseUrl)} npm run seed:demo -- --incidents ${args.incidents}`,
      );
      return 1;
    }
    if (state.complete) {
      log(`${where} already holds this demo data (complete); nothing to do.`);
      printTotals(await loadedTotals(client), log);
      return 0;
    }
    run = r;
    log(`Resuming the demo load: ${state.batchesDone.size} batch(es) already loaded are skipped.`);
  } else {
    run = {
      seed: args.seed,
      incidents: args.incidents,
      now: new Date(args.now?.getTime() ?? startOfDay(Date.now())).toISOString(),
      batchIncidents: args.batchIncidents ?? DEFAULT_BATCH_INCIDENTS,
    };
  }

  const organisations = await llrOrganisations(client);
  if (!organisations) {
    console.error(`The demo needs the LLR organisations of the reference data in ${where}: set SEED_REFERENCE_DATA=llr (the default).`);
    return 1;
  }
  const generator = new DemoGenerator({
    seed: run.seed,
    incidents: run.incidents,
    now: new Date(run.now),
    organisations,
    vocabulary: await fakerVocabulary(run.seed),
    batchIncidents: run.batchIncidents,
    reviewDays: config.policy.supervisoryReviewDays,
    limits: config.policy,
    persistentDays: config.policy.persistentIncidentDays,
  });
  log(`Loading ${run.incidents.toLocaleString('en-GB')} incidents (seed ${run.seed}, history from ${new Date(Date.parse(run.now) - 3 * 365 * DAY).toISOString().slice(0, 10)} to ${run.now.slice(0, 10)}) into ${where}`);

  let password: string | null = null;
  if (!state.usersLoaded) {
    password = args.password ?? generateSecret(12);
    await loadUsers(client, run, generator.staff.users, await hashSecret(password));
  }

  const started = Date.now();
  let rows = 0;
  let incidents = 0;
  let loadedNow = 0;
  let failure: { batch: number; error: unknown } | null = null;
  let pending: Promise<void> = Promise.resolve();
  let steps = 0;
  let lastLog = 0;
  for (const batch of generator.cases()) {
    // Let the batch in flight move on to its next statement while this one is being generated.
    if (++steps % 32 === 0) await breathe();
    if (failure) break;
    if (!batch) continue;
    if (state.batchesDone.has(batch.index)) {
      incidents += batch.incidents.length;
      continue;
    }
    // Written out while the batch before it is still loading.
    const prepared = await prepareBatch(batch, breathe);
    await pending;
    if (failure) break;
    pending = loadBatch(client, run, prepared).then(
      (written) => {
        loadedNow += prepared.incidents;
        incidents += prepared.incidents;
        rows += Object.values(written).reduce((s, n) => s + n, 0);
        const s = (Date.now() - started) / 1000;
        if (Date.now() - lastLog > 2000 || incidents === run.incidents) {
          lastLog = Date.now();
          log(`  batch ${prepared.index}: ${incidents.toLocaleString('en-GB')} / ${run.incidents.toLocaleString('en-GB')} incidents, ${rows.toLocaleString('en-GB')} rows, ` +
            `${Math.round(loadedNow / s).toLocaleString('en-GB')} incidents/s, ${Math.round(rows / s).toLocaleString('en-GB')} rows/s`);
        }
      },
      (error) => {
        failure = { batch: prepared.index, error };
      },
    );
  }
  await pending;
  if (failure) {
    const f = failure as { batch: number; error: unknown };
    console.error(`The demo load stopped in batch ${f.batch} (rolled back, nothing of it was written): ${describe(f.error)}\n` +
      `The batches before it are loaded; run the same command again to finish.`);
    return 1;
  }
  const seconds = (Date.now() - started) / 1000;
  const totals = await loadedTotals(client);
  await markComplete(client, run, totals);
  log(`Loaded ${loadedNow.toLocaleString('en-GB')} incidents in ${seconds.toFixed(1)} s: ${Math.round(loadedNow / seconds).toLocaleString('en-GB')} incidents/s, ` +
    `${Math.round(rows / seconds).toLocaleString('en-GB')} rows/s.`);
  const vacuumStarted = Date.now();
  await vacuumAnalyze(client);
  log(`VACUUM ANALYZE of the demo tables: ${((Date.now() - vacuumStarted) / 1000).toFixed(1)} s.`);
  printTotals(totals, log);
  printUsers(generator, password, log);
  return 0;
}

async function llrOrganisations(client: Client): Promise<Record<string, string> | null> {
  const codes = LLR_ORGANISATIONS.map((o) => o.code);
  const { rows } = await client.query<{ id: string; code: string }>(`SELECT id, code FROM organisations WHERE code = ANY($1::text[])`, [codes]);
  return rows.length === codes.length ? Object.fromEntries(rows.map((r) => [r.code, r.id])) : null;
}

function printTotals(totals: Record<string, number>, log: (s: string) => void): void {
  log(`Demo rows: ${Object.entries(totals).map(([t, n]) => `${t} ${n.toLocaleString('en-GB')}`).join(', ')}.`);
}

function printUsers(generator: DemoGenerator, password: string | null, log: (s: string) => void): void {
  const orgs = [...generator.staff.byOrganisation.entries()];
  log(`Demo users, per organisation: caseworkerN@, supervisorN@ and analyst@<code>.demo.example.org, e.g. ${demoEmail('caseworker', 1, orgs[0][0])}, ` +
    `${demoEmail('supervisor', 1, orgs[0][0])}, ${demoEmail('analyst', null, orgs[0][0])}:`);
  for (const [code, s] of orgs) log(`  ${code}: ${s.caseworkers.length} caseworkers, ${s.supervisors.length} supervisors, 1 analyst`);
  log(password ? `Their password: ${password}` : 'Their password is the one printed by the run that created them.');
}

/** The URL without its password. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}

function freshUrl(url: string): string {
  try {
    const u = new URL(url);
    u.pathname = `${u.pathname.replace(/\/$/, '')}_demo`;
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://...';
  }
}

/** A network or sign-in failure, as opposed to a failure inside a reachable database. */
function unreachable(e: unknown): boolean {
  const err = (e instanceof AggregateError && e.errors.length ? e.errors[0] : e) as { code?: string };
  return ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN', '28P01', '28000'].includes(err?.code ?? '');
}

function describe(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length) return describe(e.errors[0]);
  const err = e as { message?: string; code?: string; detail?: string };
  const message = err?.message || err?.code || String(e);
  return err?.detail ? `${message} (${err.detail})` : message;
}
