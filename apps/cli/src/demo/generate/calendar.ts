import type { Rng } from './rng';
import { HOUR_WEIGHTS, MONTH_WEIGHTS, WEEKDAY_WEIGHTS } from './proportions';

/** Times in the generator are epoch milliseconds (UTC); rows get Dates. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const MAX_DAY_WEIGHT = Math.max(...MONTH_WEIGHTS) * Math.max(...WEEKDAY_WEIGHTS);
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((s, w) => s + w, 0);

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** How much ASB a calendar day sees (month of the year times day of the week). */
export function dayWeight(ms: number): number {
  const d = new Date(ms);
  return MONTH_WEIGHTS[d.getUTCMonth()] * WEEKDAY_WEIGHTS[d.getUTCDay()];
}

/** An hour of the day, evenings heavier. */
export function hourOfDay(rng: Rng): number {
  let x = rng.next() * HOUR_TOTAL;
  for (let h = 0; h < 24; h++) {
    x -= HOUR_WEIGHTS[h];
    if (x < 0) return h;
  }
  return 23;
}

/**
 * When an incident happened, somewhere in [from, to]: the day drawn with the
 * seasonal and weekday weights (rejection sampling), the hour with the
 * evening peak. Windows shorter than two days are taken as they are.
 */
export function incidentTime(rng: Rng, from: number, to: number): number {
  if (to - from < 2 * DAY) return from + Math.floor(rng.next() * (to - from));
  let day = startOfDay(from + rng.next() * (to - from));
  for (let tries = 0; tries < 40; tries++) {
    if (rng.next() * MAX_DAY_WEIGHT < dayWeight(day)) break;
    day = startOfDay(from + rng.next() * (to - from));
  }
  const t = day + hourOfDay(rng) * HOUR + rng.int(0, 59) * MINUTE + rng.int(0, 59) * 1000;
  return Math.min(to, Math.max(from, t));
}

/** A moment in office hours (08:00-18:59) of the given day, or of the next weekday when `weekdays` and it falls on a weekend. */
export function officeTime(rng: Rng, ms: number, weekdays = true): number {
  let day = startOfDay(ms);
  const dow = new Date(day).getUTCDay();
  if (weekdays && dow === 6) day += 2 * DAY;
  else if (weekdays && dow === 0) day += DAY;
  return day + rng.int(8, 18) * HOUR + rng.int(0, 59) * MINUTE;
}
