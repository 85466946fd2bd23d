/**
 * When the supervisor restarts a child that died (pure: no processes, no
 * clock). The delay doubles with each crash in a row, from `initialMs` up to
 * `maxMs`; a child that stayed up `stableMs` or more before it died starts the
 * count again, so an occasional crash is restarted at once and a crash loop
 * does not spin.
 */
export interface RestartPolicy {
  initialMs: number;
  maxMs: number;
  stableMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

/** How many crashes in a row this is, given the count before and how long the child ran. */
export function crashesInARow(before: number, upMs: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): number {
  return upMs >= policy.stableMs ? 1 : before + 1;
}

/** The delay before the restart after the `crashes`-th crash in a row (1 for the first). */
export function restartDelayMs(crashes: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): number {
  const exponent = Math.max(0, Math.min(crashes - 1, 30));
  return Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
}
