/**
 * The arithmetic of the compliance figures (DOMAIN.md section 11), kept pure so
 * the board's percentages are tested at their edges.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

/** `part` of `whole` as a percentage to one decimal place; null when there is nothing to measure. */
export function percent(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** The share of `whole` that is not in `bad`: compliance, where `bad` counts the failures. */
export function compliancePercent(bad: number, whole: number): number | null {
  return percent(whole - bad, whole);
}

/**
 * Whole days overdue, counting any part of a day as a day: one second past the
 * due instant is 1 day overdue, exactly 24 hours past it is still 1, and a due
 * instant not yet passed is 0.
 */
export function daysOverdue(dueAt: Date, now: Date): number {
  const late = now.getTime() - dueAt.getTime();
  return late <= 0 ? 0 : Math.ceil(late / DAY_MS);
}
