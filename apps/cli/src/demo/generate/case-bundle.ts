import { REVIEW_DAYS_BY_LEVEL, RiskSubject } from '@asb/risk/rules/risk-score';
import { ServiceFacts } from '@asb/risk/rules/service-answers';
import { repeatVictimAt } from '@asb/people/repeat-victim/repeat-victim';
import { pointNear } from './areas';
import { DAY, HOUR, MINUTE } from './calendar';
import { caseProfile, CaseProfile } from './case-profile';
import { businessVictim, DemoPerson, perpetrator, PersonPlace, victim, witness } from './people';
import type { PeoplePools } from './people-pools';
import { recurring, Upkeep } from './recurring';
import { supervision } from './reviews';
import { aimedLevel, assessment, markCurrent } from './risk-assessments';
import type { Rng } from './rng';
import type { CasePartyRow, DemoBatch, IncidentRow, RiskAssessmentRow } from './rows';
import { caseDescription, caseTitle, incidentDescription } from './texts';
import { planTimeline, Segment } from './timeline';
import type { DemoStaff, OrganisationStaff } from './users';
import { victimFirstReferral, victimParty, victimUpdates } from './victim-contact';
import type { Vocabulary } from './vocabulary';
import { enforcement, EnforcementOutput, Issuer } from './interventions';
import { JagMeetings, jagReferral } from './jag-referrals';
import type { AmountLimits } from '@asb/enforcement/incremental-approach';

/**
 * How much of the casework is out of compliance now (ours, "a sensible
 * share"). Only what is old enough can be overdue (a case opened a week ago
 * is not yet due a review), and most open cases are young, so these are the
 * probabilities among those that can be, tuned so that about 15% of open
 * cases are overdue a review, 9% miss an assessment, 12% have one overdue
 * and 18% of their victims are overdue an update.
 */
export const NON_COMPLIANCE = {
  reviewOverdue: 0.42,
  assessmentMissing: 0.09,
  assessmentOverdue: 0.34,
  victimUpdateOverdue: 0.42,
};
/** Old enough to be overdue: more than a review period and a week. */
const OVERDUE_AGE = 35 * DAY;

/** Victims on a new case that are victims of an earlier case coming back (ours). */
const RETURNING_VICTIM = 0.06;
/** A new victim on a case with several incidents is named on several of them (a repeat victim) with this probability (ours, tuned to section 13's 39%). */
const REPEAT_NEW_VICTIM = { personalFirst: 0.9, personalOther: 0.4, community: 0.37 };
const VICTIMS_PERSONAL = { 1: 80, 2: 17, 3: 3 } as const;
const VICTIMS_COMMUNITY = { 0: 22, 1: 50, 2: 18, 3: 7, 4: 3 } as const;
const PERPETRATORS_PERSONAL = { 0: 5, 1: 80, 2: 15 } as const;
const PERPETRATORS_COMMUNITY = { 0: 35, 1: 40, 2: 15, 3: 7, 4: 3 } as const;
const KNOWN_PERPETRATOR = 0.08;

export interface CaseContext {
  rng: Rng;
  vocabulary: Vocabulary;
  staff: DemoStaff;
  now: number;
  reviewDays: number;
  /** FPN_MAX_AMOUNT and PROSECUTION_MAX_FINE. */
  limits: AmountLimits;
  /** The JAG's `persistent` window in days (policy). */
  persistentDays: number;
  meetings: JagMeetings;
  pools: PeoplePools;
  /** A number for the next police (STORM) incident reference. */
  nextStormNumber: () => number;
}

interface VictimOnCase {
  person: DemoPerson;
  party: CasePartyRow;
  isNew: boolean;
  business: boolean;
}

const isRepeatAt = (times: readonly number[], at: number) => repeatVictimAt(times.map((t) => new Date(t)), new Date(at)).isRepeat;

/** Two or more of the incidents, at least two of them within 12 months of each other, or null when none are. */
function severalWithinAYear(rng: Rng, incidents: readonly number[]): number[] | null {
  const closePairs: number[] = [];
  for (let i = 1; i < incidents.length; i++) if (incidents[i] - incidents[i - 1] <= 365 * DAY) closePairs.push(i);
  if (!closePairs.length) return null;
  if (rng.chance(0.6)) return incidents.map((_, i) => i);
  const j = rng.pick(closePairs);
  const chosen = new Set([j - 1, j]);
  for (let i = 0; i < incidents.length; i++) if (rng.chance(0.4)) chosen.add(i);
  return [...chosen].sort((x, y) => x - y);
}

/**
 * One case opened at `openedAt` with everything about it, appended to the
 * batch: the people (new, or coming back), the case, its parties, incidents
 * and their victims, risk assessments, reviews (and a reopening), victim
 * updates and Victim First referrals. Returns how many incidents it has.
 */
export function generateCase(ctx: CaseContext, openedAt: number, maxIncidents: number, batch: DemoBatch): number {
  const { rng, now } = ctx;
  const profile = caseProfile(rng, ctx.vocabulary);
  const lead = staffOf(ctx.staff, profile.leadCode);
  const officer = rng.chance(0.96) ? rng.pick(lead.caseworkers) : null;
  const recorders = officer ? [officer] : lead.caseworkers;
  const timeline = planTimeline(rng, openedAt, now, maxIncidents);
  const caseId = rng.uuid();
  const open = timeline.closedAt === null;
  const place: PersonPlace = { area: profile.area, street: profile.street, postcode: profile.postcode };

  // Incidents: reported soon after they happen, recorded once the case is open.
  const incidents: IncidentRow[] = timeline.incidents.map((at) => {
    const delay = rng.chance(0.7) ? rng.between(MINUTE, HOUR) : rng.chance(0.85) ? rng.between(HOUR, DAY) : rng.between(DAY, 3 * DAY);
    const reportedAt = Math.min(now - MINUTE, at + delay);
    const createdAt = Math.min(now, Math.max(reportedAt, openedAt) + rng.between(10 * MINUTE, 90 * MINUTE));
    const point = pointNear(rng, profile.latitude, profile.longitude);
    return {
      id: rng.uuid(),
      case_id: caseId,
      occurred_at: new Date(at),
      reported_at: new Date(reportedAt),
      description: incidentDescription(rng, profile.type),
      reported_by_person_id: null,
      address: profile.address,
      postcode: profile.postcode,
      latitude: point.latitude,
      longitude: point.longitude,
      recorded_by_id: rng.pick(recorders),
      created_at: new Date(createdAt),
    };
  });

  // Victims, and the incidents each is named on.
  const victims: VictimOnCase[] = [];
  const namedOn = new Map<string, number[]>();
  const victimCount = Number(rng.weighted(profile.personal ? VICTIMS_PERSONAL : VICTIMS_COMMUNITY));
  for (let slot = 0; slot < victimCount; slot++) {
    const returning = rng.chance(RETURNING_VICTIM) ? ctx.pools.takeReturningVictim(rng, profile.area.npaCode, openedAt, timeline.incidents[0]) : null;
    let person: DemoPerson;
    let on: number[];
    if (returning) {
      person = returning;
      on = [0];
    } else {
      const business = !profile.personal && rng.chance(0.12);
      person = business
        ? businessVictim(rng, ctx.vocabulary, place, openedAt, lead.organisationId)
        : victim(rng, ctx.vocabulary, place, openedAt, lead.organisationId, profile.personal);
      const p = profile.personal ? (slot === 0 ? REPEAT_NEW_VICTIM.personalFirst : REPEAT_NEW_VICTIM.personalOther) : REPEAT_NEW_VICTIM.community;
      const several = incidents.length > 1 && rng.chance(p) ? severalWithinAYear(rng, timeline.incidents) : null;
      on = several ?? [slot === 0 && profile.personal ? 0 : rng.int(0, incidents.length - 1)];
    }
    for (const i of on) {
      batch.incidentVictims.push({ incident_id: incidents[i].id, person_id: person.row.id, occurred_at: incidents[i].occurred_at });
      person.incidentTimes.push(timeline.incidents[i]);
    }
    person.incidentTimes.sort((x, y) => x - y);
    namedOn.set(person.row.id, on);
    // Linked to the case just before the first incident naming them was recorded.
    const addedAt = Math.max(openedAt, Math.min(...on.map((i) => incidents[i].created_at.getTime())) - 2 * MINUTE);
    const business = person.row.kind === 'organisation';
    if (!returning) {
      person.row.created_at = new Date(addedAt);
      batch.people.push(person.row);
    }
    victims.push({ person, party: victimParty(rng, caseId, person.row.id, addedAt, business), isNew: !returning, business });
  }
  incidents.forEach((inc, i) => {
    const first = victims.find((v) => namedOn.get(v.person.row.id)!.includes(i));
    if (first && rng.chance(0.7)) inc.reported_by_person_id = first.person.row.id;
  });

  // Perpetrators and witnesses, identified in the first weeks.
  const firstEnd = Math.min(timeline.segments[0].end - HOUR, now - HOUR);
  const partyTime = (maxDelay: number) => Math.max(openedAt + MINUTE, Math.min(firstEnd, openedAt + rng.between(HOUR, maxDelay)));
  const perpetrators: { person: DemoPerson; party: CasePartyRow }[] = [];
  const onCase = new Set(victims.map((v) => v.person.row.id));
  const perpetratorCount = Number(rng.weighted(profile.personal ? PERPETRATORS_PERSONAL : PERPETRATORS_COMMUNITY));
  for (let i = 0; i < perpetratorCount; i++) {
    const addedAt = partyTime(profile.personal ? 5 * DAY : 30 * DAY);
    const known = rng.chance(KNOWN_PERPETRATOR) ? ctx.pools.knownPerpetrator(rng, profile.area.npaCode, onCase) : null;
    const person = known ?? perpetrator(rng, ctx.vocabulary, place, addedAt, lead.organisationId);
    onCase.add(person.row.id);
    if (!known) {
      batch.people.push(person.row);
      ctx.pools.addPerpetrator(profile.area.npaCode, person);
    }
    perpetrators.push({ person, party: otherParty(caseId, person.row.id, 'perpetrator', addedAt) });
  }
  const witnesses: CasePartyRow[] = [];
  if (rng.chance(0.15)) {
    const addedAt = partyTime(10 * DAY);
    const w = witness(rng, ctx.vocabulary, place, addedAt, lead.organisationId);
    batch.people.push(w.row);
    witnesses.push(otherParty(caseId, w.row.id, 'witness', addedAt));
  }

  // Supervision: 28-day reviews, closing and reopening.
  const overdueBy = open && openedAt < now - OVERDUE_AGE && rng.chance(NON_COMPLIANCE.reviewOverdue) ? rng.between(DAY, Math.min(90 * DAY, now - openedAt - 29 * DAY)) : null;
  const sup = supervision(rng, { caseId, timeline, now, reviewDays: ctx.reviewDays, supervisors: lead.supervisors, overdueBy });
  batch.caseReviews.push(...sup.reviews);
  if (sup.reopening) batch.caseReopenings.push(sup.reopening);

  // Risk assessments of the case, each victim and each perpetrator.
  const subjects: Subject[] = [
    { subject: 'case', personId: null, addedAt: openedAt, firstDelay: 3 * DAY, implied: (at) => (countWithin(timeline.incidents, at, 90 * DAY) > 3 ? ['C1'] : []), facts: (at) => caseFacts(victims, at) },
    ...victims.map((v): Subject => ({
      subject: 'victim',
      personId: v.person.row.id,
      addedAt: v.party.added_at.getTime(),
      firstDelay: 4 * DAY,
      implied: () => victimImplied(v.person),
      facts: (at) => ({ victimIsRepeat: isRepeatAt(v.person.incidentTimes, at) }),
    })),
    ...perpetrators.map((p): Subject => ({
      subject: 'perpetrator',
      personId: p.person.row.id,
      addedAt: p.party.added_at.getTime(),
      firstDelay: 7 * DAY,
      implied: () => perpetratorImplied(rng, profile, p.person),
      facts: () => ({ perpetratorDateOfBirth: p.person.row.date_of_birth }),
    })),
  ];
  let missing: Subject | null = null;
  let lapsed: Subject | null = null;
  if (open) {
    const x = rng.next();
    if (x < NON_COMPLIANCE.assessmentMissing) missing = rng.pick(subjects);
    else if (x < NON_COMPLIANCE.assessmentMissing + NON_COMPLIANCE.assessmentOverdue) {
      const old = subjects.filter((s) => s.addedAt < now - OVERDUE_AGE);
      if (old.length) lapsed = rng.pick(old);
    }
  }
  const assessments: RiskAssessmentRow[] = [];
  for (const s of subjects) {
    if (s === missing) continue;
    assessSubject(ctx, caseId, s, timeline.segments, recorders, s === lapsed ? rng.between(DAY, 60 * DAY) : null, assessments);
  }
  markCurrent(assessments);
  batch.riskAssessments.push(...assessments);

  // Victims' updates and Victim First referrals.
  for (const v of victims) {
    batch.caseParties.push(v.party);
    const canLapse = open && v.party.added_at.getTime() + (v.party.update_frequency_days! + 1) * DAY < now;
    const behind = canLapse && rng.chance(NON_COMPLIANCE.victimUpdateOverdue) ? rng.between(DAY, 45 * DAY) : null;
    batch.victimUpdates.push(...victimUpdates(rng, v.party, { segments: timeline.segments, now, recorders, overdueBy: behind }));
    const high = assessments.some((a) => a.person_id === v.person.row.id && a.level === 'high');
    const needsSupport = high || v.person.row.vulnerabilities.length > 0 || isRepeatAt(v.person.incidentTimes, Math.min(firstEnd, now));
    const referAt = v.party.added_at.getTime() + rng.between(HOUR, 14 * DAY);
    if (!v.business && needsSupport && referAt < firstEnd && rng.chance(0.3)) {
      batch.victimFirstReferrals.push(victimFirstReferral(rng, v.party, referAt, rng.pick(recorders)));
    }
  }
  for (const p of perpetrators) batch.caseParties.push(p.party);
  batch.caseParties.push(...witnesses);

  // The case itself, shares, incidents and police references.
  const last = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
  batch.cases.push({
    id: caseId,
    reference: null,
    status: open ? 'open' : 'closed',
    title: caseTitle(rng, profile.type, profile.street),
    description: caseDescription(rng, profile.type, profile.area.town),
    category: profile.category,
    type: profile.type,
    aggravating_factors: profile.aggravatingFactors,
    address: profile.address,
    postcode: profile.postcode,
    latitude: profile.latitude,
    longitude: profile.longitude,
    npa_code: profile.area.npaCode,
    csp_code: profile.area.cspCode,
    lead_organisation_id: lead.organisationId,
    officer_in_charge_id: officer,
    opened_at: new Date(openedAt),
    closed_at: timeline.closedAt === null ? null : new Date(timeline.closedAt),
    close_outcome: timeline.closedAt === null ? null : sup.closeOutcome,
    reopened_at: timeline.reopenedAt === null ? null : new Date(timeline.reopenedAt),
    review_due_at: new Date(sup.reviewDueAt),
    updated_at: new Date(Math.max(openedAt, timeline.closedAt ?? 0, timeline.reopenedAt ?? 0, last(sup.reviews.map((r) => r.reviewed_at.getTime())))),
  });
  // Interventions on the perpetrators, by the lead (fixed penalty notices by the area's council).
  const partner = staffOf(ctx.staff, profile.partnerCode);
  const issuer = (code: string, staff: OrganisationStaff): Issuer => ({ staff, kind: code === 'LEICS-POLICE' ? 'police' : 'local_authority' });
  const authorityCode = profile.leadCode === 'LEICS-POLICE' ? profile.partnerCode : profile.leadCode;
  const steps: EnforcementOutput = { interventions: batch.interventions, breaches: batch.interventionBreaches, breachAnswers: batch.breachAnswers, issuers: new Set() };
  for (const p of perpetrators) {
    enforcement(rng, {
      caseId,
      caseType: profile.type,
      perpetrator: p.person,
      from: p.party.added_at.getTime(),
      to: firstEnd,
      lead: issuer(profile.leadCode, lead),
      authority: issuer(authorityCode, staffOf(ctx.staff, authorityCode)),
      limits: ctx.limits,
    }, steps);
  }
  // A few cases escalated to the JAG at a review.
  jagReferral(rng, {
    caseId,
    cspCode: profile.area.cspCode,
    now,
    persistentDays: ctx.persistentDays,
    reviews: sup.reviews,
    incidents: timeline.incidents,
    victims,
    assessments,
    supervisors: lead.supervisors,
    partners: [...new Set([lead, partner, staffOf(ctx.staff, 'LEICS-CC'), staffOf(ctx.staff, 'LEICS-POLICE')])],
    meetings: ctx.meetings,
  }, { referrals: batch.jagReferrals, actions: batch.jagActions, meetingReferrals: batch.jagMeetingReferrals });
  const fresh = ctx.meetings.take();
  batch.jagMeetings.push(...fresh.meetings);
  batch.jagMeetingAttendees.push(...fresh.attendees);

  // Shared with the partner now and then, and always with a council that issued something on a police case.
  if (rng.chance(0.15) || steps.issuers.has(partner.organisationId)) {
    batch.caseShares.push({ case_id: caseId, organisation_id: partner.organisationId, shared_at: new Date(partyTime(DAY)) });
  }
  batch.incidents.push(...incidents);
  if (profile.leadCode === 'LEICS-POLICE') {
    for (const inc of incidents) {
      if (!rng.chance(0.6)) continue;
      const day = inc.occurred_at.toISOString().slice(0, 10).replace(/-/g, '');
      batch.externalRefs.push({ entity_type: 'incident', entity_id: inc.id, system: 'STORM', value: `${day}-${String(ctx.nextStormNumber()).padStart(6, '0')}` });
    }
  }

  // One-time victims of a closed case may come back on a later case.
  if (timeline.closedAt !== null) {
    for (const v of victims) if (v.isNew && v.person.incidentTimes.length === 1) ctx.pools.addOneTimeVictim(profile.area.npaCode, v.person, timeline.closedAt, openedAt);
  }
  return incidents.length;
}

function staffOf(staff: DemoStaff, code: string): OrganisationStaff {
  const s = staff.byOrganisation.get(code);
  if (!s) throw new Error(`The demo needs the LLR organisation ${code}: load the reference data (SEED_REFERENCE_DATA=llr)`);
  return s;
}

function otherParty(caseId: string, personId: string, role: 'perpetrator' | 'witness', addedAt: number): CasePartyRow {
  return { case_id: caseId, person_id: personId, role, update_frequency_days: null, update_method: null, updates_declined: false, added_at: new Date(addedAt) };
}

interface Subject {
  subject: RiskSubject;
  personId: string | null;
  addedAt: number;
  /** The first assessment follows joining the case within this long. */
  firstDelay: number;
  implied: (at: number) => string[];
  facts: (at: number) => ServiceFacts;
}

function countWithin(times: readonly number[], at: number, span: number): number {
  return times.filter((t) => t <= at && t >= at - span).length;
}

/** C5: a victim on the case (by then) is vulnerable or a repeat victim at the time. */
function caseFacts(victims: readonly VictimOnCase[], at: number): ServiceFacts {
  const present = victims.filter((v) => v.party.added_at.getTime() <= at);
  return { anyVictimRepeatOrVulnerable: present.some((v) => v.person.row.vulnerabilities.length > 0 || isRepeatAt(v.person.incidentTimes, at)) };
}

function victimImplied(p: DemoPerson): string[] {
  const v = p.row.vulnerabilities;
  const out: string[] = [];
  if (v.some((m) => m === 'disability' || m === 'mental_health' || m === 'learning_disability')) out.push('V3');
  if (v.includes('age')) out.push('V4');
  if (v.includes('isolation')) out.push('V8');
  return out;
}

function perpetratorImplied(rng: Rng, profile: CaseProfile, p: DemoPerson): string[] {
  const out: string[] = [];
  if (profile.aggravatingFactors.includes('drugs') && rng.chance(0.6)) out.push('P3');
  if (profile.aggravatingFactors.includes('alcohol') && rng.chance(0.6)) out.push('P4');
  if (p.row.vulnerabilities.includes('mental_health')) out.push('P5');
  return out;
}

/**
 * Assessments of one subject: the first soon after they joined the case,
 * then a reassessment each time the last falls due for review (14 days when
 * high, else 28), while the case is open; on a reopened case, again on
 * reopening. On an open case they are up to date, or `lapsedBy` overdue now.
 */
function assessSubject(ctx: CaseContext, caseId: string, s: Subject, segments: readonly Segment[], assessors: readonly string[], lapsedBy: number | null, out: RiskAssessmentRow[]): void {
  const { rng, now } = ctx;
  let aim = aimedLevel(rng, s.subject);
  let assessed = false;
  segments.forEach((seg, i) => {
    if (seg.end <= s.addedAt) return;
    const end = seg.closed ? seg.end - HOUR : now;
    const again = assessed || s.addedAt < seg.start;
    const from = again ? seg.start : s.addedAt;
    const room = end - from;
    if (room <= 0) return;
    const start = from + rng.between(Math.min(HOUR, room / 2), Math.min(again ? 3 * DAY : s.firstDelay, room));
    const current = !seg.closed && i === segments.length - 1;
    const upkeep: Upkeep = !current
      ? { mode: 'history', stopChance: 0.08 }
      : lapsedBy !== null
        ? { mode: 'overdue', overdueBy: lapsedBy, longestPeriod: REVIEW_DAYS_BY_LEVEL.medium * DAY }
        : { mode: 'keep_up' };
    recurring(rng, start, end, (at) => {
      if (assessed && rng.chance(0.2)) aim = aimedLevel(rng, s.subject);
      assessed = true;
      const row = assessment(rng, { caseId, subject: s.subject, personId: s.personId, at, aim, facts: s.facts(at), implied: s.implied(at), assessorId: rng.pick(assessors) });
      out.push(row);
      return REVIEW_DAYS_BY_LEVEL[row.level as keyof typeof REVIEW_DAYS_BY_LEVEL] * DAY;
    }, 0.8, upkeep);
  });
}
