import { reportScopeOrganisation } from './report-scope';

describe('whose records the escalation reports count', () => {
  it('restricts a supervisor to their organisation, not analysts or admins', () => {
    expect(reportScopeOrganisation({ organisationId: 'o1', roles: ['supervisor'] })).toBe('o1');
    expect(reportScopeOrganisation({ organisationId: 'o1', roles: ['analyst'] })).toBeNull();
    expect(reportScopeOrganisation({ organisationId: 'o1', roles: ['admin'] })).toBeNull();
    expect(reportScopeOrganisation({ organisationId: 'o1', roles: ['supervisor', 'analyst'] })).toBeNull();
  });
});
