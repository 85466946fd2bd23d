import { JagCriterion, JagFacts, jagEvidence, persistentWindow, unmetCriteria } from '@asb/escalation/rules/jag-criteria';
import { repeatVictimAt } from '@asb/people/repeat-victim/repeat-victim';
import { DAY, HOUR, MINUTE, startOfDay } from './calendar';
import type { DemoPerson } from './people';
import type { Rng } from './rng';
import type { CasePartyRow, CaseReviewRow, JagActionRow, JagMeetingAttendeeRow, JagMeetingReferralRow, JagMeetingRow, JagReferralRow, RiskAssessmentRow } from './rows';
import type { OrganisationStaff } from './users';

/**
 * Escalation to the JAG of the case's CSP (DOMAIN.md section 10, shapes ours):
 * a few cases, when a supervisory review finds that a criterion holds (a
 * repeat, vulnerable or high-risk victim, persistent ASB), are escalated at
 * that review (decision "escalate_jag"); the referral claims exactly the
 * criteria that hold then, with the evidence the service keeps, gets actions
 * for partner organisations and is discussed at the CSP's monthly JAG
 * meetings until, its actions done or cancelled, a supervisor resolves it.
 */
const ESCALATED = 0.05;
const ACTIONS = [
  'Joint visit to the perpetrator with the housing provider',
  'Refer the victim to Victim First for support',
  'High-visibility patrols at peak times for four weeks',
  'Install temporary CCTV at the location',
  'Youth outreach sessions in the area',
  'Check for cuckooing and safeguarding concerns at the address',
  'Environmental clean-up and lighting review',
];
const OUTCOMES = ['Actions completed; behaviour reduced', 'Perpetrator rehoused; no further reports', 'Civil injunction obtained', 'Problem persists; returned to the lead agency'];

export interface JagInput {
  caseId: string;
  cspCode: string;
  now: number;
  persistentDays: number;
  reviews: CaseReviewRow[];
  incidents: readonly number[];
  victims: readonly { person: DemoPerson; party: CasePartyRow }[];
  assessments: readonly RiskAssessmentRow[];
  supervisors: readonly string[];
  /** Organisations that take actions: the lead, its partner, the county council. */
  partners: readonly OrganisationStaff[];
  meetings: JagMeetings;
}

export interface JagOutput {
  referrals: JagReferralRow[];
  actions: JagActionRow[];
  meetingReferrals: JagMeetingReferralRow[];
}

/** What the service would find at `at` (jag-criteria.ts's facts), from the case's own rows. */
export function factsAt(j: JagInput, at: number): JagFacts {
  const present = j.victims.filter((v) => v.party.added_at.getTime() <= at);
  const latest = new Map<string, RiskAssessmentRow>();
  for (const r of j.assessments) {
    if (r.assessed_at.getTime() > at) continue;
    const key = `${r.subject}/${r.person_id ?? ''}`;
    const seen = latest.get(key);
    if (!seen || seen.assessed_at < r.assessed_at) latest.set(key, r);
  }
  const window = persistentWindow(new Date(at), j.persistentDays);
  return {
    repeatVictimIds: present.filter((v) => repeatVictimAt(v.person.incidentTimes.map((t) => new Date(t)), new Date(at)).isRepeat).map((v) => v.person.row.id),
    highRiskAssessmentIds: [...latest.values()].filter((r) => r.level === 'high').map((r) => r.id),
    vulnerableVictimIds: present.filter((v) => v.person.row.vulnerabilities.length > 0).map((v) => v.person.row.id),
    incidentsInWindow: j.incidents.filter((t) => t >= window.from.getTime() && t <= at).length,
    persistentDays: j.persistentDays,
    bySupervisor: true,
  };
}

export function jagReferral(rng: Rng, j: JagInput, out: JagOutput): void {
  if (!rng.chance(ESCALATED)) return;
  const candidates = j.reviews.filter((r) => r.decision === 'continue');
  if (!candidates.length) return;
  const review = rng.pick(candidates);
  const at = review.reviewed_at.getTime();
  const facts = factsAt(j, at);
  const claimed: JagCriterion[] = [];
  if (facts.repeatVictimIds.length) claimed.push('repeat_victim');
  if (facts.highRiskAssessmentIds.length) claimed.push('high_risk');
  if (facts.vulnerableVictimIds.length) claimed.push('vulnerable_victim');
  if (facts.incidentsInWindow >= 3) claimed.push('persistent');
  const complexReason = rng.chance(0.1) ? 'Several agencies involved and the family is known to children’s services' : null;
  if (complexReason) claimed.push('complex');
  if (!claimed.length || unmetCriteria(claimed, facts).length) return;
  review.decision = 'escalate_jag';
  review.next_actions = 'Refer to the JAG';

  const referral: JagReferralRow = {
    id: rng.uuid(),
    case_id: j.caseId,
    csp_code: j.cspCode,
    reasons: claimed,
    complex_reason: complexReason,
    evidence: jagEvidence(claimed, facts, complexReason),
    summary: 'Escalated at the supervisory review: the criteria below hold',
    status: 'open',
    referred_at: new Date(at),
    referred_by_id: review.reviewer_id,
    outcome: null,
    resolved_at: null,
    resolved_by_id: null,
    updated_at: new Date(at),
  };
  out.referrals.push(referral);

  // Actions for partners, due in two to six weeks; done (or cancelled) by then, mostly.
  const limit = j.now;
  let lastClosed = at;
  let open = 0;
  const count = rng.int(1, 4);
  for (let i = 0; i < count; i++) {
    const org = rng.pick(j.partners);
    const dueAt = at + rng.int(14, 42) * DAY;
    const closeAt = at + rng.between(3 * DAY, dueAt - at + 14 * DAY);
    const done = closeAt < limit;
    const completed = rng.chance(0.8);
    out.actions.push({
      id: rng.uuid(),
      referral_id: referral.id,
      organisation_id: org.organisationId,
      description: rng.pick(ACTIONS),
      due_at: new Date(dueAt),
      status: done ? (completed ? 'completed' : 'cancelled') : 'open',
      completion_note: done && completed ? 'Done; see the case notes' : null,
      cancel_reason: done && !completed ? 'No longer needed after the latest review' : null,
      closed_at: done ? new Date(closeAt) : null,
      closed_by_id: done ? rng.pick(org.caseworkers) : null,
      created_by_id: review.reviewer_id,
      created_at: new Date(at + 30 * MINUTE),
    });
    if (done) lastClosed = Math.max(lastClosed, closeAt);
    else open++;
  }

  // Discussed at the CSP's monthly meetings while open; resolved by a supervisor once no action is open.
  const resolveAt = lastClosed + rng.between(DAY, 21 * DAY);
  if (!open && resolveAt < limit) {
    Object.assign(referral, { status: 'resolved', outcome: rng.pick(OUTCOMES), resolved_at: new Date(resolveAt), resolved_by_id: rng.pick(j.supervisors), updated_at: new Date(resolveAt) });
  }
  const until = referral.resolved_at?.getTime() ?? limit;
  for (const meeting of j.meetings.between(j.cspCode, at, until, rng)) out.meetingReferrals.push({ meeting_id: meeting.id, referral_id: referral.id });
}

/**
 * The JAG meetings of each CSP: one a month (the second Tuesday, 10:00),
 * made the first time a referral needs one, attended by the police, the
 * councils of the CSP and the county council.
 */
export class JagMeetings {
  private readonly made = new Map<string, JagMeetingRow>();
  /** Meetings made since the last `take()`: the batch writes them. */
  private fresh: JagMeetingRow[] = [];

  constructor(private readonly attendees: (cspCode: string) => string[], private readonly recorder: (cspCode: string) => string) {}

  between(cspCode: string, from: number, to: number, rng: Rng): JagMeetingRow[] {
    const out: JagMeetingRow[] = [];
    const d = new Date(startOfDay(from));
    for (let month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); month <= to; month = Date.UTC(new Date(month).getUTCFullYear(), new Date(month).getUTCMonth() + 1, 1)) {
      const first = new Date(month);
      const tuesday = month + (((2 - first.getUTCDay() + 7) % 7) + 7) * DAY + 10 * HOUR;
      if (tuesday <= from || tuesday > to) continue;
      const key = `${cspCode}/${tuesday}`;
      let meeting = this.made.get(key);
      if (!meeting) {
        meeting = { id: rng.uuid(), csp_code: cspCode, held_at: new Date(tuesday), recorded_by_id: this.recorder(cspCode) };
        this.made.set(key, meeting);
        this.fresh.push(meeting);
      }
      out.push(meeting);
    }
    return out;
  }

  /** The meetings made since the last call, with their attendees, for the batch to write. */
  take(): { meetings: JagMeetingRow[]; attendees: JagMeetingAttendeeRow[] } {
    const meetings = this.fresh;
    this.fresh = [];
    return { meetings, attendees: meetings.flatMap((m) => this.attendees(m.csp_code).map((organisation_id) => ({ meeting_id: m.id, organisation_id }))) };
  }
}
