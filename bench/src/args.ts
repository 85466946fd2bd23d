import { parseArgs } from 'node:util';

/** The benchmark's operations, in the order they run and print. */
export const OPERATION_NAMES = ['read-case', 'record-incident', 'search-people', 'compliance-report', 'missing-assessments'] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

export interface BenchOptions {
  baseUrl: string;
  databaseUrl: string;
  /** Concurrent connections for the casework operations (read, record, search). */
  connections: number;
  /** Concurrent connections for the two reports: one person asking, unless told otherwise. */
  reportConnections: number;
  /**
   * Requests per second in total for the casework operations, spread over the
   * connections (open loop); absent, each connection sends its next request as
   * soon as the last is answered (closed loop, the most the service can do).
   */
  rate?: number;
  /** Seconds measured per operation and side (HTTP, direct). */
  duration: number;
  /** Seconds of the same load before each measurement, not counted. */
  warmup: number;
  label: string;
  operations: OperationName[];
  outDir: string;
  /** Instead of measuring: EXPLAIN (ANALYZE, BUFFERS) every statement of one call of each operation. */
  explain: boolean;
}

export const USAGE = `npm run bench -- [options]

Measures the running service over HTTP (autocannon) and the same database work
called directly through the repositories (no HTTP), operation by operation,
prints one table and writes it as JSON to bench/results/<label>-<timestamp>.json.

  --base-url URL            the running service (default http://127.0.0.1:3000)
  --database-url URL        the database that service uses (default postgres://postgres@127.0.0.1:5432/asb)
  --connections N           concurrent connections for reading a case, recording an incident
                            and searching people (default 50)
  --report-connections N    concurrent connections for the compliance report and the
                            missing-assessment list (default 1)
  --rate R                  send the casework operations at R requests per second in total over
                            their connections, to read latency at that load (default: each
                            connection sends again as soon as it is answered: the most it can do)
  --duration S              seconds measured per operation, each side (default 10)
  --warmup S                seconds of unmeasured load before each measurement (default 2)
  --label NAME              names the data size in the table and the file, e.g. 100k or 1m
                            (default: the database name)
  --ops a,b,...             a subset of: ${OPERATION_NAMES.join(', ')}
  --out DIR                 where the JSON goes (default bench/results)
  --explain                 measure nothing: print EXPLAIN (ANALYZE, BUFFERS) of every statement
                            of one call of each operation (no service needed; rolled back)
  --help                    this text`;

export class UsageError extends Error {}

/** The command line as options; a UsageError names what is wrong. */
export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'base-url': { type: 'string', default: 'http://127.0.0.1:3000' },
        'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/asb' },
        connections: { type: 'string', default: '50' },
        'report-connections': { type: 'string', default: '1' },
        rate: { type: 'string' },
        duration: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '2' },
        label: { type: 'string' },
        ops: { type: 'string' },
        out: { type: 'string', default: 'bench/results' },
        explain: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';

  const baseUrl = v['base-url']!.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw new UsageError(`--base-url must be an http:// URL, not "${baseUrl}"`);
  const databaseUrl = v['database-url']!;
  const dbName = /^postgres(?:ql)?:\/\/.+\/([^/?]+)/.exec(databaseUrl)?.[1];
  if (!dbName) throw new UsageError('--database-url must be a postgres:// URL naming a database');

  const label = v.label ?? dbName;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(label)) throw new UsageError('--label must be 1-64 letters, digits, _ . or -');

  let operations: OperationName[] = [...OPERATION_NAMES];
  if (v.ops !== undefined) {
    const asked = v.ops.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = asked.filter((o) => !(OPERATION_NAMES as readonly string[]).includes(o));
    if (unknown.length || asked.length === 0) throw new UsageError(`--ops takes some of ${OPERATION_NAMES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
    operations = OPERATION_NAMES.filter((o) => asked.includes(o));
  }

  return {
    baseUrl,
    databaseUrl,
    connections: positiveInt('--connections', v.connections!, 1000),
    reportConnections: positiveInt('--report-connections', v['report-connections']!, 1000),
    ...(v.rate === undefined ? {} : { rate: positiveInt('--rate', v.rate, 100000) }),
    duration: positiveInt('--duration', v.duration!, 3600),
    warmup: positiveInt('--warmup', v.warmup!, 600, 0),
    label,
    operations,
    outDir: v.out!,
    explain: v.explain!,
  };
}

function positiveInt(name: string, value: string, max: number, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}
