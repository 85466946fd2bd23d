import { Answers, assessmentReviewDueAt, decideLevel, RiskLevel, RiskSubject, RiskTemplate, scoreAssessment } from '@asb/risk/rules/risk-score';
import { ServiceFacts, serviceAnswers } from '@asb/risk/rules/service-answers';
import { RISK_TEMPLATES_V1 } from '@asb/risk/templates/v1';
import type { Rng } from './rng';
import type { RiskAssessmentRow } from './rows';

const TEMPLATES = new Map<RiskSubject, RiskTemplate>(RISK_TEMPLATES_V1.map((t) => [t.subject, t]));

/**
 * The level an assessor is aiming at, per subject (ours). The service's own
 * answers (a repeat or vulnerable victim: V5, C5) and the facts (a
 * disability: V3) push some assessments up a level, so the aims sit a little
 * below section 13's medium 60%, high 2%, and the levels recorded land on them.
 */
const AIMED_LEVELS: Record<RiskSubject, Record<RiskLevel, number>> = {
  case: { standard: 0.425, medium: 0.56, high: 0.015 },
  victim: { standard: 0.39, medium: 0.595, high: 0.015 },
  perpetrator: { standard: 0.385, medium: 0.6, high: 0.015 },
};

export function aimedLevel(rng: Rng, subject: RiskSubject): RiskLevel {
  return rng.weighted(AIMED_LEVELS[subject]);
}

function scoreRange(template: RiskTemplate, level: RiskLevel): [number, number] {
  const total = template.questions.reduce((s, q) => s + q.weight, 0);
  if (level === 'high') return [template.thresholds.high, total];
  if (level === 'medium') return [template.thresholds.medium, template.thresholds.high - 1];
  return [0, template.thresholds.medium - 1];
}

/**
 * An assessor's answers aiming at `aim`: the questions the facts make "yes"
 * (`implied`) and the service's own answers first, then other "yes" answers
 * at random while the score stays within the aimed level's range.
 */
export function answersAiming(rng: Rng, template: RiskTemplate, aim: RiskLevel, byService: Answers, implied: readonly string[]): Answers {
  const [lo, hi] = scoreRange(template, aim);
  const questions = template.questions;
  const yes = new Array<boolean>(questions.length).fill(false);
  const open: number[] = [];
  let score = 0;
  questions.forEach((q, i) => {
    const fixed = byService[q.code] ?? (implied.includes(q.code) ? true : undefined);
    if (fixed === undefined) open.push(i);
    else if ((yes[i] = fixed)) score += q.weight;
  });
  for (const i of rng.shuffle(open)) {
    if (score + questions[i].weight <= hi && (score < lo || rng.chance(0.2))) {
      yes[i] = true;
      score += questions[i].weight;
    }
  }
  // Built in the template's order, so every answers object has the same shape.
  const given: Answers = {};
  questions.forEach((q, i) => (given[q.code] = yes[i]));
  return given;
}

export interface AssessmentInput {
  caseId: string;
  subject: RiskSubject;
  personId: string | null;
  at: number;
  aim: RiskLevel;
  facts: ServiceFacts;
  implied: readonly string[];
  assessorId: string;
}

/**
 * One assessment, scored exactly as the service scores it (risk-score.ts):
 * the service answers V5, P6 and C5 from the facts; the level is the computed
 * one, now and then raised a level on professional judgement.
 */
export function assessment(rng: Rng, a: AssessmentInput): RiskAssessmentRow {
  const template = TEMPLATES.get(a.subject)!;
  const at = new Date(a.at);
  const byService = serviceAnswers(a.subject, a.facts, at);
  const given = answersAiming(rng, template, a.aim, byService, a.implied);
  const scored = scoreAssessment(template, given, byService);
  if (!scored.ok) throw new Error(`demo assessment does not score: ${scored.message}`);
  const raise = scored.computedLevel !== 'high' && rng.chance(0.02);
  const requested: RiskLevel | undefined = raise ? (scored.computedLevel === 'standard' ? 'medium' : 'high') : undefined;
  const decided = decideLevel(scored.computedLevel, requested, raise ? 'Raised on professional judgement after a home visit' : undefined);
  if (!decided.ok) throw new Error(`demo assessment level refused: ${decided.message}`);
  return {
    id: rng.uuid(),
    case_id: a.caseId,
    subject: a.subject,
    person_id: a.personId,
    answers: scored.answers,
    score: scored.score,
    computed_level: scored.computedLevel,
    level: decided.level,
    override_reason: decided.overrideReason,
    assessed_at: at,
    assessed_by_id: a.assessorId,
    review_due_at: assessmentReviewDueAt(decided.level, at),
    is_current: false,
  };
}

/** Marks the newest assessment of each subject (case, or person) as current: exactly one each. */
export function markCurrent(rows: RiskAssessmentRow[]): void {
  const newest = new Map<string, RiskAssessmentRow>();
  for (const r of rows) {
    const key = `${r.case_id}/${r.subject}/${r.person_id ?? ''}`;
    const seen = newest.get(key);
    if (!seen || seen.assessed_at.getTime() <= r.assessed_at.getTime()) newest.set(key, r);
  }
  for (const r of rows) r.is_current = false;
  for (const r of newest.values()) r.is_current = true;
}
