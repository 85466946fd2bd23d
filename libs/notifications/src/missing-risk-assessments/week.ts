/**
 * The week a weekly run belongs to, named by its Monday as a date in the
 * schedule's time zone (Europe/London): the key of "at most once per NPA per
 * week" (DOMAIN.md section 11).
 */
export function weekOf(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const dayIndex = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday);
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  return new Date(local - dayIndex * 86_400_000).toISOString().slice(0, 10);
}

/** True when the date is a Monday (YYYY-MM-DD). */
export function isMonday(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).getUTCDay() === 1;
}
