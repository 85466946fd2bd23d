/**
 * The one place that tells "a dependency cannot be reached" from every other
 * error. Such an error becomes 503 UNAVAILABLE with Retry-After (never 401 or
 * 500), and the log says it once (DependencyMonitor). Pure: no Nest, no drivers.
 */

export type Dependency = 'postgres' | 'redis';

/** What a 503 for a dependency that is away tells the caller to wait, in seconds. */
export const RETRY_AFTER_SECONDS = 5;

/** Socket errors of a connection that cannot be made or was lost. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that is away or refuses connections: class 08
 * (connection exception), 57P01-57P03 (admin shutdown, crash shutdown, cannot
 * connect now: starting up or shutting down), 53300 (too many connections).
 */
function isUnreachableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** node-postgres and pg-pool messages of a connection that could not be made or was lost. */
const POSTGRES_MESSAGES = [
  /^Connection terminated/i, // 'Connection terminated unexpectedly', '... due to connection timeout'
  /timeout exceeded when trying to connect/i, // pg-pool connectionTimeoutMillis
  /Client has encountered a connection error and is not queryable/i,
  /^Client was closed and is not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
];

/** ioredis and BullMQ errors of a connection that is closed, offline or out of retries. */
const REDIS_NAMES = new Set(['MaxRetriesPerRequestError', 'ConnectionClosedError']);
const REDIS_MESSAGES = [
  /^Connection is closed\.?$/i, // ioredis, BullMQ
  /enableOfflineQueue options? is false/i, // "Stream isn't writeable and enableOfflineQueue options is false"
  /^Command aborted due to connection close/i,
  /Reached the max retries per request limit/i,
  /^Command timed out$/i, // ioredis commandTimeout
];

/** The error, its `cause`, TypeORM's `driverError` and an AggregateError's parts (node's connect to ::1 and 127.0.0.1). */
function* chain(e: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 5 || e === null || typeof e !== 'object') return;
  const err = e as Record<string, unknown>;
  yield err;
  if (Array.isArray(err.errors)) for (const inner of err.errors) yield* chain(inner, depth + 1);
  if (err.driverError) yield* chain(err.driverError, depth + 1);
  if (err.cause) yield* chain(err.cause, depth + 1);
}

/**
 * The dependency an error says is unreachable, or undefined for any other
 * error (a bad query, a constraint, a bug). A socket error (ECONNREFUSED ...)
 * names no driver, so it is taken as `fallback`: PostgreSQL where the error
 * reached a request (Redis answers requests through the job producers, whose
 * errors are their own), Redis where the caller knows it came from there.
 */
export function unreachableDependency(e: unknown, fallback: Dependency = 'postgres'): Dependency | undefined {
  // An HTTP error (a request body the client stopped sending: ECONNRESET, 'request aborted') is the caller's, not a dependency's.
  if (e && typeof e === 'object' && (typeof (e as { status?: unknown }).status === 'number' || typeof (e as { statusCode?: unknown }).statusCode === 'number')) {
    return undefined;
  }
  for (const err of chain(e)) {
    const name = typeof err.name === 'string' ? err.name : '';
    const message = typeof err.message === 'string' ? err.message : '';
    const code = typeof err.code === 'string' ? err.code : '';
    if (REDIS_NAMES.has(name) || REDIS_MESSAGES.some((re) => re.test(message))) return 'redis';
    if (code && isUnreachableSqlState(code)) return 'postgres';
    if (POSTGRES_MESSAGES.some((re) => re.test(message))) return 'postgres';
    if (code && SOCKET_CODES.has(code)) return fallback;
  }
  return undefined;
}

/** A short reason for the log (code and first line of the message), never a stack trace. */
export function describeUnreachable(e: unknown): string {
  const err = (e ?? {}) as { code?: unknown; message?: unknown; errors?: unknown[] };
  const first = Array.isArray(err.errors) && err.errors.length ? (err.errors[0] as typeof err) : err;
  const code = typeof first.code === 'string' ? first.code : typeof err.code === 'string' ? err.code : undefined;
  const message = String(first.message || err.message || e).split('\n')[0].slice(0, 200);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
