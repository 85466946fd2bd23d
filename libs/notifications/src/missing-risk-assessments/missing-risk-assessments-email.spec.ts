import { composeMissingRiskAssessmentsEmail, MissingEmailRow } from './missing-risk-assessments-email';
import { isMonday, weekOf } from './week';

const rows: MissingEmailRow[] = [
  { caseReference: 'ASB-2026-000001', officerInCharge: 'PC Amy Jones', subject: 'case', personName: null, problem: 'missing', daysOutstanding: 3 },
  { caseReference: 'ASB-2026-000001', officerInCharge: 'PC Amy Jones', subject: 'victim', personName: 'Ann <Smith>', problem: 'review_overdue', daysOutstanding: 12 },
  { caseReference: 'ASB-2026-000002', officerInCharge: null, subject: 'perpetrator', personName: 'Bob Brown', problem: 'missing', daysOutstanding: 0 },
];

describe('the weekly missing-risk-assessment e-mail', () => {
  const mail = composeMissingRiskAssessmentsEmail({ code: 'NL', name: 'Charnwood' }, '2026-11-23', rows);

  it('names the NPA, week and count in the subject', () => {
    expect(mail.subject).toBe('Missing risk assessments: NL Charnwood, week of 2026-11-23 (3)');
  });

  it('has a plain-text table with every row and column', () => {
    expect(mail.text).toContain('Case reference');
    expect(mail.text).toMatch(/ASB-2026-000001\s+PC Amy Jones\s+Victim: Ann <Smith>\s+review overdue\s+12/);
    expect(mail.text).toMatch(/ASB-2026-000002\s+unassigned\s+Perpetrator: Bob Brown\s+missing\s+0/);
  });

  it('escapes names in the HTML table', () => {
    expect(mail.html).toContain('Victim: Ann &lt;Smith&gt;');
    expect(mail.html.match(/<tr>/g)).toHaveLength(4);
  });

  it('attaches the same rows as CSV', () => {
    expect(mail.csvFilename).toBe('missing-risk-assessments-NL-2026-11-23.csv');
    expect(mail.csv.trim().split('\r\n')).toEqual([
      'caseReference,officerInCharge,assessment,problem,daysOutstanding',
      'ASB-2026-000001,PC Amy Jones,Case,missing,3',
      'ASB-2026-000001,PC Amy Jones,Victim: Ann <Smith>,review_overdue,12',
      'ASB-2026-000002,,Perpetrator: Bob Brown,missing,0',
    ]);
  });
});

describe('weekOf', () => {
  it('names the week by its Monday in London time', () => {
    expect(weekOf(new Date('2026-11-23T07:00:00Z'), 'Europe/London')).toBe('2026-11-23');
    expect(weekOf(new Date('2026-11-29T23:59:59Z'), 'Europe/London')).toBe('2026-11-23');
    expect(weekOf(new Date('2026-11-30T00:00:00Z'), 'Europe/London')).toBe('2026-11-30');
  });

  it('follows British Summer Time: Sunday 23:30 UTC in June is already Monday in London', () => {
    expect(weekOf(new Date('2026-06-14T23:30:00Z'), 'Europe/London')).toBe('2026-06-15');
    expect(weekOf(new Date('2026-06-14T22:59:00Z'), 'Europe/London')).toBe('2026-06-08');
  });

  it('isMonday', () => {
    expect(isMonday('2026-11-23')).toBe(true);
    expect(isMonday('2026-11-24')).toBe(false);
  });
});
