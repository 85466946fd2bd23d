/**
 * DOMAIN.md section 7: every open case has a supervisory review at least every
 * `days` days (policy, default 28). The first is due `days` days after the case
 * was opened. A case is overdue when it is open and now is past its due date:
 * on day 28 it is on time, from the first instant after it, overdue.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

export type CaseStatus = 'open' | 'closed';

export function firstReviewDueAt(openedAt: Date, days: number): Date {
  return new Date(openedAt.getTime() + days * DAY_MS);
}

export function isReviewOverdue(status: CaseStatus, reviewDueAt: Date, now: Date): boolean {
  return status === 'open' && now.getTime() > reviewDueAt.getTime();
}

/** Each next review falls due `days` days after the previous one (the one just made). */
export function nextReviewDueAt(lastReviewedAt: Date, days: number): Date {
  return new Date(lastReviewedAt.getTime() + days * DAY_MS);
}

/** A reopened case is due a review `days` days after the reopening: the clock restarts. */
export function reviewDueAfterReopening(reopenedAt: Date, days: number): Date {
  return new Date(reopenedAt.getTime() + days * DAY_MS);
}
