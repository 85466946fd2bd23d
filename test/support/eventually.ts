export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `read` until `ok` holds of what it answers (errors count as not yet),
 * or fails naming the last answer (an HTTP answer's body, or its status).
 */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, ms = 30000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await read();
      if (ok(value)) return value;
      last = value instanceof Object && 'status' in value ? (value as { status: unknown; body?: unknown }).body ?? value.status : value;
    } catch (e) {
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s; last ${JSON.stringify(last)}`);
    await sleep(250);
  }
}
