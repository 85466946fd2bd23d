import { missingRiskAssessments } from './missing-risk-assessments';

describe('missing risk assessments (DOMAIN.md section 6)', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const later = new Date('2026-06-10T00:00:00Z');
  const earlier = new Date('2026-05-20T00:00:00Z');

  it('lists the case, every victim and every perpetrator when nothing was assessed', () => {
    expect(missingRiskAssessments('open', ['v1', 'v2'], ['p1'], [], now)).toEqual([
      { subject: 'case', problem: 'missing' },
      { subject: 'victim', personId: 'v1', problem: 'missing' },
      { subject: 'victim', personId: 'v2', problem: 'missing' },
      { subject: 'perpetrator', personId: 'p1', problem: 'missing' },
    ]);
  });

  it('lists nothing when every assessment is current and in date', () => {
    const current = [
      { subject: 'case' as const, personId: null, reviewDueAt: later },
      { subject: 'victim' as const, personId: 'v1', reviewDueAt: later },
      { subject: 'perpetrator' as const, personId: 'p1', reviewDueAt: later },
    ];
    expect(missingRiskAssessments('open', ['v1'], ['p1'], current, now)).toEqual([]);
  });

  it('marks an assessment past its review date as review_overdue, and one due exactly now as in date', () => {
    const current = [
      { subject: 'case' as const, personId: null, reviewDueAt: now },
      { subject: 'victim' as const, personId: 'v1', reviewDueAt: earlier },
    ];
    expect(missingRiskAssessments('open', ['v1'], [], current, now)).toEqual([{ subject: 'victim', personId: 'v1', problem: 'review_overdue' }]);
  });

  it('does not take one person\'s assessment for another\'s, nor a victim assessment for a perpetrator one', () => {
    const current = [
      { subject: 'case' as const, personId: null, reviewDueAt: later },
      { subject: 'victim' as const, personId: 'x', reviewDueAt: later },
    ];
    expect(missingRiskAssessments('open', ['v1'], ['x'], current, now)).toEqual([
      { subject: 'victim', personId: 'v1', problem: 'missing' },
      { subject: 'perpetrator', personId: 'x', problem: 'missing' },
    ]);
  });

  it('needs nothing on a closed case', () => {
    expect(missingRiskAssessments('closed', ['v1'], ['p1'], [], now)).toEqual([]);
  });
});
