import {
  adherencePercent,
  ageOnDay,
  amountRefusal,
  approvalRefusal,
  breachRecordingRefusal,
  breachRefusal,
  BreachOnRecord,
  complianceDateRefusal,
  cpnWarningRefusal,
  decideNewIntervention,
  highestLevelUsed,
  INTERVENTION_TYPES,
  initialStatus,
  isOutOfSequence,
  issuerRefusal,
  legalDay,
  levelOf,
  NewInterventionFacts,
  recipientRefusal,
  RecordedIntervention,
  requirementsRefusal,
  sequenceRefusal,
  serveRefusal,
  ServeFacts,
  withdrawalRefusal,
} from './incremental-approach';

const SECOND = 1000;
const CASE = '11111111-1111-1111-1111-111111111111';
const PERSON = '22222222-2222-2222-2222-222222222222';
const ORG = '33333333-3333-3333-3333-333333333333';
const limits = { fpnMaxAmount: 100, prosecutionMaxFine: 2500 };
const council = { kind: 'local_authority', canIssueCpn: true };
const police = { kind: 'police', canIssueCpn: true };
const adult = { kind: 'person' as const, dateOfBirth: '1990-01-01' };

const warning = (complianceDueAt: string, status: RecordedIntervention['status'] = 'served'): RecordedIntervention => ({
  type: 'community_protection_warning',
  level: 3,
  status,
  complianceDueAt: new Date(complianceDueAt),
});

describe('the levels of the Incremental Approach (DOMAIN.md section 9)', () => {
  it('puts each tool and power at its level', () => {
    const byLevel = (n: number) => INTERVENTION_TYPES.filter((t) => levelOf(t) === n);
    expect(byLevel(1)).toEqual(['verbal_warning', 'warning_letter', 'mediation', 'support_referral']);
    expect(byLevel(2)).toEqual(['acceptable_behaviour_contract', 'tenancy_warning']);
    expect(byLevel(3)).toEqual(['community_protection_warning']);
    expect(byLevel(4)).toEqual(['community_protection_notice']);
    expect(byLevel(5)).toEqual(['fixed_penalty_notice', 'prosecution', 'civil_injunction', 'criminal_behaviour_order', 'closure_notice', 'closure_order']);
    expect(INTERVENTION_TYPES).toHaveLength(14);
  });

  it('starts a CPN proposed and everything else served', () => {
    expect(initialStatus('community_protection_notice')).toBe('proposed');
    expect(INTERVENTION_TYPES.filter((t) => initialStatus(t) === 'proposed')).toEqual(['community_protection_notice']);
  });
});

describe('the sequence rule', () => {
  it('is in sequence one level above the highest used, out of sequence two above', () => {
    expect(isOutOfSequence(1, 0)).toBe(false);
    expect(isOutOfSequence(2, 0)).toBe(true);
    expect(isOutOfSequence(3, 2)).toBe(false);
    expect(isOutOfSequence(4, 2)).toBe(true);
    expect(isOutOfSequence(1, 5)).toBe(false);
    expect(isOutOfSequence(5, 5)).toBe(false);
  });

  it('takes the highest level used, ignoring withdrawn interventions', () => {
    expect(highestLevelUsed([])).toBe(0);
    expect(highestLevelUsed([{ level: 1, status: 'served' }, { level: 2, status: 'served' }])).toBe(2);
    expect(highestLevelUsed([{ level: 1, status: 'served' }, { level: 3, status: 'withdrawn' }])).toBe(1);
    expect(highestLevelUsed([{ level: 4, status: 'proposed' }])).toBe(4);
  });

  it('needs a justification only out of sequence', () => {
    expect(sequenceRefusal('warning_letter', 0, undefined)).toBeNull();
    expect(sequenceRefusal('acceptable_behaviour_contract', 1, undefined)).toBeNull();
    const refusal = sequenceRefusal('acceptable_behaviour_contract', 0, undefined);
    expect(refusal?.code).toBe('INCREMENTAL_APPROACH_JUSTIFICATION_REQUIRED');
    expect(refusal?.message).toContain('nothing has been used yet');
    expect(sequenceRefusal('civil_injunction', 2, undefined)?.message).toContain('the highest level used so far is 2');
    expect(sequenceRefusal('civil_injunction', 2, 'Violence towards neighbours')).toBeNull();
  });
});

describe('who may issue', () => {
  const housing = { kind: 'housing', canIssueCpn: false };
  const designatedHousing = { kind: 'housing', canIssueCpn: true };

  it('lets police, local authorities and designated organisations issue CPNWs and CPNs', () => {
    for (const type of ['community_protection_warning', 'community_protection_notice'] as const) {
      expect(issuerRefusal(type, police)).toBeNull();
      expect(issuerRefusal(type, { kind: 'police', canIssueCpn: false })).toBeNull();
      expect(issuerRefusal(type, council)).toBeNull();
      expect(issuerRefusal(type, designatedHousing)).toBeNull();
      expect(issuerRefusal(type, housing)?.code).toBe('ISSUER_NOT_AUTHORISED');
    }
  });

  it('never lets the police issue a fixed penalty notice, nor an organisation that may not issue CPNs', () => {
    expect(issuerRefusal('fixed_penalty_notice', police)?.code).toBe('FPN_NOT_BY_POLICE');
    expect(issuerRefusal('fixed_penalty_notice', council)).toBeNull();
    expect(issuerRefusal('fixed_penalty_notice', designatedHousing)).toBeNull();
    expect(issuerRefusal('fixed_penalty_notice', housing)?.code).toBe('ISSUER_NOT_AUTHORISED');
  });

  it('leaves other tools to anyone', () => {
    for (const type of ['warning_letter', 'tenancy_warning', 'prosecution', 'civil_injunction'] as const) {
      expect(issuerRefusal(type, housing)).toBeNull();
      expect(issuerRefusal(type, police)).toBeNull();
    }
  });
});

describe('the recipient of a CPNW or CPN', () => {
  // 16th birthday 2026-06-15; the day before is 15 years 364 days.
  const dob = '2010-06-15';
  it('refuses 15 years 364 days and accepts the 16th birthday', () => {
    expect(ageOnDay(dob, '2026-06-14')).toBe(15);
    expect(ageOnDay(dob, '2026-06-15')).toBe(16);
    for (const type of ['community_protection_warning', 'community_protection_notice'] as const) {
      const under = recipientRefusal(type, { kind: 'person', dateOfBirth: dob }, new Date('2026-06-14T12:00:00Z'));
      expect(under?.code).toBe('CPN_RECIPIENT_UNDER_16');
      expect(under?.message).toContain('15 on 2026-06-14');
      expect(recipientRefusal(type, { kind: 'person', dateOfBirth: dob }, new Date('2026-06-15T12:00:00Z'))).toBeNull();
    }
  });

  it('counts the day in England: 00:30 BST on the birthday is still 23:30 UTC the day before', () => {
    expect(legalDay(new Date('2026-06-14T23:30:00Z'))).toBe('2026-06-15');
    expect(legalDay(new Date('2026-06-14T22:59:59Z'))).toBe('2026-06-14');
    expect(legalDay(new Date('2026-01-14T23:30:00Z'))).toBe('2026-01-14');
    expect(recipientRefusal('community_protection_warning', { kind: 'person', dateOfBirth: dob }, new Date('2026-06-14T23:30:00Z'))).toBeNull();
    expect(recipientRefusal('community_protection_warning', { kind: 'person', dateOfBirth: dob }, new Date('2026-06-14T22:59:59Z'))?.code).toBe('CPN_RECIPIENT_UNDER_16');
  });

  it('turns someone born on 29 February 16 on 29 February in a leap year and on 1 March otherwise', () => {
    expect(ageOnDay('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageOnDay('2008-02-29', '2024-02-29')).toBe(16);
    // 2100 is not a leap year: the 16th birthday of someone born 29 February 2084 is 1 March 2100.
    expect(ageOnDay('2084-02-29', '2100-02-28')).toBe(15);
    expect(ageOnDay('2084-02-29', '2100-03-01')).toBe(16);
    expect(recipientRefusal('community_protection_notice', { kind: 'person', dateOfBirth: '2084-02-29' }, new Date('2100-02-28T12:00:00Z'))?.code).toBe(
      'CPN_RECIPIENT_UNDER_16',
    );
    expect(recipientRefusal('community_protection_notice', { kind: 'person', dateOfBirth: '2084-02-29' }, new Date('2100-03-01T12:00:00Z'))).toBeNull();
  });

  it('allows a body, and needs a date of birth for a person', () => {
    expect(recipientRefusal('community_protection_notice', { kind: 'organisation', dateOfBirth: null }, new Date())).toBeNull();
    expect(recipientRefusal('community_protection_notice', { kind: 'person', dateOfBirth: null }, new Date())?.code).toBe('DATE_OF_BIRTH_REQUIRED');
  });

  it('does not apply to other tools', () => {
    expect(recipientRefusal('warning_letter', { kind: 'person', dateOfBirth: '2015-01-01' }, new Date('2026-01-01T00:00:00Z'))).toBeNull();
    expect(recipientRefusal('acceptable_behaviour_contract', { kind: 'person', dateOfBirth: null }, new Date())).toBeNull();
  });
});

describe("the CPN's warning", () => {
  const due = '2026-03-01T12:00:00Z';
  const at = (ms: number) => new Date(Date.parse(due) + ms);

  it('needs a served CPNW on the perpetrator in the case', () => {
    expect(cpnWarningRefusal([], at(SECOND))?.code).toBe('CPN_REQUIRES_WARNING');
    expect(cpnWarningRefusal([{ type: 'warning_letter', level: 1, status: 'served', complianceDueAt: null }], at(SECOND))?.code).toBe('CPN_REQUIRES_WARNING');
    expect(cpnWarningRefusal([warning(due, 'withdrawn')], at(SECOND))?.code).toBe('CPN_REQUIRES_WARNING');
  });

  it('needs its compliance date passed: refused one second before and at it, allowed one second after', () => {
    const before = cpnWarningRefusal([warning(due)], at(-SECOND));
    expect(before?.code).toBe('CPN_WARNING_PERIOD_NOT_ELAPSED');
    expect(before?.message).toContain('2026-03-01T12:00:00.000Z');
    expect(cpnWarningRefusal([warning(due)], at(0))?.code).toBe('CPN_WARNING_PERIOD_NOT_ELAPSED');
    expect(cpnWarningRefusal([warning(due)], at(SECOND))).toBeNull();
  });

  it('is satisfied by any served warning whose date has passed', () => {
    expect(cpnWarningRefusal([warning('2026-06-01T00:00:00Z'), warning(due)], at(SECOND))).toBeNull();
    expect(cpnWarningRefusal([warning(due, 'withdrawn'), warning('2026-06-01T00:00:00Z')], at(SECOND))?.code).toBe('CPN_WARNING_PERIOD_NOT_ELAPSED');
  });
});

describe('breaches answered by a fixed penalty notice or a prosecution', () => {
  const target = { caseId: CASE, personId: PERSON, issuedAt: new Date('2026-05-02T10:00:00Z') };
  const breach: BreachOnRecord = {
    caseId: CASE,
    personId: PERSON,
    occurredAt: new Date('2026-05-01T22:00:00Z'),
    intervention: { type: 'community_protection_notice', status: 'served' },
  };

  it('accepts a breach of a served CPN on the same perpetrator in the same case', () => {
    expect(breachRefusal('fixed_penalty_notice', true, breach, target)).toBeNull();
    expect(breachRefusal('prosecution', true, breach, target)).toBeNull();
    expect(breachRefusal('prosecution', true, breach, { ...target, issuedAt: breach.occurredAt })).toBeNull();
  });

  it('refuses without a breach, or with a breach of anything else', () => {
    expect(breachRefusal('fixed_penalty_notice', false, null, target)?.code).toBe('BREACH_REQUIRED');
    expect(breachRefusal('prosecution', true, null, target)?.code).toBe('BREACH_REQUIRED');
    expect(breachRefusal('fixed_penalty_notice', true, { ...breach, personId: ORG }, target)?.code).toBe('BREACH_REQUIRED');
    expect(breachRefusal('fixed_penalty_notice', true, { ...breach, caseId: ORG }, target)?.code).toBe('BREACH_REQUIRED');
    const ofAbc = breachRefusal('fixed_penalty_notice', true, { ...breach, intervention: { type: 'acceptable_behaviour_contract', status: 'served' } }, target);
    expect(ofAbc).toMatchObject({ code: 'BREACH_REQUIRED', message: expect.stringContaining('not of a CPN') });
    expect(breachRefusal('fixed_penalty_notice', true, { ...breach, intervention: { type: 'community_protection_notice', status: 'withdrawn' } }, target)?.code).toBe(
      'BREACH_REQUIRED',
    );
  });

  it('refuses a notice issued before the breach it answers', () => {
    expect(breachRefusal('fixed_penalty_notice', true, breach, { ...target, issuedAt: new Date(breach.occurredAt.getTime() - 1) })).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'issuedAt',
    });
  });

  it('lets nothing else name a breach', () => {
    expect(breachRefusal('civil_injunction', false, null, target)).toBeNull();
    expect(breachRefusal('civil_injunction', true, breach, target)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'breachId' });
  });
});

describe('amounts', () => {
  it('caps a fixed penalty notice at the configured maximum, and needs its amount', () => {
    expect(amountRefusal('fixed_penalty_notice', 100, adult, limits)).toBeNull();
    expect(amountRefusal('fixed_penalty_notice', 0.01, adult, limits)).toBeNull();
    const over = amountRefusal('fixed_penalty_notice', 100.01, adult, limits);
    expect(over).toMatchObject({ code: 'AMOUNT_OVER_LIMIT', field: 'amount' });
    expect(over?.message).toContain('£100');
    expect(amountRefusal('fixed_penalty_notice', 150, adult, { ...limits, fpnMaxAmount: 150 })).toBeNull();
    expect(amountRefusal('fixed_penalty_notice', undefined, adult, limits)?.code).toBe('VALIDATION_FAILED');
  });

  it('caps the fine on prosecution of an individual, never of a body', () => {
    expect(amountRefusal('prosecution', 2500, adult, limits)).toBeNull();
    expect(amountRefusal('prosecution', undefined, adult, limits)).toBeNull();
    const over = amountRefusal('prosecution', 2500.01, adult, limits);
    expect(over?.code).toBe('AMOUNT_OVER_LIMIT');
    expect(over?.message).toContain('£2,500');
    expect(amountRefusal('prosecution', 20000, { kind: 'organisation' }, limits)).toBeNull();
  });

  it('refuses an amount on anything else', () => {
    expect(amountRefusal('civil_injunction', 50, adult, limits)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'amount' });
    expect(amountRefusal('civil_injunction', undefined, adult, limits)).toBeNull();
  });
});

describe('compliance dates and requirements', () => {
  const issuedAt = new Date('2026-04-01T09:00:00Z');
  it('needs a compliance date on a CPNW, after the date it is issued', () => {
    expect(complianceDateRefusal('community_protection_warning', issuedAt, undefined)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'complianceDueAt' });
    expect(complianceDateRefusal('community_protection_warning', issuedAt, issuedAt)?.code).toBe('VALIDATION_FAILED');
    expect(complianceDateRefusal('community_protection_warning', issuedAt, new Date(issuedAt.getTime() + 1))).toBeNull();
    expect(complianceDateRefusal('warning_letter', issuedAt, undefined)).toBeNull();
    expect(complianceDateRefusal('community_protection_notice', issuedAt, new Date(issuedAt.getTime() - 1), 'servedAt')?.message).toContain('servedAt');
  });

  it('needs at least one requirement on a CPN', () => {
    expect(requirementsRefusal('community_protection_notice', [])).toMatchObject({ code: 'VALIDATION_FAILED', field: 'requirements' });
    expect(requirementsRefusal('community_protection_notice', ['Stop playing amplified music after 23:00'])).toBeNull();
    expect(requirementsRefusal('community_protection_warning', [])).toBeNull();
  });
});

describe('a new intervention, all conditions together', () => {
  const base: NewInterventionFacts = {
    type: 'warning_letter',
    caseId: CASE,
    personId: PERSON,
    issuedAt: new Date('2026-05-10T10:00:00Z'),
    requirements: [],
    breachIdGiven: false,
    breach: null,
    issuer: council,
    recipient: adult,
    recorded: [],
    limits,
  };

  it('decides level, status and sequence', () => {
    expect(decideNewIntervention(base)).toEqual({ refusal: null, level: 1, status: 'served', outOfSequence: false });
    expect(decideNewIntervention({ ...base, type: 'tenancy_warning', justification: 'Serious threats' })).toEqual({
      refusal: null,
      level: 2,
      status: 'served',
      outOfSequence: true,
    });
    const cpn = decideNewIntervention({ ...base, type: 'community_protection_notice', requirements: ['Stop'], recorded: [warning('2026-05-01T00:00:00Z')] });
    expect(cpn).toEqual({ refusal: null, level: 4, status: 'proposed', outOfSequence: false });
  });

  it('reports the first broken condition', () => {
    const police16: NewInterventionFacts = { ...base, type: 'community_protection_warning', issuer: { kind: 'health', canIssueCpn: false }, recipient: { kind: 'person', dateOfBirth: null } };
    expect(decideNewIntervention(police16).refusal?.code).toBe('VALIDATION_FAILED'); // no complianceDueAt
    expect(decideNewIntervention({ ...police16, complianceDueAt: new Date('2026-06-01T00:00:00Z') }).refusal?.code).toBe('ISSUER_NOT_AUTHORISED');
    expect(decideNewIntervention({ ...police16, complianceDueAt: new Date('2026-06-01T00:00:00Z'), issuer: council }).refusal?.code).toBe('DATE_OF_BIRTH_REQUIRED');
    expect(decideNewIntervention({ ...police16, complianceDueAt: new Date('2026-06-01T00:00:00Z'), issuer: council, recipient: adult }).refusal?.code).toBe(
      'INCREMENTAL_APPROACH_JUSTIFICATION_REQUIRED',
    );
  });
});

describe('approval, service, withdrawal and breach of an intervention', () => {
  const proposer = { kind: 'user' as const, id: '44444444-4444-4444-4444-444444444444' };
  const cpn = { type: 'community_protection_notice' as const, status: 'proposed' as const, issuingOrganisationId: ORG, recordedBy: proposer };
  const supervisor = { kind: 'user' as const, id: '55555555-5555-5555-5555-555555555555', organisationId: ORG, roles: ['supervisor'] };

  it('lets another supervisor of the issuing organisation approve a proposed CPN', () => {
    expect(approvalRefusal(cpn, supervisor)).toBeNull();
    expect(approvalRefusal(cpn, { ...supervisor, id: proposer.id })?.code).toBe('APPROVER_IS_PROPOSER');
    expect(approvalRefusal(cpn, { ...supervisor, organisationId: CASE })?.code).toBe('FORBIDDEN');
    expect(approvalRefusal(cpn, { ...supervisor, roles: ['caseworker'] })?.code).toBe('FORBIDDEN');
    expect(approvalRefusal(cpn, { ...supervisor, kind: 'client', roles: ['partner_system'] })?.code).toBe('FORBIDDEN');
    expect(approvalRefusal({ ...cpn, status: 'approved' }, supervisor)?.code).toBe('CONFLICT');
    expect(approvalRefusal({ ...cpn, type: 'community_protection_warning', status: 'served' }, supervisor)?.code).toBe('CONFLICT');
  });

  it('serves only an approved CPN, not before it was issued, with its compliance date ahead and its CPNW in force', () => {
    const issuedAt = new Date('2026-05-01T10:00:00Z');
    const serve: ServeFacts = {
      type: 'community_protection_notice',
      status: 'approved',
      issuedAt,
      complianceDueAt: null,
      servedAt: new Date('2026-05-02T10:00:00Z'),
      recorded: [warning('2026-04-01T00:00:00Z')],
    };
    expect(serveRefusal(serve)).toBeNull();
    expect(serveRefusal({ ...serve, servedAt: issuedAt })).toBeNull();
    expect(serveRefusal({ ...serve, status: 'proposed' })?.code).toBe('CPN_NOT_APPROVED');
    expect(serveRefusal({ ...serve, status: 'served' })?.code).toBe('CONFLICT');
    expect(serveRefusal({ ...serve, type: 'warning_letter', status: 'served' })?.code).toBe('CONFLICT');
    expect(serveRefusal({ ...serve, status: 'withdrawn' })?.code).toBe('CONFLICT');
    expect(serveRefusal({ ...serve, servedAt: new Date(issuedAt.getTime() - 1) })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'servedAt' });
    // The compliance date: a new one after servedAt, or the proposed one still ahead.
    expect(serveRefusal({ ...serve, newComplianceDueAt: new Date('2026-06-01T00:00:00Z') })).toBeNull();
    expect(serveRefusal({ ...serve, newComplianceDueAt: serve.servedAt })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'complianceDueAt' });
    expect(serveRefusal({ ...serve, complianceDueAt: new Date('2026-06-01T00:00:00Z') })).toBeNull();
    expect(serveRefusal({ ...serve, complianceDueAt: serve.servedAt })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'complianceDueAt' });
    expect(serveRefusal({ ...serve, complianceDueAt: serve.servedAt, newComplianceDueAt: new Date('2026-06-01T00:00:00Z') })).toBeNull();
    // The CPNW withdrawn since the CPN was proposed.
    expect(serveRefusal({ ...serve, recorded: [warning('2026-04-01T00:00:00Z', 'withdrawn')] })?.code).toBe('CPN_REQUIRES_WARNING');
  });

  it('withdraws anything not yet withdrawn', () => {
    expect(withdrawalRefusal({ type: 'community_protection_notice', status: 'proposed' })).toBeNull();
    expect(withdrawalRefusal({ type: 'warning_letter', status: 'served' })).toBeNull();
    expect(withdrawalRefusal({ type: 'warning_letter', status: 'withdrawn' })?.code).toBe('CONFLICT');
  });

  it('records a breach of a served intervention, from the moment it was served', () => {
    const servedAt = new Date('2026-05-01T10:00:00Z');
    expect(breachRecordingRefusal({ type: 'community_protection_notice', status: 'served', servedAt }, servedAt)).toBeNull();
    expect(breachRecordingRefusal({ type: 'community_protection_notice', status: 'served', servedAt }, new Date(servedAt.getTime() - 1))).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'occurredAt',
    });
    expect(breachRecordingRefusal({ type: 'community_protection_notice', status: 'approved', servedAt: null }, servedAt)?.code).toBe('CONFLICT');
    expect(breachRecordingRefusal({ type: 'community_protection_notice', status: 'withdrawn', servedAt }, servedAt)?.code).toBe('CONFLICT');
  });
});

describe('adherence to the Incremental Approach', () => {
  it('is the in-sequence share to one decimal place, null when there is nothing', () => {
    expect(adherencePercent(0, 0)).toBeNull();
    expect(adherencePercent(4, 0)).toBe(100);
    expect(adherencePercent(4, 4)).toBe(0);
    expect(adherencePercent(3, 1)).toBe(66.7);
    expect(adherencePercent(3, 2)).toBe(33.3);
    expect(adherencePercent(8, 1)).toBe(87.5);
    expect(adherencePercent(16, 1)).toBe(93.8);
  });
});
