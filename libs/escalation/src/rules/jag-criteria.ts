/**
 * DOMAIN.md section 10: a case may be referred to the JAG of its CSP when at
 * least one criterion holds, and the service checks every criterion the
 * referrer claims against its own data. A referral is refused when any
 * claimed criterion does not hold, naming each one that does not.
 *
 * - `repeat_victim`: a victim on the case is a repeat victim now (section 5);
 * - `high_risk`: a current risk assessment on the case (of any subject) is high;
 * - `vulnerable_victim`: a victim on the case has a vulnerability marker;
 * - `persistent`: 3 or more incidents on the case occurred in the last
 *   `persistentIncidentDays` days (policy, default 90): [now - days, now],
 *   both ends inclusive, days of 24 hours;
 * - `complex`: a supervisor's judgement with a written reason. Claimed by
 *   anyone who is not a supervisor (a caseworker, a partner system) it is
 *   not met.
 */
export const JAG_CRITERIA = ['repeat_victim', 'high_risk', 'vulnerable_victim', 'persistent', 'complex'] as const;
export type JagCriterion = (typeof JAG_CRITERIA)[number];

export const PERSISTENT_MIN_INCIDENTS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the service found on the case, at the moment of referral. */
export interface JagFacts {
  /** Victims on the case who are repeat victims now. */
  repeatVictimIds: string[];
  /** Current risk assessments on the case whose level is high. */
  highRiskAssessmentIds: string[];
  /** Victims on the case with at least one vulnerability marker. */
  vulnerableVictimIds: string[];
  /** Incidents on the case that occurred in the persistent window. */
  incidentsInWindow: number;
  persistentDays: number;
  /** The referrer is a supervisor (a signed-in user holding the role). */
  bySupervisor: boolean;
}

export interface UnmetCriterion {
  criterion: JagCriterion;
  message: string;
}

/** The window of the `persistent` criterion: [now - days, now], both ends inclusive. */
export function persistentWindow(now: Date, days: number): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - days * DAY_MS), to: now };
}

export function isPersistent(incidentsInWindow: number): boolean {
  return incidentsInWindow >= PERSISTENT_MIN_INCIDENTS;
}

/** Each claimed criterion that the facts do not bear out, in the order of JAG_CRITERIA. */
export function unmetCriteria(claimed: readonly JagCriterion[], facts: JagFacts): UnmetCriterion[] {
  const unmet: UnmetCriterion[] = [];
  const claims = new Set(claimed);
  for (const criterion of JAG_CRITERIA) {
    if (!claims.has(criterion)) continue;
    const message = unmetMessage(criterion, facts);
    if (message) unmet.push({ criterion, message });
  }
  return unmet;
}

function unmetMessage(criterion: JagCriterion, f: JagFacts): string | null {
  switch (criterion) {
    case 'repeat_victim':
      return f.repeatVictimIds.length ? null : 'repeat_victim: no victim on the case is a repeat victim now';
    case 'high_risk':
      return f.highRiskAssessmentIds.length ? null : 'high_risk: no current risk assessment on the case is high';
    case 'vulnerable_victim':
      return f.vulnerableVictimIds.length ? null : 'vulnerable_victim: no victim on the case has a vulnerability marker';
    case 'persistent':
      return isPersistent(f.incidentsInWindow)
        ? null
        : `persistent: the case has ${f.incidentsInWindow} incident(s) in the last ${f.persistentDays} days; ${PERSISTENT_MIN_INCIDENTS} are needed`;
    case 'complex':
      return f.bySupervisor ? null : "complex: it is a supervisor's judgement; only a supervisor may claim it";
  }
}

/** What bears out each claimed criterion, kept with the referral so the decision stays auditable. */
export function jagEvidence(claimed: readonly JagCriterion[], facts: JagFacts, complexReason: string | null): Partial<Record<JagCriterion, Record<string, unknown>>> {
  const evidence: Partial<Record<JagCriterion, Record<string, unknown>>> = {};
  for (const criterion of JAG_CRITERIA) {
    if (!claimed.includes(criterion)) continue;
    if (criterion === 'repeat_victim') evidence[criterion] = { personIds: facts.repeatVictimIds };
    if (criterion === 'high_risk') evidence[criterion] = { riskAssessmentIds: facts.highRiskAssessmentIds };
    if (criterion === 'vulnerable_victim') evidence[criterion] = { personIds: facts.vulnerableVictimIds };
    if (criterion === 'persistent') evidence[criterion] = { incidents: facts.incidentsInWindow, days: facts.persistentDays };
    if (criterion === 'complex') evidence[criterion] = { reason: complexReason };
  }
  return evidence;
}
