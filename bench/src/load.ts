import autocannon from 'autocannon';
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

/**
 * Closed-loop HTTP load with autocannon: `connections` keep-alive connections,
 * each sending its next request as soon as the answer to the last arrives,
 * for `seconds`. Request i is `call(i)`, i counting across all connections.
 * Latencies are autocannon's per-response times; only 2xx answers count.
 */
export function runHttp(o: { baseUrl: string; token: string; connections: number; seconds: number; call: (i: number) => HttpCall }): Promise<RunResult> {
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
 * The same closed loop without HTTP: `connections` concurrent callers, each
 * awaiting `call(i)` and starting the next, for `seconds`.
 */
export async function runDirect(o: { connections: number; seconds: number; call: (i: number) => Promise<unknown> }): Promise<RunResult> {
  let seq = 0;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + o.seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await o.call(seq++);
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
    seconds: round(seconds),
    ok: latencies.length,
    errors,
    firstError,
    rps: round(latencies.length / seconds, 1),
    latency: summarise(latencies),
  };
}
