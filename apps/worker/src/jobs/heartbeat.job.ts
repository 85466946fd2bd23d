/** The heartbeat job: proves a worker is taking jobs from the queue. No payload. */
export type HeartbeatPayload = Record<string, never>;

export interface HeartbeatResult {
  at: string;
}

export function heartbeat(now: Date): HeartbeatResult {
  return { at: now.toISOString() };
}
