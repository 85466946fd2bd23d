/**
 * Times that describe something that has happened (openedAt, occurredAt,
 * reportedAt) may be in the past but not in the future (API.md conventions).
 * A minute of grace absorbs clock drift between a partner system and us.
 */
export const FUTURE_TOLERANCE_MS = 60 * 1000;

export function isInFuture(at: Date, now: Date, toleranceMs = FUTURE_TOLERANCE_MS): boolean {
  return at.getTime() > now.getTime() + toleranceMs;
}
