import { crashesInARow, DEFAULT_RESTART_POLICY, restartDelayMs } from './restart-delay';

describe('restart back-off', () => {
  it('doubles from the initial delay with each crash in a row, capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50, 1000].map((n) => restartDelayMs(n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    expect(restartDelayMs(3, { initialMs: 100, maxMs: 250, stableMs: 1000 })).toBe(250);
  });

  it('counts crashes in a row, starting again after a child stayed up long enough', () => {
    expect(crashesInARow(0, 10)).toBe(1);
    expect(crashesInARow(4, DEFAULT_RESTART_POLICY.stableMs - 1)).toBe(5);
    expect(crashesInARow(4, DEFAULT_RESTART_POLICY.stableMs)).toBe(1);
  });
});
