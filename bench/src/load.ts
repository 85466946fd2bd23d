import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { LatencySummary, round, summarise } from './stats';

export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

/** What one side (HTTP or direct) of one operation measured. */
export interface RunResult {
  connections: number;
  /** The requests per second asked for in total, when the load was open loop. */
  rate?: number;
  seconds: number;
  /** Completed without error (HTTP: a 2xx answer). */
  ok: number;
  errors: number;
  /** The first error seen, to say why. */
  firstError?: string;
  /** ok per second over the measured time. */
  rps: number;
  /** Latency of the successful calls, milliseconds. */
  latency: LatencySummary;
}

interface HttpLoad {
  baseUrl: string;
  token: string;
  connections: number;
  rate?: number;
  seconds: number;
  call: (i: number) => HttpCall;
}

/** Closed loop with autocannon, or with `rate` the evenly paced open loop of `runHttpPaced`. */
export function runHttp(o: HttpLoad): Promise<RunResult> {
  return o.rate ? runHttpPaced(o) : runAutocannon(o);
}

/**
 * Closed-loop HTTP load with autocannon: `connections` keep-alive connections,
 * each sending its next request as soon as the answer to the last arrives,
 * for `seconds`. Request i is `call(i)`, i counting across all connections.
 * Latencies are autocannon's per-response times; only 2xx answers count.
 */
function runAutocannon(o: HttpLoad): Promise<RunResult> {
  let seq = 0;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const headers = { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', accept: 'application/json' };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: o.baseUrl,
        connections: o.connections,
        duration: o.seconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (req) => {
              const c = o.call(seq++);
              return { ...req, method: c.method, path: c.path, headers, body: c.body === undefined ? undefined : JSON.stringify(c.body) };
            },
            onResponse: (status, body) => {
              if ((status < 200 || status > 299) && firstError === undefined) firstError = `HTTP ${status}: ${body.slice(0, 400)}`;
            },
          },
        ],
      },
      (err) => {
        if (err) return reject(err);
        const seconds = (performance.now() - started) / 1000;
        resolve({
          connections: o.connections,
          seconds: round(seconds),
          ok: latencies.length,
          errors,
          firstError,
          rps: round(latencies.length / seconds, 1),
          latency: summarise(latencies),
        });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      if (status >= 200 && status <= 299) latencies.push(responseTime);
      else errors++;
    });
    instance.on('reqError', (e: Error) => {
      errors++;
      firstError ??= `request failed: ${e.message}`;
    });
  });
}

/**
 * Open-loop HTTP load at `rate` requests per second in total, request i sent
 * i / rate seconds after the start over at most `connections` keep-alive
 * connections (node:http). autocannon's own rate sends each connection's
 * quota at the top of every second, all connections together: bursts of
 * `connections` requests, which measure queueing rather than the service.
 */
async function runHttpPaced(o: HttpLoad): Promise<RunResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const url = new URL(o.baseUrl);
  const headers = { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', accept: 'application/json' };
  const send = (c: HttpCall) =>
    new Promise<void>((resolve, reject) => {
      const body = c.body === undefined ? undefined : JSON.stringify(c.body);
      const req = request(
        { agent, hostname: url.hostname, port: url.port, method: c.method, path: c.path, headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers, timeout: 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status <= 299) resolve();
            else reject(new Error(`HTTP ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 400)}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
      req.on('error', reject);
      req.end(body);
    });
  try {
    return await runDirect({ connections: o.connections, rate: o.rate, seconds: o.seconds, call: (i) => send(o.call(i)) });
  } finally {
    agent.destroy();
  }
}

/**
 * The same load without HTTP: `connections` concurrent callers, each awaiting
 * `call(i)` and starting the next, for `seconds`; with `rate`, call i starts
 * no earlier than i / rate seconds after the start (as autocannon's overall
 * rate). Latency is measured from the call's start, as autocannon measures
 * from sending.
 */
export async function runDirect(o: { connections: number; rate?: number; seconds: number; call: (i: number) => Promise<unknown> }): Promise<RunResult> {
  let seq = 0;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + o.seconds * 1000;
  const worker = async () => {
    for (;;) {
      const i = seq++;
      if (o.rate) {
        const due = started + (i * 1000) / o.rate;
        if (due >= end) return;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      } else if (performance.now() >= end) {
        return;
      }
      const t0 = performance.now();
      try {
        await o.call(i);
        latencies.push(performance.now() - t0);
      } catch (e) {
        errors++;
        firstError ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    connections: o.connections,
    ...(o.rate ? { rate: o.rate } : {}),
    seconds: round(seconds),
    ok: latencies.length,
    errors,
    firstError,
    rps: round(latencies.length / seconds, 1),
    latency: summarise(latencies),
  };
}
