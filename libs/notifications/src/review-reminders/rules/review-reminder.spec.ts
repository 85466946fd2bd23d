import { describeTiming, dueSoonHorizon, localDateTime, reminderDay, reviewTiming } from './review-reminder';

const TZ = 'Europe/London';
const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('which reviews the daily reminder lists (DOMAIN.md section 7)', () => {
  // Monday 23 November 2026, 07:00 in London (GMT).
  const now = new Date('2026-11-23T07:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  it('due exactly now is not yet overdue, but due soon', () => {
    expect(reviewTiming(now, now, 7)).toEqual({ status: 'due_soon', daysUntilDue: 0 });
  });

  it('one second past the due instant is overdue, by 0 complete days', () => {
    expect(reviewTiming(at(-SECOND), now, 7)).toEqual({ status: 'overdue', daysOverdue: 0 });
  });

  it('exactly 7 days ahead is included; 7 days and 1 second is not', () => {
    expect(reviewTiming(at(7 * DAY), now, 7)).toEqual({ status: 'due_soon', daysUntilDue: 7 });
    expect(reviewTiming(at(7 * DAY + SECOND), now, 7)).toBeNull();
    expect(dueSoonHorizon(now, 7)).toEqual(new Date('2026-11-30T07:00:00Z'));
  });

  it('follows the window it is given', () => {
    expect(reviewTiming(at(10 * DAY), now, 14)).toEqual({ status: 'due_soon', daysUntilDue: 10 });
    expect(reviewTiming(at(DAY + SECOND), now, 1)).toBeNull();
  });

  it('counts complete days, as the overdue-review report does', () => {
    expect(reviewTiming(at(-(DAY - SECOND)), now, 7)).toEqual({ status: 'overdue', daysOverdue: 0 });
    expect(reviewTiming(at(-DAY), now, 7)).toEqual({ status: 'overdue', daysOverdue: 1 });
    expect(reviewTiming(at(-(40 * DAY + 5 * HOUR)), now, 7)).toEqual({ status: 'overdue', daysOverdue: 40 });
    expect(reviewTiming(at(DAY - SECOND), now, 7)).toEqual({ status: 'due_soon', daysUntilDue: 0 });
    expect(reviewTiming(at(DAY), now, 7)).toEqual({ status: 'due_soon', daysUntilDue: 1 });
    expect(reviewTiming(at(7 * DAY - SECOND), now, 7)).toEqual({ status: 'due_soon', daysUntilDue: 6 });
  });
});

describe('the day of a run', () => {
  it('is the calendar date in London, following British Summer Time', () => {
    expect(reminderDay(new Date('2026-11-23T23:59:59Z'), TZ)).toBe('2026-11-23');
    expect(reminderDay(new Date('2026-06-14T23:00:00Z'), TZ)).toBe('2026-06-15');
    expect(reminderDay(new Date('2026-06-14T22:59:59Z'), TZ)).toBe('2026-06-14');
  });
});

describe('the due date and time shown', () => {
  it('is in London time, on the 24-hour clock', () => {
    expect(localDateTime(new Date('2026-11-23T07:05:00Z'), TZ)).toBe('2026-11-23 07:05');
    expect(localDateTime(new Date('2026-06-14T23:30:00Z'), TZ)).toBe('2026-06-15 00:30');
    expect(localDateTime(new Date('2026-06-14T11:00:00Z'), TZ)).toBe('2026-06-14 12:00');
  });
});

describe('the words for a timing', () => {
  it('says how late or how near, in days', () => {
    expect(describeTiming({ status: 'overdue', daysOverdue: 0 })).toBe('less than 1 day overdue');
    expect(describeTiming({ status: 'overdue', daysOverdue: 1 })).toBe('1 day overdue');
    expect(describeTiming({ status: 'overdue', daysOverdue: 12 })).toBe('12 days overdue');
    expect(describeTiming({ status: 'due_soon', daysUntilDue: 0 })).toBe('due in less than 1 day');
    expect(describeTiming({ status: 'due_soon', daysUntilDue: 1 })).toBe('due in 1 day');
    expect(describeTiming({ status: 'due_soon', daysUntilDue: 7 })).toBe('due in 7 days');
  });
});
