const MS_PER_DAY = 86_400_000;

/**
 * The instant just after an inclusive period end: for the last millisecond of
 * a UTC day (what a date `to` means, periodOf) the next midnight, so the
 * day is whole; otherwise the end plus a microsecond.
 */
export function exclusiveEnd(to: Date): string {
  const next = to.getTime() + 1;
  return next % MS_PER_DAY === 0 ? new Date(next).toISOString() : to.toISOString().replace('Z', '001Z');
}
