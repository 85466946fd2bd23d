import { nextReviewDueAt } from '@asb/cases/rules/review-due';
import { normalisePostcode } from '@asb/core/validation/fields';
import { repeatVictimAt } from '@asb/people/repeat-victim/repeat-victim';
import { assessmentReviewDueAt, RISK_LEVELS, RiskLevel, scoreAssessment } from '@asb/risk/rules/risk-score';
import { serviceAnswers } from '@asb/risk/rules/service-answers';
import { JagCriterion, unmetCriteria } from '@asb/escalation/rules/jag-criteria';
import { RISK_TEMPLATES_V1 } from '@asb/risk/templates/v1';
import { LLR_ORGANISATIONS } from '@asb/organisations/reference-data/llr';
import { LLR_BOUNDS } from './areas';
import { DemoGenerator, DemoOptions } from './generator';
import type { DemoBatch, DemoTable } from './rows';
import { emptyBatch } from './rows';
import { BASIC_VOCABULARY } from './vocabulary';

const DAY = 86_400_000;
const NOW = new Date('2026-11-23T00:00:00Z');
const ORGANISATIONS = Object.fromEntries(LLR_ORGANISATIONS.map((o, i) => [o.code, `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`]));
const options = (o: Partial<DemoOptions> = {}): DemoOptions => ({ seed: 42, incidents: 3000, now: NOW, organisations: ORGANISATIONS, vocabulary: BASIC_VOCABULARY, ...o });

function generateAll(o: Partial<DemoOptions>): { all: DemoBatch; batches: DemoBatch[]; generator: DemoGenerator } {
  const generator = new DemoGenerator(options(o));
  const all = emptyBatch(0);
  const batches: DemoBatch[] = [];
  for (const b of generator.batches()) {
    batches.push(b);
    for (const key of Object.keys(b) as (DemoTable | 'index')[]) if (key !== 'index') (all[key] as unknown[]).push(...(b[key] as unknown[]));
  }
  return { all, batches, generator };
}

const share = (part: number, whole: number) => (100 * part) / whole;
/** A percentage within `tolerance` points of the target. */
function expectNear(actual: number, target: number, tolerance: number): void {
  expect(Math.abs(actual - target)).toBeLessThanOrEqual(tolerance);
}
const count = <T>(items: readonly T[], test: (t: T) => boolean) => items.filter(test).length;

describe('demo data: deterministic for a seed', () => {
  it('gives the same first rows for the same seed, and others for another seed', () => {
    const first = (seed: number) => {
      const g = new DemoGenerator(options({ seed, incidents: 400 }));
      const [b] = g.batches();
      return { users: g.staff.users.slice(0, 3), cases: b.cases.slice(0, 3), people: b.people.slice(0, 3), incidents: b.incidents.slice(0, 5), assessments: b.riskAssessments.slice(0, 5) };
    };
    const a = first(7);
    expect(first(7)).toEqual(a);
    expect(a.cases[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const b = first(8);
    expect(b.cases[0].id).not.toBe(a.cases[0].id);
    expect(b.people[0].last_name === a.people[0].last_name && b.cases[0].title === a.cases[0].title && b.incidents[0].occurred_at.getTime() === a.incidents[0].occurred_at.getTime()).toBe(false);
  });

  it('makes exactly the incidents asked for, in batches of about the size asked for', () => {
    const { all, batches } = generateAll({ incidents: 2345, batchIncidents: 500 });
    expect(all.incidents).toHaveLength(2345);
    expect(batches.map((b) => b.index)).toEqual(batches.map((_, i) => i + 1));
    for (const b of batches.slice(0, -1)) {
      expect(b.incidents.length).toBeGreaterThanOrEqual(500);
      expect(b.incidents.length).toBeLessThan(500 + 81);
    }
    expect(new Set(all.cases.map((c) => c.id)).size).toBe(all.cases.length);
    expect(all.cases.every((c) => c.reference === null)).toBe(true); // the loader reserves them
  });

  it('makes one incident when asked for one', () => {
    const { all } = generateAll({ incidents: 1 });
    expect(all.incidents).toHaveLength(1);
    expect(all.cases).toHaveLength(1);
  });
});

describe('demo data: the proportions of DOMAIN.md section 13, on 20,000 incidents', () => {
  let all: DemoBatch;
  let generator: DemoGenerator;
  const now = NOW.getTime();
  beforeAll(() => {
    ({ all, generator } = generateAll({ seed: 2026, incidents: 20_000 }));
  });

  it('categories and types: community 70% / personal 30%; verbal abuse 53.4% of personal; youth 12.4%, off-road bikes 10.4%, drug taking 9% of community', () => {
    const personal = all.cases.filter((c) => c.category === 'personal');
    const community = all.cases.filter((c) => c.category !== 'personal');
    expectNear(share(personal.length, all.cases.length), 30, 2);
    expectNear(share(count(personal, (c) => c.type === 'neighbour_verbal_abuse_intimidation_harassment'), personal.length), 53.4, 4);
    expectNear(share(count(community, (c) => c.type === 'youth_rowdy_inconsiderate'), community.length), 12.4, 1.5);
    expectNear(share(count(community, (c) => c.type === 'off_road_bikes'), community.length), 10.4, 1.5);
    expectNear(share(count(community, (c) => c.type === 'drug_taking'), community.length), 9, 1.5);
    expect(new Set(community.map((c) => c.category))).toEqual(new Set(['nuisance', 'environmental']));
  });

  it('aggravating factors: drugs 36%, age-related 25%, mental health 17%, alcohol 11% of cases', () => {
    const has = (f: string) => share(count(all.cases, (c) => c.aggravating_factors.includes(f)), all.cases.length);
    expectNear(has('drugs'), 36, 2);
    expectNear(has('age_related'), 25, 2);
    expectNear(has('mental_health'), 17, 2);
    expectNear(has('alcohol'), 11, 2);
  });

  it('risk levels of current assessments: medium 60%, high 2%', () => {
    const current = all.riskAssessments.filter((r) => r.is_current);
    expectNear(share(count(current, (r) => r.level === 'medium'), current.length), 60, 2);
    expect(share(count(current, (r) => r.level === 'high'), current.length)).toBeGreaterThan(1);
    expect(share(count(current, (r) => r.level === 'high'), current.length)).toBeLessThan(3.5);
  });

  it('repeat victims: 39% of victims have two incidents within 12 months (on one case or several)', () => {
    const times = new Map<string, Date[]>();
    for (const iv of all.incidentVictims) times.set(iv.person_id, [...(times.get(iv.person_id) ?? []), iv.occurred_at]);
    const victims = [...new Set(all.caseParties.filter((p) => p.role === 'victim').map((p) => p.person_id))];
    const repeat = count(victims, (id) => (times.get(id) ?? []).some((t) => repeatVictimAt(times.get(id)!, t).isRepeat));
    expectNear(share(repeat, victims.length), 39, 2);
    // Some come back on a later case: the service must find them across cases.
    const casesOf = new Map<string, Set<string>>();
    for (const p of all.caseParties.filter((x) => x.role === 'victim')) casesOf.set(p.person_id, (casesOf.get(p.person_id) ?? new Set()).add(p.case_id));
    expect(count([...casesOf.values()], (s) => s.size > 1)).toBeGreaterThan(50);
  });

  it('victims 55% female; perpetrators 73% male, most often aged 10-19', () => {
    const people = new Map(all.people.map((p) => [p.id, p]));
    const ofRole = (role: string) => [...new Set(all.caseParties.filter((p) => p.role === role).map((p) => p.person_id))].map((id) => people.get(id)!);
    const victims = ofRole('victim').filter((p) => p.kind === 'person');
    const perpetrators = ofRole('perpetrator');
    expectNear(share(count(victims, (p) => p.gender === 'female'), victims.length), 55, 2);
    expectNear(share(count(perpetrators, (p) => p.gender === 'male'), perpetrators.length), 73, 2);
    const bands = new Map<number, number>();
    for (const p of perpetrators.filter((x) => x.date_of_birth)) {
      const age = Math.floor((p.created_at.getTime() - Date.parse(p.date_of_birth!)) / (365.25 * DAY));
      bands.set(Math.floor(age / 10), (bands.get(Math.floor(age / 10)) ?? 0) + 1);
    }
    const [modal] = [...bands].sort((a, b) => b[1] - a[1])[0];
    expect(modal).toBe(1);
  });

  it('incidents by NPA: Charnwood 19%, Hinckley and Blaby 17%, in postcodes and places of LLR', () => {
    const npaOf = new Map(all.cases.map((c) => [c.id, c.npa_code]));
    const npa = (code: string) => share(count(all.incidents, (i) => npaOf.get(i.case_id) === code), all.incidents.length);
    expectNear(npa('NL'), 19, 3); // incidents come in cases: a wider spread than cases' own shares
    expectNear(npa('NH'), 17, 3);
    const rutland = all.cases.filter((c) => c.csp_code === 'RUTLAND');
    expect(rutland.length).toBeGreaterThan(0);
    expect(rutland.every((c) => /^(LE15|PE9) /.test(c.postcode))).toBe(true);
    const outside = [...all.cases, ...all.incidents].filter(
      (r) => normalisePostcode(r.postcode) !== r.postcode || r.latitude < LLR_BOUNDS.minLat || r.latitude > LLR_BOUNDS.maxLat || r.longitude < LLR_BOUNDS.minLon || r.longitude > LLR_BOUNDS.maxLon,
    );
    expect(outside).toEqual([]);
  });

  it('the peak month is May, then June and July; weekdays are busier than weekends', () => {
    const byMonth = Array.from({ length: 12 }, (_, m) => count(all.incidents, (i) => i.occurred_at.getUTCMonth() === m));
    const [may, june, july] = [byMonth[4], byMonth[5], byMonth[6]];
    expect(may).toBeGreaterThan(june);
    expect(june).toBeGreaterThan(july);
    for (const [m, n] of byMonth.entries()) if (m < 4 || m > 6) expect(july).toBeGreaterThan(n);
    const byDay = Array.from({ length: 7 }, (_, d) => count(all.incidents, (i) => i.occurred_at.getUTCDay() === d));
    const weekday = (byDay[1] + byDay[2] + byDay[3] + byDay[4] + byDay[5]) / 5;
    expect(weekday).toBeGreaterThan(byDay[0] * 1.1);
    expect(weekday).toBeGreaterThan(byDay[6] * 1.1);
  });

  it('a sensible share of the open casework is out of compliance now', () => {
    const open = all.cases.filter((c) => c.status === 'open');
    expect(share(open.length, all.cases.length)).toBeGreaterThan(3);
    const overdue = share(count(open, (c) => c.review_due_at.getTime() < now), open.length);
    expect(overdue).toBeGreaterThan(8);
    expect(overdue).toBeLessThan(25);
    const openIds = new Set(open.map((c) => c.id));
    const current = all.riskAssessments.filter((r) => r.is_current && openIds.has(r.case_id));
    expect(count(current, (r) => r.review_due_at.getTime() < now)).toBeGreaterThan(0);
    const assessed = new Set(current.map((r) => `${r.case_id}/${r.person_id ?? ''}`));
    const missing = count(all.caseParties, (p) => openIds.has(p.case_id) && p.role !== 'witness' && !assessed.has(`${p.case_id}/${p.person_id}`));
    expect(missing).toBeGreaterThan(0);
    const lastUpdate = new Map<string, number>();
    for (const u of all.victimUpdates) lastUpdate.set(`${u.case_id}/${u.person_id}`, Math.max(lastUpdate.get(`${u.case_id}/${u.person_id}`) ?? 0, u.contacted_at.getTime()));
    const victims = all.caseParties.filter((p) => p.role === 'victim' && openIds.has(p.case_id) && !p.updates_declined);
    const behind = count(victims, (p) => (lastUpdate.get(`${p.case_id}/${p.person_id}`) ?? p.added_at.getTime()) + p.update_frequency_days! * DAY < now);
    expect(share(behind, victims.length)).toBeGreaterThan(8);
    expect(share(behind, victims.length)).toBeLessThan(35);
  });

  it('demo staff for every organisation: caseworkers, supervisors and an analyst, with predictable e-mails', () => {
    for (const o of LLR_ORGANISATIONS) {
      const staff = generator.staff.users.filter((u) => u.organisation_id === ORGANISATIONS[o.code]);
      expect(staff.filter((u) => u.roles.includes('caseworker')).length).toBeGreaterThanOrEqual(2);
      expect(staff.filter((u) => u.roles.includes('supervisor')).length).toBeGreaterThanOrEqual(1);
      expect(staff.filter((u) => u.roles.includes('analyst')).map((u) => u.email)).toEqual([`analyst@${o.code.toLowerCase()}.demo.example.org`]);
    }
  });

  describe('consistent with the service rules', () => {
    it('each case is due a review the period after its last review, or its opening or reopening; a closed case ends with its closing review', () => {
      const reviews = new Map<string, typeof all.caseReviews>();
      for (const r of all.caseReviews) reviews.set(r.case_id, [...(reviews.get(r.case_id) ?? []), r]);
      const reopened = new Map(all.caseReopenings.map((r) => [r.case_id, r]));
      const wrong: unknown[] = [];
      for (const c of all.cases) {
        const list = (reviews.get(c.id) ?? []).sort((a, b) => a.reviewed_at.getTime() - b.reviewed_at.getTime());
        const reopenedAt = reopened.get(c.id)?.reopened_at.getTime() ?? null;
        let due = c.opened_at.getTime() + 28 * DAY;
        let lastAt = -Infinity;
        for (const r of list) {
          // A reopening restarts the clock; the closing review before it kept the due date it answered.
          if (reopenedAt !== null && lastAt <= reopenedAt && reopenedAt < r.reviewed_at.getTime()) due = reopenedAt + 28 * DAY;
          if (r.due_at.getTime() !== due) wrong.push({ review: r, due: new Date(due) });
          if (r.decision !== 'close') due = nextReviewDueAt(r.reviewed_at, 28).getTime();
          lastAt = r.reviewed_at.getTime();
        }
        if (reopenedAt !== null && lastAt <= reopenedAt) due = reopenedAt + 28 * DAY;
        if (c.review_due_at.getTime() !== due) wrong.push({ case: c, due: new Date(due) });
        const last = list[list.length - 1];
        if (c.status === 'closed' && (last.decision !== 'close' || last.reviewed_at.getTime() !== c.closed_at!.getTime() || last.outcome !== c.close_outcome)) wrong.push({ closed: c, last });
      }
      expect(wrong).toEqual([]);
      expect(all.caseReopenings.length).toBeGreaterThan(0);
    });

    it('every assessment scores as the service scores it, and each subject has exactly one current assessment, its newest', () => {
      const templates = new Map(RISK_TEMPLATES_V1.map((t) => [t.subject, t]));
      const people = new Map(all.people.map((p) => [p.id, p]));
      const subjects = new Map<string, typeof all.riskAssessments>();
      const wrong: unknown[] = [];
      for (const r of all.riskAssessments) {
        const byService = r.subject === 'perpetrator' ? serviceAnswers('perpetrator', { perpetratorDateOfBirth: people.get(r.person_id!)?.date_of_birth ?? null }, r.assessed_at) : {};
        const scored = scoreAssessment(templates.get(r.subject)!, r.answers, byService);
        const ok =
          scored.ok && scored.score === r.score && scored.computedLevel === r.computed_level &&
          RISK_LEVELS.indexOf(r.level as RiskLevel) >= RISK_LEVELS.indexOf(r.computed_level as RiskLevel) &&
          (r.override_reason !== null) === (r.level !== r.computed_level) &&
          r.review_due_at.getTime() === assessmentReviewDueAt(r.level as RiskLevel, r.assessed_at).getTime();
        if (!ok) wrong.push({ assessment: r, scored });
        const key = `${r.case_id}/${r.subject}/${r.person_id ?? ''}`;
        subjects.set(key, [...(subjects.get(key) ?? []), r]);
      }
      for (const list of subjects.values()) {
        const current = list.filter((r) => r.is_current);
        if (current.length !== 1 || current[0].assessed_at.getTime() !== Math.max(...list.map((r) => r.assessed_at.getTime()))) wrong.push({ current });
      }
      expect(wrong).toEqual([]);
    });

    it('victims of an incident are victims on its case, linked before it was recorded; occurredAt is copied', () => {
      const incidents = new Map(all.incidents.map((i) => [i.id, i]));
      const victimsOn = new Map(all.caseParties.filter((p) => p.role === 'victim').map((p) => [`${p.case_id}/${p.person_id}`, p]));
      const wrong = all.incidentVictims.filter((iv) => {
        const incident = incidents.get(iv.incident_id)!;
        const party = victimsOn.get(`${incident.case_id}/${iv.person_id}`);
        return iv.occurred_at.getTime() !== incident.occurred_at.getTime() || !party || party.added_at > incident.created_at || incident.reported_at < incident.occurred_at;
      });
      expect(wrong).toEqual([]);
    });

    it('interventions follow the Incremental Approach: a CPN after a served CPNW whose date has passed, steps flagged when they skip a level', () => {
      const steps = [...all.interventions, ...all.breachAnswers].sort((a, b) => a.issued_at.getTime() - b.issued_at.getTime());
      expect(steps.length).toBeGreaterThan(500);
      expect(share(count(steps, (s) => s.level <= 2), steps.length)).toBeGreaterThan(70);
      const bySubject = new Map<string, typeof steps>();
      for (const s of steps) bySubject.set(`${s.case_id}/${s.person_id}`, [...(bySubject.get(`${s.case_id}/${s.person_id}`) ?? []), s]);
      const wrong = steps.filter((s) => {
        const before = bySubject.get(`${s.case_id}/${s.person_id}`)!.filter((p) => p.issued_at < s.issued_at && (p.status !== 'withdrawn' || p.withdrawn_at! > s.issued_at));
        const outOfSequence = s.level > 1 + Math.max(0, ...before.map((p) => p.level));
        const warned = before.some((w) => w.type === 'community_protection_warning' && w.status === 'served' && w.compliance_due_at! < s.issued_at);
        return s.out_of_sequence !== outOfSequence || outOfSequence !== (s.justification !== null) || (s.type === 'community_protection_notice' && !warned);
      });
      expect(wrong).toEqual([]);
      expect(count(steps, (s) => s.type === 'community_protection_notice' && s.status === 'served')).toBeGreaterThan(0);
      expect(all.interventionBreaches.length).toBeGreaterThan(0);
      const breached = new Set(all.interventionBreaches.map((b) => b.id));
      expect(all.breachAnswers.every((a) => breached.has(a.breach_id!))).toBe(true);
    });

    it('a few cases go to the JAG at a review, on criteria that hold then, with actions, meetings and a resolution once the actions are done', () => {
      const referrals = all.jagReferrals;
      expect(share(referrals.length, all.cases.length)).toBeGreaterThan(1);
      expect(share(referrals.length, all.cases.length)).toBeLessThan(5);
      const times = new Map<string, Date[]>();
      for (const iv of all.incidentVictims) times.set(iv.person_id, [...(times.get(iv.person_id) ?? []), iv.occurred_at]);
      const people = new Map(all.people.map((p) => [p.id, p]));
      const wrong: unknown[] = [];
      for (const r of referrals) {
        const at = r.referred_at.getTime();
        const victims = all.caseParties.filter((p) => p.case_id === r.case_id && p.role === 'victim' && p.added_at.getTime() <= at);
        const latest = new Map<string, (typeof all.riskAssessments)[number]>();
        for (const a of all.riskAssessments.filter((x) => x.case_id === r.case_id && x.assessed_at.getTime() <= at)) {
          const key = `${a.subject}/${a.person_id}`;
          if (!latest.has(key) || latest.get(key)!.assessed_at < a.assessed_at) latest.set(key, a);
        }
        const facts = {
          repeatVictimIds: victims.filter((v) => repeatVictimAt(times.get(v.person_id) ?? [], r.referred_at).isRepeat).map((v) => v.person_id),
          highRiskAssessmentIds: [...latest.values()].filter((a) => a.level === 'high').map((a) => a.id),
          vulnerableVictimIds: victims.filter((v) => people.get(v.person_id)!.vulnerabilities.length > 0).map((v) => v.person_id),
          incidentsInWindow: count(all.incidents, (i) => i.case_id === r.case_id && i.occurred_at.getTime() <= at && i.occurred_at.getTime() >= at - 90 * DAY),
          persistentDays: 90,
          bySupervisor: true,
        };
        const review = all.caseReviews.find((x) => x.case_id === r.case_id && x.reviewed_at.getTime() === at);
        const actions = all.jagActions.filter((a) => a.referral_id === r.id);
        const ok =
          unmetCriteria(r.reasons as JagCriterion[], facts).length === 0 && review?.decision === 'escalate_jag' && review.reviewer_id === r.referred_by_id &&
          actions.length > 0 && (r.status === 'open' || actions.every((a) => a.status !== 'open' && a.closed_at! <= r.resolved_at!));
        if (!ok) wrong.push({ referral: r, facts, review, actions });
      }
      expect(wrong).toEqual([]);
      expect(count(all.caseReviews, (x) => x.decision === 'escalate_jag')).toBe(referrals.length);
      const meetings = new Map(all.jagMeetings.map((m) => [m.id, m]));
      for (const mr of all.jagMeetingReferrals) {
        const referral = referrals.find((r) => r.id === mr.referral_id)!;
        expect(meetings.get(mr.meeting_id)!.csp_code).toBe(referral.csp_code);
        expect(meetings.get(mr.meeting_id)!.held_at.getTime()).toBeGreaterThan(referral.referred_at.getTime());
      }
    });
  });
});
