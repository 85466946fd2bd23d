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
 * Adherence to the Incremental Approach (000:1155): the share of interventions
 * made in sequence, as a percentage to one decimal place; null when there are none.
 */
export function adherencePercent(interventions: number, outOfSequence: number): number | null {
  return compliancePercent(outOfSequence, interventions);
}

/**
 * Whole days overdue, counted as the weekly e-mail counts days outstanding:
 * complete days since the due instant. A case one second past its due instant
 * is overdue but 0 days so ("due today"); 24 hours past it, 1 day.
 */
export function daysOverdue(dueAt: Date, now: Date): number {
  const late = now.getTime() - dueAt.getTime();
  return late <= 0 ? 0 : Math.floor(late / DAY_MS);
}
