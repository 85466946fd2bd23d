import { isPersistent, JagFacts, jagEvidence, persistentWindow, unmetCriteria } from './jag-criteria';

const none: JagFacts = {
  repeatVictimIds: [],
  highRiskAssessmentIds: [],
  vulnerableVictimIds: [],
  incidentsInWindow: 0,
  persistentDays: 90,
  bySupervisor: false,
};
const all: JagFacts = {
  repeatVictimIds: ['v1'],
  highRiskAssessmentIds: ['ra1'],
  vulnerableVictimIds: ['v2'],
  incidentsInWindow: 3,
  persistentDays: 90,
  bySupervisor: true,
};

describe('JAG referral criteria (DOMAIN.md section 10)', () => {
  it('accepts every criterion that the facts bear out', () => {
    expect(unmetCriteria(['repeat_victim', 'high_risk', 'vulnerable_victim', 'persistent', 'complex'], all)).toEqual([]);
  });

  it('names each claimed criterion that does not hold, and only those claimed', () => {
    expect(unmetCriteria(['persistent', 'repeat_victim'], none).map((u) => u.criterion)).toEqual(['repeat_victim', 'persistent']);
    expect(unmetCriteria(['high_risk'], { ...none, repeatVictimIds: ['v1'] }).map((u) => u.criterion)).toEqual(['high_risk']);
    expect(unmetCriteria(['repeat_victim'], { ...none, repeatVictimIds: ['v1'] })).toEqual([]);
    expect(unmetCriteria(['vulnerable_victim'], none)[0].message).toContain('vulnerab');
  });

  it('refuses one unmet criterion among met ones', () => {
    expect(unmetCriteria(['repeat_victim', 'high_risk', 'persistent'], { ...all, highRiskAssessmentIds: [] }).map((u) => u.criterion)).toEqual(['high_risk']);
  });

  it('needs 3 incidents for persistent: 2 are not enough', () => {
    expect(isPersistent(2)).toBe(false);
    expect(isPersistent(3)).toBe(true);
    const [u] = unmetCriteria(['persistent'], { ...none, incidentsInWindow: 2 });
    expect(u.message).toBe('persistent: the case has 2 incident(s) in the last 90 days; 3 are needed');
  });

  it('counts incidents exactly 90 days back, and not one a second earlier', () => {
    const now = new Date('2026-11-23T09:00:00Z');
    const { from, to } = persistentWindow(now, 90);
    expect(from.toISOString()).toBe('2026-08-25T09:00:00.000Z');
    expect(to).toEqual(now);
    const inWindow = (at: string) => Date.parse(at) >= from.getTime() && Date.parse(at) <= to.getTime();
    expect(inWindow('2026-08-25T09:00:00Z')).toBe(true);
    expect(inWindow('2026-08-25T08:59:59Z')).toBe(false);
    expect(inWindow('2026-11-23T09:00:00Z')).toBe(true);
    expect(inWindow('2026-11-23T09:00:01Z')).toBe(false);
  });

  it('takes days of 24 hours across the change of the clocks, and follows the policy number of days', () => {
    expect(persistentWindow(new Date('2026-04-01T12:00:00Z'), 90).from.toISOString()).toBe('2026-01-01T12:00:00.000Z');
    expect(persistentWindow(new Date('2026-04-01T12:00:00Z'), 30).from.toISOString()).toBe('2026-03-02T12:00:00.000Z');
  });

  it('leaves complex to supervisors', () => {
    expect(unmetCriteria(['complex'], none).map((u) => u.criterion)).toEqual(['complex']);
    expect(unmetCriteria(['complex'], { ...none, bySupervisor: true })).toEqual([]);
  });

  it('keeps the evidence of each claimed criterion', () => {
    expect(jagEvidence(['persistent', 'complex'], all, 'Three agencies involved')).toEqual({
      persistent: { incidents: 3, days: 90 },
      complex: { reason: 'Three agencies involved' },
    });
    expect(jagEvidence(['repeat_victim', 'high_risk', 'vulnerable_victim'], all, null)).toEqual({
      repeat_victim: { personIds: ['v1'] },
      high_risk: { riskAssessmentIds: ['ra1'] },
      vulnerable_victim: { personIds: ['v2'] },
    });
  });
});
