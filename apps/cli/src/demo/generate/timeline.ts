import { DAY, HOUR, MINUTE, incidentTime, officeTime } from './calendar';
import type { Rng } from './rng';

/** A period during which the case was open: from opening (or reopening) to closing, or to now. */
export interface Segment {
  start: number;
  end: number;
  closed: boolean;
}

/** When things happened on one case: its incidents and when it was open. */
export interface Timeline {
  openedAt: number;
  /** When each incident happened, oldest first. */
  incidents: number[];
  /** One segment, or two when the case was closed and reopened. */
  segments: Segment[];
  closedAt: number | null;
  reopenedAt: number | null;
}

/** Incidents per case (ours): a third have one, the mean is about four, a few run to dozens. */
export function incidentCount(rng: Rng): number {
  return Math.min(80, Math.max(1, Math.round(rng.logNormal(0.85, 0.95))));
}

/**
 * The life of a case opened at `openedAt`: its first incident was reported
 * shortly before; the others follow every week or two (seasonal and weekday
 * weights); it closes some weeks after the last one unless that is after
 * `now`. About one case in twenty with three or more incidents was closed and
 * then reopened when the behaviour resumed. Nothing happens after `now`, and
 * at most `maxIncidents` incidents are kept.
 */
export function planTimeline(rng: Rng, openedAt: number, now: number, maxIncidents: number): Timeline {
  const n = incidentCount(rng);
  const first = openedAt - Math.floor(rng.between(10 * MINUTE, 3 * DAY));
  let times = [first];
  if (n > 1) {
    let span = 0;
    for (let i = 1; i < n; i++) span += rng.logNormal(Math.log(10), 0.8) * DAY;
    span = Math.min(span, 540 * DAY);
    const later: number[] = [];
    for (let i = 1; i < n; i++) later.push(incidentTime(rng, openedAt + HOUR, openedAt + span));
    times.push(...later.sort((x, y) => x - y));
  }

  let firstClose: number | null = null;
  let reopenedAt: number | null = null;
  if (n >= 3 && rng.chance(0.05)) {
    const j = rng.int(1, n - 2);
    firstClose = officeTime(rng, times[j] + rng.int(7, 21) * DAY);
    const shift = rng.int(30, 120) * DAY;
    for (let i = j + 1; i < n; i++) times[i] += shift;
    reopenedAt = times[j + 1] - rng.between(HOUR, Math.min(3 * DAY, times[j + 1] - firstClose - HOUR));
  }

  const latest = now - 2 * HOUR;
  times = times.filter((t) => t <= latest).slice(0, Math.max(1, maxIncidents));
  if (reopenedAt !== null && (reopenedAt >= latest || !times.some((t) => t > reopenedAt!))) {
    // The behaviour has not resumed yet (or not within the demo): closed once, for good so far.
    times = times.filter((t) => t < firstClose!);
    reopenedAt = null;
    if (firstClose! >= latest) firstClose = null;
  }

  const last = times[times.length - 1];
  let closedAt: number | null = firstClose !== null && reopenedAt === null ? firstClose : null;
  if (closedAt === null) {
    const tail = Math.min(150, Math.max(7, rng.logNormal(Math.log(21), 0.6))) * DAY;
    const close = officeTime(rng, last + tail);
    if (close < latest) closedAt = close;
  }

  const segments: Segment[] = [];
  if (reopenedAt !== null) {
    segments.push({ start: openedAt, end: firstClose!, closed: true });
    segments.push({ start: reopenedAt, end: closedAt ?? now, closed: closedAt !== null });
  } else {
    segments.push({ start: openedAt, end: closedAt ?? now, closed: closedAt !== null });
  }
  return { openedAt, incidents: times, segments, closedAt, reopenedAt };
}
