import { DAY } from './calendar';
import { recurring } from './recurring';
import { Rng } from './rng';

describe('a recurring duty (reviews, reassessments, victim updates)', () => {
  const start = Date.UTC(2026, 0, 1);
  const end = Date.UTC(2026, 11, 1);
  const period = () => 28 * DAY;

  it('kept up: the last one leaves the next due date after the end', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { times, dueAt } = recurring(new Rng(seed), start, end, period, 0.8, { mode: 'keep_up' });
      expect(dueAt).toBeGreaterThanOrEqual(end);
      expect(dueAt).toBe(times[times.length - 1] + 28 * DAY);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
      expect(times.every((t) => t > start && t <= end)).toBe(true);
    }
  });

  it('lapsed: at the end it is at least `overdueBy` past due', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { dueAt } = recurring(new Rng(seed), start, end, period, 0.8, { mode: 'overdue', overdueBy: 10 * DAY });
      expect(dueAt).toBeLessThanOrEqual(end - 10 * DAY);
    }
  });

  it('as it happened: never after the end, mostly on time', () => {
    let onTime = 0;
    let all = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const { times } = recurring(new Rng(seed), start, end, period, 0.8, { mode: 'history' });
      let due = start + 28 * DAY;
      for (const t of times) {
        all++;
        if (t <= due) onTime++;
        due = t + 28 * DAY;
      }
      expect(times.every((t) => t <= end)).toBe(true);
    }
    expect(onTime / all).toBeGreaterThan(0.7);
    expect(onTime / all).toBeLessThan(0.9);
  });
});
