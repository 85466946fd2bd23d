import { RISK_TEMPLATES_V1 } from '../templates/v1';
import { Answers, assessmentReviewDueAt, decideLevel, levelForScore, RiskTemplate, scoreAssessment } from './risk-score';

const template = (subject: string) => RISK_TEMPLATES_V1.find((t) => t.subject === subject) as RiskTemplate;

/** Answers "yes" to the given codes and "no" to every other question the assessor answers. */
function answers(t: RiskTemplate, yes: string[]): Answers {
  return Object.fromEntries(t.questions.filter((q) => !q.answeredByService).map((q) => [q.code, yes.includes(q.code)]));
}

describe('risk templates version 1 (DOMAIN.md section 6)', () => {
  it('are the three templates as tabled, with their totals', () => {
    const total = (s: string) => template(s).questions.reduce((n, q) => n + q.weight, 0);
    expect(template('victim').questions).toHaveLength(12);
    expect(template('perpetrator').questions).toHaveLength(10);
    expect(template('case').questions).toHaveLength(8);
    expect([total('victim'), total('perpetrator'), total('case')]).toEqual([20, 19, 14]);
    expect(RISK_TEMPLATES_V1.flatMap((t) => t.questions.filter((q) => q.answeredByService).map((q) => q.code))).toEqual(['V5', 'P6', 'C5']);
  });
});

describe('levels at every threshold', () => {
  it.each([
    ['victim', 5, 'standard'], ['victim', 6, 'medium'], ['victim', 11, 'medium'], ['victim', 12, 'high'],
    ['perpetrator', 4, 'standard'], ['perpetrator', 5, 'medium'], ['perpetrator', 9, 'medium'], ['perpetrator', 10, 'high'],
    ['case', 3, 'standard'], ['case', 4, 'medium'], ['case', 7, 'medium'], ['case', 8, 'high'],
  ])('%s score %i is %s', (subject, score, level) => {
    expect(levelForScore(score, template(subject).thresholds)).toBe(level);
  });
});

describe('scoreAssessment', () => {
  it('sums the weights of the yes answers (victim: V1 3 + V2 3 = 6, medium)', () => {
    const t = template('victim');
    expect(scoreAssessment(t, answers(t, ['V1', 'V2']), { V5: false })).toMatchObject({ ok: true, score: 6, computedLevel: 'medium' });
    expect(scoreAssessment(t, answers(t, ['V1', 'V3']), { V5: false })).toMatchObject({ ok: true, score: 5, computedLevel: 'standard' });
  });

  it('fills in V5 from the service, ignoring the assessor', () => {
    const t = template('victim');
    const given = { ...answers(t, ['V1', 'V3']), V5: false };
    const r = scoreAssessment(t, given, { V5: true });
    expect(r).toMatchObject({ ok: true, score: 7, computedLevel: 'medium' });
    expect(r.ok && r.answers.V5).toBe(true);
  });

  it('perpetrator at 10 is high; P6 from the service when the date of birth is known', () => {
    const t = template('perpetrator');
    expect(scoreAssessment(t, answers(t, ['P1', 'P2', 'P3', 'P5']), { P6: true })).toMatchObject({ ok: true, score: 10, computedLevel: 'high' });
  });

  it('needs P6 from the assessor when the service cannot answer it', () => {
    const t = template('perpetrator');
    const r = scoreAssessment(t, answers(t, []), {});
    expect(r).toMatchObject({ ok: false, code: 'RISK_ANSWERS_INCOMPLETE', questions: ['P6'] });
    expect(scoreAssessment(t, { ...answers(t, []), P6: true }, {})).toMatchObject({ ok: true, score: 1 });
  });

  it('case with C5 from the service: C4 3 + C5 2 = 5, medium; C1 C2 C4 C5 = 9, high', () => {
    const t = template('case');
    expect(scoreAssessment(t, answers(t, ['C4']), { C5: true })).toMatchObject({ ok: true, score: 5, computedLevel: 'medium' });
    expect(scoreAssessment(t, answers(t, ['C1', 'C2', 'C4']), { C5: true })).toMatchObject({ ok: true, score: 9, computedLevel: 'high' });
  });

  it('lists every unanswered question', () => {
    const t = template('case');
    const given = answers(t, []);
    delete given.C1;
    delete given.C8;
    expect(scoreAssessment(t, given, { C5: false })).toMatchObject({ ok: false, code: 'RISK_ANSWERS_INCOMPLETE', questions: ['C1', 'C8'] });
  });

  it('refuses unknown question codes', () => {
    const t = template('case');
    expect(scoreAssessment(t, { ...answers(t, []), V1: true }, { C5: false })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', questions: ['V1'] });
  });
});

describe('decideLevel', () => {
  it('keeps the computed level when none is asked for', () => {
    expect(decideLevel('medium')).toEqual({ ok: true, level: 'medium', overrideReason: null });
  });
  it('raises with a reason', () => {
    expect(decideLevel('standard', 'high', 'Weapons seen')).toEqual({ ok: true, level: 'high', overrideReason: 'Weapons seen' });
  });
  it('refuses a raise with no reason', () => {
    expect(decideLevel('standard', 'medium', '  ')).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });
  it('refuses to lower', () => {
    expect(decideLevel('high', 'medium', 'because')).toMatchObject({ ok: false, code: 'RISK_LEVEL_BELOW_COMPUTED' });
  });
});

describe('review due (policy)', () => {
  const at = new Date('2026-11-01T10:00:00Z');
  it('is 14 days for high, 28 for medium and standard', () => {
    expect(assessmentReviewDueAt('high', at).toISOString()).toBe('2026-11-15T10:00:00.000Z');
    expect(assessmentReviewDueAt('medium', at).toISOString()).toBe('2026-11-29T10:00:00.000Z');
    expect(assessmentReviewDueAt('standard', at).toISOString()).toBe('2026-11-29T10:00:00.000Z');
  });
});
