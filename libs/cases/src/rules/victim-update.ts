import type { CaseStatus } from './review-due';

/**
 * DOMAIN.md section 8 (Victims' Code): a victim on an open case who has not
 * declined updates is out of compliance when their last update (or, if none,
 * the moment they were added to the case) plus the agreed frequency in days is
 * in the past. Exactly at the due instant they are still on time.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

export interface VictimUpdateState {
  caseStatus: CaseStatus;
  updatesDeclined: boolean;
  lastUpdateAt: Date | null;
  addedAt: Date;
  frequencyDays: number;
}

export function nextVictimUpdateDueAt(s: Pick<VictimUpdateState, 'lastUpdateAt' | 'addedAt' | 'frequencyDays'>): Date {
  return new Date((s.lastUpdateAt ?? s.addedAt).getTime() + s.frequencyDays * DAY_MS);
}

export function isVictimUpdateOverdue(s: VictimUpdateState, now: Date): boolean {
  if (s.caseStatus !== 'open' || s.updatesDeclined) return false;
  return nextVictimUpdateDueAt(s).getTime() < now.getTime();
}
