/**
 * Progressive lock-out of an account (issue 12): after LOCKOUT_AFTER_FAILURES
 * wrong passwords in a row the account is locked for a minute; every further
 * wrong password (once the lock has passed) locks it again for twice as long,
 * up to an hour. A right password resets the count. While locked, sign-in is
 * not even tried, so attempts then neither count nor lengthen the lock.
 */
export const LOCKOUT_AFTER_FAILURES = 10;
export const LOCKOUT_FIRST_SECONDS = 60;
export const LOCKOUT_MAX_SECONDS = 3600;

export interface LockoutState {
  /** Wrong passwords since the last right one. */
  failures: number;
  lockedUntil: Date | null;
}

/** Whole seconds until the account may be tried again (at least 1 while locked), or 0 when it is not locked. */
export function lockedForSeconds(state: LockoutState, now: Date): number {
  if (!state.lockedUntil) return 0;
  const ms = state.lockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** The state after one more wrong password, and the lock it starts (0 seconds when none). */
export function afterFailedSignIn(state: LockoutState, now: Date): LockoutState & { lockSeconds: number } {
  const failures = state.failures + 1;
  if (failures < LOCKOUT_AFTER_FAILURES) return { failures, lockedUntil: state.lockedUntil, lockSeconds: 0 };
  const doublings = Math.min(failures - LOCKOUT_AFTER_FAILURES, 30);
  const lockSeconds = Math.min(LOCKOUT_MAX_SECONDS, LOCKOUT_FIRST_SECONDS * 2 ** doublings);
  return { failures, lockedUntil: new Date(now.getTime() + lockSeconds * 1000), lockSeconds };
}
