import { caseReferenceYear, formatCaseReference } from './case-reference';

describe('case reference', () => {
  it('pads the sequence to six digits', () => {
    expect(formatCaseReference(2026, 1)).toBe('ASB-2026-000001');
    expect(formatCaseReference(2026, 123456)).toBe('ASB-2026-123456');
  });
  it('takes the year of opening in UTC', () => {
    expect(caseReferenceYear(new Date('2026-12-31T23:59:59Z'))).toBe(2026);
    expect(caseReferenceYear(new Date('2027-01-01T00:30:00+01:00'))).toBe(2026);
    expect(caseReferenceYear(new Date('2027-01-01T00:00:00Z'))).toBe(2027);
  });
});
