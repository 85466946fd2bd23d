import { DAY, HOUR } from './calendar';
import type { Rng } from './rng';

/**
 * How a recurring duty (the 28-day review, a risk reassessment, a victim
 * update) was kept up until `end`:
 * - `history`: as it happened, on time with probability `onTime`, otherwise late;
 * - `keep_up`: the same, but the last one leaves the next due date after `end` (compliant now);
 * - `overdue`: it stopped being done, so that at `end` it is `overdueBy` ms past due.
 */
export type Upkeep =
  | { mode: 'history'; stopChance?: number }
  | { mode: 'keep_up' }
  | { mode: 'overdue'; overdueBy: number; longestPeriod?: number };

/**
 * The times the duty was done after `anchor` (the moment its clock started,
 * itself not an occurrence). `periodAfter(at)` is the period that runs from
 * an occurrence (or the anchor) at `at`; it may change (a high risk level is
 * reviewed after 14 days). Returns the occurrences and the due date left.
 */
export function recurring(rng: Rng, anchor: number, end: number, periodAfter: (at: number) => number, onTime: number, upkeep: Upkeep): { times: number[]; dueAt: number } {
  const times: number[] = [];
  let last = anchor;
  let period = periodAfter(anchor);
  const cutoff = upkeep.mode === 'overdue' ? end - upkeep.overdueBy - (upkeep.longestPeriod ?? period) : end;
  for (;;) {
    const due = last + period;
    const early = Math.min(5 * DAY, period * 0.25);
    const next = rng.chance(onTime) ? due - rng.between(HOUR, early) : due + rng.between(HOUR, 21 * DAY);
    if (next > cutoff) break;
    if (upkeep.mode === 'history' && upkeep.stopChance && rng.chance(upkeep.stopChance)) break;
    times.push(next);
    last = next;
    period = periodAfter(next);
  }
  while (upkeep.mode === 'keep_up' && last + period < end) {
    // Done once more, late or not, in the last period before `end`, so it is not overdue now.
    const at = rng.between(Math.max(last + HOUR, end - period + HOUR), end);
    times.push(at);
    last = at;
    period = periodAfter(at);
  }
  return { times, dueAt: last + period };
}
