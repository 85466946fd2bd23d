import { outcomeRefusal } from './case-review-outcome';

const supervisor = { kind: 'user' as const, roles: ['supervisor'] };
const open = { status: 'open' as const, thresholdMet: true };

describe('recording a Case Review outcome', () => {
  it('takes recommendations or no further action from a supervisor', () => {
    expect(outcomeRefusal(supervisor, open, { decision: 'recommendations_made', recommendations: ['Mediation'] })).toBeNull();
    expect(outcomeRefusal(supervisor, open, { decision: 'no_further_action', recommendations: [] })).toBeNull();
    expect(outcomeRefusal(supervisor, { ...open, thresholdMet: false }, { decision: 'threshold_not_met', recommendations: [] })).toBeNull();
    expect(outcomeRefusal(supervisor, { ...open, thresholdMet: false }, { decision: 'recommendations_made', recommendations: ['x'] })).toBeNull();
  });

  it('refuses other roles, a second outcome, recommendations_made without any, and threshold_not_met when it was met', () => {
    expect(outcomeRefusal({ kind: 'user', roles: ['caseworker'] }, open, { decision: 'no_further_action', recommendations: [] })?.code).toBe('FORBIDDEN');
    expect(outcomeRefusal({ kind: 'client', roles: ['supervisor'] }, open, { decision: 'no_further_action', recommendations: [] })?.code).toBe('FORBIDDEN');
    expect(outcomeRefusal(supervisor, { ...open, status: 'completed' }, { decision: 'no_further_action', recommendations: [] })?.code).toBe('CONFLICT');
    expect(outcomeRefusal(supervisor, open, { decision: 'recommendations_made', recommendations: [] })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'recommendations' });
    expect(outcomeRefusal(supervisor, open, { decision: 'threshold_not_met', recommendations: [] })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'decision' });
  });
});
