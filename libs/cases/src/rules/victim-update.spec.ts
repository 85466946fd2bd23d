import { isVictimUpdateOverdue, nextVictimUpdateDueAt, VictimUpdateState } from './victim-update';

describe('victim update compliance (DOMAIN.md section 8)', () => {
  const addedAt = new Date('2026-01-10T09:00:00Z');
  const days = (from: Date, n: number) => new Date(from.getTime() + n * 24 * 60 * 60 * 1000);
  const base: VictimUpdateState = { caseStatus: 'open', updatesDeclined: false, lastUpdateAt: null, addedAt, frequencyDays: 28 };

  it('counts from the day the victim was added when there was no update', () => {
    expect(nextVictimUpdateDueAt(base).toISOString()).toBe('2026-02-07T09:00:00.000Z');
    expect(isVictimUpdateOverdue(base, days(addedAt, 27))).toBe(false);
    expect(isVictimUpdateOverdue(base, days(addedAt, 28))).toBe(false);
    expect(isVictimUpdateOverdue(base, new Date(days(addedAt, 28).getTime() + 1))).toBe(true);
  });

  it('counts from the last update when there was one', () => {
    const s = { ...base, lastUpdateAt: days(addedAt, 40) };
    expect(isVictimUpdateOverdue(s, days(addedAt, 60))).toBe(false);
    expect(isVictimUpdateOverdue(s, days(addedAt, 68))).toBe(false);
    expect(isVictimUpdateOverdue(s, days(addedAt, 69))).toBe(true);
  });

  it('uses the agreed frequency', () => {
    const weekly = { ...base, frequencyDays: 7 };
    expect(isVictimUpdateOverdue(weekly, days(addedAt, 7))).toBe(false);
    expect(isVictimUpdateOverdue(weekly, days(addedAt, 8))).toBe(true);
  });

  it('is never overdue when updates were declined or the case is closed', () => {
    const late = days(addedAt, 365);
    expect(isVictimUpdateOverdue({ ...base, updatesDeclined: true }, late)).toBe(false);
    expect(isVictimUpdateOverdue({ ...base, caseStatus: 'closed' }, late)).toBe(false);
  });
});
