import { UTCDate } from '@date-fns/utc';
import { subMonths } from 'date-fns';

/**
 * DOMAIN.md section 5. A person is a repeat victim at instant T when at least
 * two distinct incidents naming them as a victim occurred in [T - 12 months, T],
 * both ends inclusive, counting incidents on every case in every organisation.
 * Months are calendar months as PostgreSQL computes `T - interval '12 months'`
 * in UTC (29 February steps back to 28 February).
 */
export const REPEAT_VICTIM_WINDOW_MONTHS = 12;
export const REPEAT_VICTIM_MIN_INCIDENTS = 2;

/**
 * DOMAIN.md section 10: when a victim makes a second report within 6 months,
 * they must be told about the ASB Case Review.
 */
export const CASE_REVIEW_INFO_WINDOW_MONTHS = 6;
export const CASE_REVIEW_INFO_MIN_REPORTS = 2;

export interface RepeatVictimStatus {
  isRepeat: boolean;
  incidentsLast12Months: number;
}

/** The first instant of the window ending at `at`, `months` calendar months back (UTC). */
export function windowStart(at: Date, months: number): Date {
  return new Date(subMonths(new UTCDate(at.getTime()), months).getTime());
}

/** How many of the given incident times fall in [at - months, at]. */
export function countInWindow(occurredAts: Date[], at: Date, months: number): number {
  const from = windowStart(at, months).getTime();
  const to = at.getTime();
  return occurredAts.filter((d) => d.getTime() >= from && d.getTime() <= to).length;
}

/** The rule itself, given the distinct incidents' times for one person. */
export function repeatVictimStatus(incidentsLast12Months: number): RepeatVictimStatus {
  return { isRepeat: incidentsLast12Months >= REPEAT_VICTIM_MIN_INCIDENTS, incidentsLast12Months };
}

export function repeatVictimAt(occurredAts: Date[], at: Date): RepeatVictimStatus {
  return repeatVictimStatus(countInWindow(occurredAts, at, REPEAT_VICTIM_WINDOW_MONTHS));
}

/** True when the victim has reported at least twice in the 6 months up to `at`. */
export function caseReviewInfoDue(reportsLast6Months: number): boolean {
  return reportsLast6Months >= CASE_REVIEW_INFO_MIN_REPORTS;
}
