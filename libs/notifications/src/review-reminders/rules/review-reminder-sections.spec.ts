import { isEmpty, ReminderCaseRow, reminderSections } from './review-reminder-sections';

const TZ = 'Europe/London';
const now = new Date('2026-11-23T07:00:00Z');
const row = (section: ReminderCaseRow['section'], ref: string, due: string): ReminderCaseRow => ({
  section,
  caseId: `id-${ref}`,
  caseReference: ref,
  npaCode: 'NL',
  title: 'Fixture',
  officerInCharge: 'PC Amy Jones',
  reviewDueAt: new Date(due),
});

describe("the sections of one person's reminder", () => {
  it('keeps own cases overdue or due within the window, the most pressing first', () => {
    const s = reminderSections(
      [
        row('own', 'ASB-3', '2026-11-30T07:00:00Z'), // exactly 7 days: in
        row('own', 'ASB-4', '2026-11-30T07:00:01Z'), // 7 days + 1 s: out
        row('own', 'ASB-1', '2026-11-20T09:00:00Z'),
        row('own', 'ASB-2', '2026-11-23T07:00:00Z'), // due now: not overdue
      ],
      now,
      7,
      TZ,
    );
    expect(s.own.map((c) => [c.caseReference, c.reviewDue, c.timing])).toEqual([
      ['ASB-1', '2026-11-20 09:00', { status: 'overdue', daysOverdue: 2 }],
      ['ASB-2', '2026-11-23 07:00', { status: 'due_soon', daysUntilDue: 0 }],
      ['ASB-3', '2026-11-30 07:00', { status: 'due_soon', daysUntilDue: 7 }],
    ]);
    expect(s.organisation).toEqual([]);
  });

  it('keeps only overdue cases in the organisation section', () => {
    const s = reminderSections(
      [row('organisation', 'ASB-2', '2026-11-23T06:59:59Z'), row('organisation', 'ASB-1', '2026-11-01T12:00:00Z'), row('organisation', 'ASB-3', '2026-11-23T07:00:00Z')],
      now,
      7,
      TZ,
    );
    expect(s.organisation.map((c) => [c.caseReference, c.timing])).toEqual([
      ['ASB-1', { status: 'overdue', daysOverdue: 21 }],
      ['ASB-2', { status: 'overdue', daysOverdue: 0 }],
    ]);
  });

  it('shows due times in London time (British Summer Time in June)', () => {
    const summer = new Date('2026-06-20T06:00:00Z');
    expect(reminderSections([row('own', 'ASB-1', '2026-06-18T23:30:00Z')], summer, 7, TZ).own[0].reviewDue).toBe('2026-06-19 00:30');
  });

  it('puts a case in both sections for a supervisor who is also its officer in charge', () => {
    const s = reminderSections([row('own', 'ASB-1', '2026-11-20T09:00:00Z'), row('organisation', 'ASB-1', '2026-11-20T09:00:00Z')], now, 7, TZ);
    expect(s.own).toHaveLength(1);
    expect(s.organisation).toHaveLength(1);
    expect(isEmpty(s)).toBe(false);
  });

  it('is empty when nothing is due', () => {
    expect(isEmpty(reminderSections([row('own', 'ASB-1', '2027-01-01T00:00:00Z')], now, 7, TZ))).toBe(true);
  });
});
