import { afterFailedSignIn, LOCKOUT_AFTER_FAILURES, lockedForSeconds, LockoutState } from './lockout';

const now = new Date('2026-12-08T09:00:00Z');
const later = (s: number) => new Date(now.getTime() + s * 1000);

describe('progressive lock-out', () => {
  it('does not lock before the tenth wrong password in a row', () => {
    let state: LockoutState = { failures: 0, lockedUntil: null };
    for (let i = 1; i < LOCKOUT_AFTER_FAILURES; i++) {
      const next = afterFailedSignIn(state, now);
      expect(next).toEqual({ failures: i, lockedUntil: null, lockSeconds: 0 });
      state = next;
    }
    expect(lockedForSeconds(state, now)).toBe(0);
  });

  it('locks for a minute at the tenth, then doubles with each further one, up to an hour', () => {
    const locks = [];
    let state: LockoutState = { failures: LOCKOUT_AFTER_FAILURES - 1, lockedUntil: null };
    for (let i = 0; i < 9; i++) {
      const next = afterFailedSignIn(state, now);
      locks.push(next.lockSeconds);
      state = next;
    }
    expect(locks).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    expect(afterFailedSignIn({ failures: 10_000, lockedUntil: null }, now).lockSeconds).toBe(3600);
  });

  it('says how long a lock has left, rounded up, and nothing once it has passed', () => {
    const state = afterFailedSignIn({ failures: LOCKOUT_AFTER_FAILURES - 1, lockedUntil: null }, now);
    expect(state.lockedUntil).toEqual(later(60));
    expect(lockedForSeconds(state, now)).toBe(60);
    expect(lockedForSeconds(state, new Date(now.getTime() + 59_500))).toBe(1);
    expect(lockedForSeconds(state, later(60))).toBe(0);
    expect(lockedForSeconds(state, later(61))).toBe(0);
  });
});
