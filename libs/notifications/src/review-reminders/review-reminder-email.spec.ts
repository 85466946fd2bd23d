import { composeReviewReminderEmail } from './review-reminder-email';
import { ReminderCaseRow, reminderSections } from './rules/review-reminder-sections';

const TZ = 'Europe/London';
const now = new Date('2026-11-23T07:00:00Z');
const run = { day: '2026-11-23', daysAhead: 7, timeZone: TZ };
const row = (section: ReminderCaseRow['section'], ref: string, due: string, extra: Partial<ReminderCaseRow> = {}): ReminderCaseRow => ({
  section,
  caseId: `id-${ref}`,
  caseReference: ref,
  npaCode: 'NL',
  title: 'Youths gathering at the park',
  officerInCharge: 'PC Amy Jones',
  reviewDueAt: new Date(due),
  ...extra,
});
const sections = (rows: ReminderCaseRow[]) => reminderSections(rows, now, 7, TZ);

describe('the daily review reminder e-mail', () => {
  const both = sections([
    row('own', 'ASB-2026-000001', '2026-11-20T06:00:00Z'),
    row('own', 'ASB-2026-000002', '2026-11-25T09:00:00Z', { title: 'Threats <over> the fence & more', npaCode: 'NN' }),
    row('organisation', 'ASB-2026-000001', '2026-11-20T06:00:00Z'),
    row('organisation', 'ASB-2026-000003', '2026-11-13T06:00:00Z', { officerInCharge: null }),
  ]);
  const mail = composeReviewReminderEmail({ name: 'Sgt Sam Patel' }, { name: 'Charnwood Borough Council' }, run, both);

  it('counts distinct overdue cases and own cases due soon in the subject', () => {
    expect(mail.subject).toBe('Supervisory reviews, 2026-11-23: 2 overdue, 1 due within 7 days');
  });

  it('has both sections as plain-text tables, own cases first', () => {
    expect(mail.text).toContain('Hello Sgt Sam Patel,');
    expect(mail.text).toContain('Times are Europe/London time.');
    expect(mail.text).toContain('Your cases\n1 review overdue, 1 due within 7 days, on cases where you are the officer in charge.');
    expect(mail.text).toMatch(/ASB-2026-000001\s+NL\s+Youths gathering at the park\s+2026-11-20 06:00\s+3 days overdue\n/);
    expect(mail.text).toMatch(/ASB-2026-000002\s+NN\s+Threats <over> the fence & more\s+2026-11-25 09:00\s+due in 2 days\n/);
    expect(mail.text).toContain('Overdue in Charnwood Borough Council\n2 open cases of Charnwood Borough Council are past the supervisory review due date.');
    expect(mail.text).toMatch(/ASB-2026-000003\s+NL\s+Youths gathering at the park\s+unassigned\s+2026-11-13 06:00\s+10\n/);
    expect(mail.text).toMatch(/ASB-2026-000001\s+NL\s+Youths gathering at the park\s+PC Amy Jones\s+2026-11-20 06:00\s+3\n/);
    expect(mail.text.indexOf('Your cases')).toBeLessThan(mail.text.indexOf('Overdue in'));
  });

  it('escapes titles in the HTML tables', () => {
    expect(mail.html).toContain('<td style="padding:4px 8px">Threats &lt;over&gt; the fence &amp; more</td>');
    expect(mail.html).not.toContain('<over>');
    expect(mail.html.match(/<table/g)).toHaveLength(2);
    expect(mail.html.match(/<tr>/g)).toHaveLength(2 + 2 + 2);
  });

  it('attaches every row of both sections as CSV', () => {
    expect(mail.csvFilename).toBe('review-reminders-2026-11-23.csv');
    expect(mail.csv.trim().split('\r\n')).toEqual([
      'section,caseReference,npaCode,title,officerInCharge,reviewDueAt,daysOverdue,daysUntilDue',
      'own,ASB-2026-000001,NL,Youths gathering at the park,PC Amy Jones,2026-11-20T06:00:00.000Z,3,',
      'own,ASB-2026-000002,NN,Threats <over> the fence & more,PC Amy Jones,2026-11-25T09:00:00.000Z,,2',
      'organisation,ASB-2026-000003,NL,Youths gathering at the park,,2026-11-13T06:00:00.000Z,10,',
      'organisation,ASB-2026-000001,NL,Youths gathering at the park,PC Amy Jones,2026-11-20T06:00:00.000Z,3,',
    ]);
  });

  it('has only the section that applies: an officer with a case due soon', () => {
    const m = composeReviewReminderEmail({ name: 'PC Amy Jones' }, null, run, sections([row('own', 'ASB-2026-000009', '2026-11-24T09:00:00Z')]));
    expect(m.subject).toBe('Supervisory reviews, 2026-11-23: 1 due within 7 days');
    expect(m.text).toContain('0 reviews overdue, 1 due within 7 days');
    expect(m.text).toMatch(/ASB-2026-000009\s+NL\s+Youths gathering at the park\s+2026-11-24 09:00\s+due in 1 day\n/);
    expect(m.text).not.toContain('Overdue in');
    expect(m.html.match(/<table/g)).toHaveLength(1);
  });

  it('has only the section that applies: a supervisor with no cases of their own', () => {
    const m = composeReviewReminderEmail({ name: 'Sgt Sam Patel' }, { name: 'Melton Borough Council' }, run, sections([row('organisation', 'ASB-2026-000009', '2026-11-22T09:00:00Z')]));
    expect(m.subject).toBe('Supervisory reviews, 2026-11-23: 1 overdue');
    expect(m.text).not.toContain('Your cases');
    expect(m.text).toContain('1 open case of Melton Borough Council is past the supervisory review due date.');
    expect(m.text).toMatch(/ASB-2026-000009\s+NL\s+Youths gathering at the park\s+PC Amy Jones\s+2026-11-22 09:00\s+0\n/);
  });

  it('neutralises a title a spreadsheet would read as a formula', () => {
    const m = composeReviewReminderEmail({ name: 'X' }, null, run, sections([row('own', 'ASB-1', '2026-11-24T09:00:00Z', { title: '=HYPERLINK("http://x")' })]));
    expect(m.csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('shortens long titles in the text table only', () => {
    const long = 'A'.repeat(80);
    const m = composeReviewReminderEmail({ name: 'X' }, null, run, sections([row('own', 'ASB-1', '2026-11-24T09:00:00Z', { title: long })]));
    expect(m.text).toContain(`${'A'.repeat(47)}…`);
    expect(m.text).not.toContain('A'.repeat(48));
    expect(m.html).toContain(long);
    expect(m.csv).toContain(long);
  });
});
