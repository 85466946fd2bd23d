/**
 * DOMAIN.md section 6: an assessment answers every question of its template
 * (yes/no); the score is the sum of the weights of the "yes" answers and the
 * level follows from the template's thresholds. An assessor may raise the
 * level with a reason, never lower it. Some questions are answered by the
 * service itself; a client's answer to those is ignored.
 */
export const RISK_LEVELS = ['standard', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type RiskSubject = 'case' | 'victim' | 'perpetrator';

export interface TemplateQuestion {
  code: string;
  text: string;
  weight: number;
  answeredByService: boolean;
}

export interface RiskTemplate {
  subject: RiskSubject;
  version: number;
  thresholds: { medium: number; high: number };
  questions: TemplateQuestion[];
}

export type Answers = Record<string, boolean>;

export type ScoreResult =
  | { ok: true; answers: Answers; score: number; computedLevel: RiskLevel }
  | { ok: false; code: 'RISK_ANSWERS_INCOMPLETE' | 'VALIDATION_FAILED'; message: string; questions: string[] };

export function levelForScore(score: number, thresholds: { medium: number; high: number }): RiskLevel {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'standard';
}

/**
 * Scores the answers against the template. `serviceAnswers` holds the
 * answers the service worked out (V5, P6, C5); a service question the service
 * could not answer (P6 without a date of birth) must be answered by the assessor.
 */
export function scoreAssessment(template: RiskTemplate, given: Answers, serviceAnswers: Answers): ScoreResult {
  const known = new Set(template.questions.map((q) => q.code));
  const unknown = Object.keys(given).filter((code) => !known.has(code));
  if (unknown.length) {
    return { ok: false, code: 'VALIDATION_FAILED', message: `Unknown question code(s) for the ${template.subject} template: ${unknown.join(', ')}`, questions: unknown };
  }
  const answers: Answers = {};
  const missing: string[] = [];
  for (const q of template.questions) {
    const byService = q.answeredByService ? serviceAnswers[q.code] : undefined;
    const value = byService ?? given[q.code];
    if (typeof value !== 'boolean') missing.push(q.code);
    else answers[q.code] = value;
  }
  if (missing.length) {
    return { ok: false, code: 'RISK_ANSWERS_INCOMPLETE', message: `Every question must be answered; unanswered: ${missing.join(', ')}`, questions: missing };
  }
  const score = template.questions.reduce((sum, q) => sum + (answers[q.code] ? q.weight : 0), 0);
  return { ok: true, answers, score, computedLevel: levelForScore(score, template.thresholds) };
}

export type LevelDecision =
  | { ok: true; level: RiskLevel; overrideReason: string | null }
  | { ok: false; code: 'RISK_LEVEL_BELOW_COMPUTED' | 'VALIDATION_FAILED'; message: string };

/** The level recorded: the computed one, or a higher one given with a reason. */
export function decideLevel(computed: RiskLevel, requested?: RiskLevel, reason?: string): LevelDecision {
  const rank = (l: RiskLevel) => RISK_LEVELS.indexOf(l);
  if (!requested || requested === computed) return { ok: true, level: computed, overrideReason: requested ? (reason?.trim() || null) : null };
  if (rank(requested) < rank(computed)) {
    return { ok: false, code: 'RISK_LEVEL_BELOW_COMPUTED', message: `The level cannot be lowered below the computed level "${computed}"` };
  }
  if (!reason?.trim()) return { ok: false, code: 'VALIDATION_FAILED', message: 'Raising the level above the computed one needs an overrideReason' };
  return { ok: true, level: requested, overrideReason: reason.trim() };
}

/** Policy (DOMAIN.md section 6): high-risk assessments are reviewed after 14 days, others after 28. */
export const REVIEW_DAYS_BY_LEVEL: Record<RiskLevel, number> = { high: 14, medium: 28, standard: 28 };

export function assessmentReviewDueAt(level: RiskLevel, assessedAt: Date): Date {
  return new Date(assessedAt.getTime() + REVIEW_DAYS_BY_LEVEL[level] * 86_400_000);
}
