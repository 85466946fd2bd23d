import { isReviewOverdue } from '@asb/cases/rules';
import { localDate } from '@asb/people/rules';
import { daysOverdue } from '@asb/reports/rules';

/**
 * The daily supervisory-review reminder (DOMAIN.md section 7): which of a
 * person's cases an e-mail lists, and how late or how near each review is.
 * Pure functions: the clock, the window and the time zone are arguments.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The window's default: an officer hears of a review from 7 days before it falls due (REVIEW_REMINDER_DAYS_AHEAD). */
export const DEFAULT_REVIEW_REMINDER_DAYS_AHEAD = 7;

/**
 * Where an open case's review stands. Overdue as DOMAIN.md section 7 has it:
 * now is past the due instant (due exactly now is not yet overdue). Due soon:
 * from now to now + `daysAhead` days, both ends included.
 */
export type ReviewTiming = { status: 'overdue'; daysOverdue: number } | { status: 'due_soon'; daysUntilDue: number };

/**
 * The timing of one open case's review, or null when it is further off than
 * the window. Days are complete days, as the overdue-review report and the
 * weekly e-mail count them: 1 second or 23 hours overdue is 0 days overdue,
 * 24 hours is 1; due in 23 hours is due in 0 days, in exactly 7 days is 7.
 */
export function reviewTiming(reviewDueAt: Date, now: Date, daysAhead: number): ReviewTiming | null {
  if (isReviewOverdue('open', reviewDueAt, now)) return { status: 'overdue', daysOverdue: daysOverdue(reviewDueAt, now) };
  if (reviewDueAt.getTime() <= dueSoonHorizon(now, daysAhead).getTime()) {
    return { status: 'due_soon', daysUntilDue: Math.floor((reviewDueAt.getTime() - now.getTime()) / DAY_MS) };
  }
  return null;
}

/** The last instant the window reaches: reviews due up to and including it are "due soon". */
export function dueSoonHorizon(now: Date, daysAhead: number): Date {
  return new Date(now.getTime() + daysAhead * DAY_MS);
}

/** The day a daily run belongs to, as a date in the schedule's time zone: the key of "once per person per day". */
export function reminderDay(now: Date, timeZone: string): string {
  return localDate(now, timeZone);
}

/** An instant as the e-mail shows it: date and time of day in the schedule's time zone, `YYYY-MM-DD HH:MM`. */
export function localDateTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((x) => x.type === type)!.value;
  return `${localDate(at, timeZone)} ${get('hour')}:${get('minute')}`;
}

/** The words the e-mail uses for a timing. */
export function describeTiming(t: ReviewTiming): string {
  if (t.status === 'overdue') return t.daysOverdue === 0 ? 'less than 1 day overdue' : `${plural(t.daysOverdue, 'day')} overdue`;
  return t.daysUntilDue === 0 ? 'due in less than 1 day' : `due in ${plural(t.daysUntilDue, 'day')}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
