import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { BenchOptions, parseBenchArgs, USAGE, UsageError } from './args';
import { BenchAbort, BenchUser, benchUsers, checkService, connectDatabase, dataSize, DataSize, safeUrl, SERVICE_POOL_SIZE, signIn } from './environment';
import { runDirect, runHttp, RunResult } from './load';
import { ExplainedStatement, explainingTransaction, formatExplained } from './explain';
import { buildOperation, Operation, OperationContext, Transaction } from './operations';
import { round } from './stats';

/**
 * npm run bench: the service over HTTP against the same database work done
 * directly, operation by operation (issue 7). See bench/README.md.
 */

interface OperationResult {
  name: string;
  title: string;
  sample: string;
  http: RunResult;
  direct: RunResult;
  /** HTTP throughput as a share of the direct ceiling. */
  httpToDirect: number;
}

interface BenchResult {
  label: string;
  startedAt: string;
  finishedAt: string;
  options: Omit<BenchOptions, 'databaseUrl'> & { databaseUrl: string; poolSize: number };
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; loadavgBefore: number[]; loadavgAfter: number[] };
  postgres: { version: string; settings: Record<string, string> };
  commit: string | null;
  data: DataSize;
  operations: OperationResult[];
}

const log = (s: string) => process.stderr.write(`${s}\n`);

async function measure(op: Operation, o: BenchOptions, token: string): Promise<OperationResult> {
  const http = (seconds: number) => runHttp({ baseUrl: o.baseUrl, token, connections: op.connections, rate: op.rate, seconds, call: op.http });
  const direct = (seconds: number) => runDirect({ connections: op.connections, rate: op.rate, seconds, call: op.direct });
  log(`${op.title} (${op.connections} connection${op.connections > 1 ? 's' : ''}${op.rate ? ` at ${op.rate} req/s in total` : ''}; ${op.sample})`);
  if (o.warmup) await http(o.warmup);
  const h = await http(o.duration);
  log(`  HTTP    ${h.rps} req/s, p50 ${h.latency.p50} ms, p99 ${h.latency.p99} ms${h.errors ? `, ${h.errors} errors (${h.firstError})` : ''}`);
  if (o.warmup) await direct(o.warmup);
  const d = await direct(o.duration);
  log(`  direct  ${d.rps} req/s, p50 ${d.latency.p50} ms, p99 ${d.latency.p99} ms${d.errors ? `, ${d.errors} errors (${d.firstError})` : ''}`);
  return { name: op.name, title: op.title, sample: op.sample, http: h, direct: d, httpToDirect: round(h.rps / d.rps, 2) };
}

export function formatTable(r: Pick<BenchResult, 'label' | 'data' | 'options' | 'operations'>): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  const lines = [
    `${r.label}: ${n(r.data.incidents)} incidents, ${n(r.data.cases)} cases (${n(r.data.openCases)} open), ${n(r.data.people)} people; ` +
      `${r.options.duration} s per measurement after ${r.options.warmup} s warm-up; pool ${r.options.poolSize}`,
    '',
    '| operation | conns | HTTP req/s | HTTP p50 ms | HTTP p99 ms | direct req/s | direct p50 ms | direct p99 ms | HTTP / direct | errors |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...r.operations.map((o) =>
      `| ${o.title} | ${o.http.connections}${o.http.rate ? ` @ ${o.http.rate}/s` : ''} | ${o.http.rps} | ${o.http.latency.p50} | ${o.http.latency.p99} | ${o.direct.rps} | ${o.direct.latency.p50} | ${o.direct.latency.p99} | ${o.httpToDirect.toFixed(2)} | ${o.http.errors + o.direct.errors} |`,
    ),
  ];
  return lines.join('\n');
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function operationContext(db: DataSource, users: { caseworker: BenchUser; analyst: BenchUser }, o: BenchOptions, transaction: Transaction): OperationContext {
  const today = new Date();
  return {
    db,
    transaction,
    caseworker: users.caseworker.actor,
    analyst: users.analyst.actor,
    connections: o.connections,
    rate: o.rate,
    reportConnections: o.reportConnections,
    reportPeriod: { from: new Date(today.getTime() - 30 * 86_400_000).toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) },
  };
}

/** --explain: the plans of one call of each operation, after one call to warm the caches; nothing is kept. */
async function explain(db: DataSource, o: BenchOptions): Promise<number> {
  const users = await benchUsers(db);
  const data = await dataSize(db);
  console.log(`${o.label}: ${data.incidents} incidents, ${data.cases} cases (${data.openCases} open), ${data.people} people\n`);
  for (const name of o.operations) {
    const sink: ExplainedStatement[] = [];
    const warm = await buildOperation(name, operationContext(db, users, o, explainingTransaction(db, [])));
    await warm.direct(1);
    const op = await buildOperation(name, operationContext(db, users, o, explainingTransaction(db, sink)));
    await op.direct(1);
    console.log(`${formatExplained(op.title, sink)}\n`);
  }
  return 0;
}

async function run(o: BenchOptions): Promise<number> {
  let db: DataSource | undefined;
  try {
    db = await connectDatabase(o.databaseUrl);
    if (o.explain) return await explain(db, o);
    await checkService(o.baseUrl);
    log(`Counting the data in ${safeUrl(o.databaseUrl)} ...`);
    const data = await dataSize(db);
    const users = await benchUsers(db);
    const caseworkerToken = await signIn(o.baseUrl, users.caseworker, o.databaseUrl);
    const analystToken = await signIn(o.baseUrl, users.analyst, o.databaseUrl);
    const ctx = operationContext(db, users, o, (iso, work) => db!.transaction(iso, work));
    const [pg]: { version: string }[] = await db.query(`SELECT version()`);
    const settings: { name: string; setting: string; unit: string | null }[] = await db.query(
      `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_connections', 'jit', 'random_page_cost', 'max_parallel_workers_per_gather') ORDER BY name`,
    );
    const startedAt = new Date().toISOString();
    const loadavgBefore = loadavg().map((x) => round(x));
    if (loadavgBefore[0] >= cpus().length) {
      log(`Warning: the machine is busy (load average ${loadavgBefore.join(', ')} on ${cpus().length} CPUs): the figures will be lower than on a quiet machine.`);
    }

    const operations: OperationResult[] = [];
    for (const name of o.operations) {
      const op = await buildOperation(name, ctx);
      const token = name === 'compliance-report' ? analystToken : caseworkerToken;
      operations.push(await measure(op, o, token));
    }

    const result: BenchResult = {
      label: o.label,
      startedAt,
      finishedAt: new Date().toISOString(),
      options: { ...o, databaseUrl: safeUrl(o.databaseUrl), poolSize: SERVICE_POOL_SIZE },
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: round(totalmem() / 2 ** 30, 1),
        node: process.version,
        loadavgBefore,
        loadavgAfter: loadavg().map((x) => round(x)),
      },
      postgres: { version: pg.version, settings: Object.fromEntries(settings.map((s) => [s.name, `${s.setting}${s.unit ? ` ${s.unit}` : ''}`])) },
      commit: gitCommit(),
      data,
      operations,
    };
    mkdirSync(o.outDir, { recursive: true });
    const file = join(o.outDir, `${o.label}-${startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\n${formatTable(result)}\n`);
    log(`Saved ${resolve(file)}`);
    const failed = operations.filter((r) => r.http.errors + r.direct.errors > 0);
    if (failed.length) {
      log(`Errors in ${failed.map((f) => f.title).join(', ')}: ${failed.map((f) => f.http.firstError ?? f.direct.firstError).join('; ')}`);
      return 1;
    }
    return 0;
  } finally {
    await db?.destroy();
  }
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  try {
    process.exitCode = await run(options);
  } catch (e) {
    if (e instanceof BenchAbort) {
      console.error(`bench: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
