import { nextVictimUpdateDueAt } from '@asb/cases/rules/victim-update';
import { DAY, HOUR } from './calendar';
import { recurring, Upkeep } from './recurring';
import type { Rng } from './rng';
import type { CasePartyRow, VictimFirstReferralRow, VictimUpdateRow } from './rows';
import { updateSummary } from './texts';
import type { Segment } from './timeline';

/** Agreed update frequencies in days (ours; 28 is the policy default) and preferred methods. */
const FREQUENCIES = { 28: 70, 14: 20, 7: 7, 56: 3 } as const;
const METHODS = { phone: 48, email: 18, text_message: 12, in_person: 10, letter: 7, none: 5 } as const;

/** A victim's place on a case with their contact wishes (DOMAIN.md section 8); 8% decline updates. */
export function victimParty(rng: Rng, caseId: string, personId: string, addedAt: number, business: boolean): CasePartyRow {
  const method = rng.weighted(METHODS);
  return {
    case_id: caseId,
    person_id: personId,
    role: 'victim',
    update_frequency_days: Number(rng.weighted(FREQUENCIES)),
    update_method: method === 'none' ? null : method,
    updates_declined: rng.chance(business ? 0.25 : 0.08),
    added_at: new Date(addedAt),
  };
}

export interface VictimContactInput {
  segments: readonly Segment[];
  now: number;
  recorders: readonly string[];
  /** For an open case: how far this victim is now past their update date (ms), or null when up to date. */
  overdueBy: number | null;
}

/**
 * The updates given to one victim: each due the agreed frequency after the
 * last (or after joining the case), while the case was open; on a reopened
 * case the victim is contacted again on reopening. Victims who declined get none.
 */
export function victimUpdates(rng: Rng, party: CasePartyRow, v: VictimContactInput): VictimUpdateRow[] {
  if (party.updates_declined) return [];
  const frequency = party.update_frequency_days! * DAY;
  const addedAt = party.added_at.getTime();
  const out: VictimUpdateRow[] = [];
  const add = (at: number) =>
    out.push({
      id: rng.uuid(),
      case_id: party.case_id,
      person_id: party.person_id,
      contacted_at: new Date(at),
      method: party.update_method ?? 'phone',
      summary: updateSummary(rng),
      recorded_by_id: rng.pick(v.recorders),
    });
  v.segments.forEach((seg, i) => {
    if (seg.end <= addedAt) return;
    const end = seg.closed ? seg.end - HOUR : v.now;
    let anchor = Math.max(addedAt, seg.start);
    if (i > 0 && addedAt < seg.start) {
      anchor = Math.min(end, seg.start + rng.between(HOUR, 2 * DAY));
      add(anchor);
    }
    const last = i === v.segments.length - 1;
    const upkeep: Upkeep = seg.closed || !last ? { mode: 'history' } : v.overdueBy !== null ? { mode: 'overdue', overdueBy: v.overdueBy } : { mode: 'keep_up' };
    for (const at of recurring(rng, anchor, end, () => frequency, 0.8, upkeep).times) add(at);
  });
  return out;
}

/** When the victim is next due an update (section 8), from the rows made. */
export function nextUpdateDueAt(party: CasePartyRow, updates: readonly VictimUpdateRow[]): number {
  const lastUpdateAt = updates.length ? updates[updates.length - 1].contacted_at : null;
  return nextVictimUpdateDueAt({ lastUpdateAt, addedAt: party.added_at, frequencyDays: party.update_frequency_days! }).getTime();
}

/** A Victim First referral (section 8), with consent; whether it was taken up is known for most. */
export function victimFirstReferral(rng: Rng, party: CasePartyRow, at: number, recorderId: string): VictimFirstReferralRow {
  const x = rng.next();
  return {
    id: rng.uuid(),
    case_id: party.case_id,
    person_id: party.person_id,
    referred_at: new Date(at),
    taken_up: x < 0.55 ? true : x < 0.8 ? false : null,
    recorded_by_id: recorderId,
  };
}
