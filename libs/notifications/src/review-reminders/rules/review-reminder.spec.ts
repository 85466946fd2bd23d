import { calendarDaysBetween, describeTiming, dueSoonHorizon, reminderDay, reviewTiming } from './review-reminder';

const TZ = 'Europe/London';
const SECOND = 1000;
const DAY = 86_400_000;

describe('which reviews the daily reminder lists (DOMAIN.md section 7)', () => {
  // Monday 23 November 2026, 07:00 in London (GMT).
  const now = new Date('2026-11-23T07:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  it('due exactly now is not yet overdue, but due soon (0 days: today)', () => {
    expect(reviewTiming(now, now, 7, TZ)).toEqual({ status: 'due_soon', daysUntilDue: 0 });
  });

  it('one second past the due date is overdue (0 days: it fell due today)', () => {
    expect(reviewTiming(at(-SECOND), now, 7, TZ)).toEqual({ status: 'overdue', daysOverdue: 0 });
  });

  it('exactly 7 days ahead is included; 7 days and 1 second is not', () => {
    expect(reviewTiming(at(7 * DAY), now, 7, TZ)).toEqual({ status: 'due_soon', daysUntilDue: 7 });
    expect(reviewTiming(at(7 * DAY + SECOND), now, 7, TZ)).toBeNull();
    expect(dueSoonHorizon(now, 7)).toEqual(new Date('2026-11-30T07:00:00Z'));
  });

  it('follows the window it is given', () => {
    expect(reviewTiming(at(10 * DAY), now, 14, TZ)).toEqual({ status: 'due_soon', daysUntilDue: 10 });
    expect(reviewTiming(at(DAY + SECOND), now, 1, TZ)).toBeNull();
  });

  it('counts calendar days in London, so the count agrees with the date shown', () => {
    // Due yesterday at 18:00: 13 hours ago, but yesterday's date: 1 day overdue.
    expect(reviewTiming(new Date('2026-11-22T18:00:00Z'), now, 7, TZ)).toEqual({ status: 'overdue', daysOverdue: 1 });
    // Due today at 06:59: overdue since today.
    expect(reviewTiming(new Date('2026-11-23T06:59:00Z'), now, 7, TZ)).toEqual({ status: 'overdue', daysOverdue: 0 });
    // Due today at 23:59: due today.
    expect(reviewTiming(new Date('2026-11-23T23:59:00Z'), now, 7, TZ)).toEqual({ status: 'due_soon', daysUntilDue: 0 });
    // Due tomorrow at 00:30: 17.5 hours away, tomorrow's date: 1 day.
    expect(reviewTiming(new Date('2026-11-24T00:30:00Z'), now, 7, TZ)).toEqual({ status: 'due_soon', daysUntilDue: 1 });
    // 40 days overdue.
    expect(reviewTiming(new Date('2026-10-14T12:00:00Z'), now, 7, TZ)).toEqual({ status: 'overdue', daysOverdue: 40 });
  });

  it('follows British Summer Time: 23:30 UTC on 14 June is already 15 June in London', () => {
    const summer = new Date('2026-06-15T06:00:00Z'); // 07:00 BST
    expect(reviewTiming(new Date('2026-06-14T23:30:00Z'), summer, 7, TZ)).toEqual({ status: 'overdue', daysOverdue: 0 });
    expect(reviewTiming(new Date('2026-06-14T22:59:00Z'), summer, 7, TZ)).toEqual({ status: 'overdue', daysOverdue: 1 });
  });

  it('counts across the change of clocks and of months', () => {
    expect(calendarDaysBetween('2026-10-24', '2026-10-26')).toBe(2); // clocks go back on 25 October
    expect(calendarDaysBetween('2026-03-31', '2026-02-28')).toBe(-31);
    expect(calendarDaysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });
});

describe('the day of a run', () => {
  it('is the calendar date in London', () => {
    expect(reminderDay(new Date('2026-11-23T23:59:59Z'), TZ)).toBe('2026-11-23');
    expect(reminderDay(new Date('2026-06-14T23:00:00Z'), TZ)).toBe('2026-06-15');
    expect(reminderDay(new Date('2026-06-14T22:59:59Z'), TZ)).toBe('2026-06-14');
  });
});

describe('the words for a timing', () => {
  it('says how late or how near, in days', () => {
    expect(describeTiming({ status: 'overdue', daysOverdue: 0 })).toBe('overdue since today');
    expect(describeTiming({ status: 'overdue', daysOverdue: 1 })).toBe('1 day overdue');
    expect(describeTiming({ status: 'overdue', daysOverdue: 12 })).toBe('12 days overdue');
    expect(describeTiming({ status: 'due_soon', daysUntilDue: 0 })).toBe('due today');
    expect(describeTiming({ status: 'due_soon', daysUntilDue: 1 })).toBe('due in 1 day');
    expect(describeTiming({ status: 'due_soon', daysUntilDue: 7 })).toBe('due in 7 days');
  });
});
