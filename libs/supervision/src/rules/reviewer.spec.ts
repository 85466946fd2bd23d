import { reviewerRefusal } from './reviewer';

describe('who may review a case (DOMAIN.md section 7)', () => {
  const lead = '11111111-1111-1111-1111-111111111111';
  const other = '22222222-2222-2222-2222-222222222222';
  const oic = '33333333-3333-3333-3333-333333333333';
  const sup = '44444444-4444-4444-4444-444444444444';
  const c = { leadOrganisationId: lead, officerInChargeId: oic };

  it('lets a supervisor of the lead organisation who is not the officer in charge review', () => {
    expect(reviewerRefusal({ kind: 'user', id: sup, organisationId: lead, roles: ['supervisor'] }, c)).toBeNull();
    expect(reviewerRefusal({ kind: 'user', id: sup, organisationId: lead, roles: ['caseworker', 'supervisor'] }, c)).toBeNull();
    expect(reviewerRefusal({ kind: 'user', id: sup, organisationId: lead, roles: ['supervisor'] }, { ...c, officerInChargeId: null })).toBeNull();
  });

  it('refuses anyone who is not a supervisor, and API clients', () => {
    expect(reviewerRefusal({ kind: 'user', id: sup, organisationId: lead, roles: ['caseworker'] }, c)?.code).toBe('FORBIDDEN');
    expect(reviewerRefusal({ kind: 'client', id: sup, organisationId: lead, roles: ['partner_system'] }, c)?.code).toBe('FORBIDDEN');
  });

  it('refuses a supervisor of another organisation, even one the case is shared with', () => {
    expect(reviewerRefusal({ kind: 'user', id: sup, organisationId: other, roles: ['supervisor'] }, c)?.code).toBe('REVIEWER_NOT_IN_LEAD_ORGANISATION');
  });

  it('refuses the officer in charge, unless the act allows them (reopening)', () => {
    const officer = { kind: 'user' as const, id: oic, organisationId: lead, roles: ['supervisor'] };
    expect(reviewerRefusal(officer, c)?.code).toBe('REVIEWER_IS_OFFICER_IN_CHARGE');
    expect(reviewerRefusal(officer, c, { officerInChargeMay: true })).toBeNull();
  });
});
