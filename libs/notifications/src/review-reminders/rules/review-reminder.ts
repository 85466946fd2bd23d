import { isReviewOverdue } from '@asb/cases/rules/review-due';
import { localDate } from '@asb/people/people/person-rules';

/**
 * The daily supervisory-review reminder (DOMAIN.md section 7): which of a
 * person's cases an e-mail lists, and how late or how near each review is.
 * Pure functions: the clock, the window and the time zone are arguments.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The window's default: an officer hears of a review from 7 days before it falls due (REVIEW_REMINDER_DAYS_AHEAD). */
export const DEFAULT_REVIEW_REMINDER_DAYS_AHEAD = 7;

/**
 * Where an open case's review stands today. Overdue as DOMAIN.md section 7
 * has it: now is past the due date (due exactly now is not yet overdue). Due
 * soon: from now to now + `daysAhead` days, both ends included.
 */
export type ReviewTiming = { status: 'overdue'; daysOverdue: number } | { status: 'due_soon'; daysUntilDue: number };

/**
 * The timing of one open case's review, or null when it is further off than
 * the window. Days are calendar days in the schedule's time zone between today
 * and the due date, so they agree with the date the e-mail shows: a review due
 * yesterday evening is 1 day overdue at 07:00, one due at 18:00 today is due
 * in 0 days, and one that fell due at 06:00 today is overdue by 0 days.
 */
export function reviewTiming(reviewDueAt: Date, now: Date, daysAhead: number, timeZone: string): ReviewTiming | null {
  const days = calendarDaysBetween(localDate(now, timeZone), localDate(reviewDueAt, timeZone));
  if (isReviewOverdue('open', reviewDueAt, now)) return { status: 'overdue', daysOverdue: 0 - days };
  if (reviewDueAt.getTime() <= dueSoonHorizon(now, daysAhead).getTime()) return { status: 'due_soon', daysUntilDue: days };
  return null;
}

/** The last instant the window reaches: reviews due up to and including it are "due soon". */
export function dueSoonHorizon(now: Date, daysAhead: number): Date {
  return new Date(now.getTime() + daysAhead * DAY_MS);
}

/** Whole days from one calendar date (YYYY-MM-DD) to another; negative when `to` is earlier. */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The day a daily run belongs to, as a date in the schedule's time zone: the key of "once per person per day". */
export function reminderDay(now: Date, timeZone: string): string {
  return localDate(now, timeZone);
}

/** The words the e-mail uses for a timing. */
export function describeTiming(t: ReviewTiming): string {
  if (t.status === 'overdue') return t.daysOverdue === 0 ? 'overdue since today' : `${plural(t.daysOverdue, 'day')} overdue`;
  return t.daysUntilDue === 0 ? 'due today' : `due in ${plural(t.daysUntilDue, 'day')}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
