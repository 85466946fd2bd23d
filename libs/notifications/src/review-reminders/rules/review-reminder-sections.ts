import { localDateTime, ReviewTiming, reviewTiming } from './review-reminder';

/** One case as the reminder query finds it, for one recipient and one section. */
export interface ReminderCaseRow {
  /** `own`: the recipient is its officer in charge; `organisation`: the recipient supervises its lead organisation. */
  section: 'own' | 'organisation';
  caseId: string;
  caseReference: string;
  npaCode: string;
  title: string;
  officerInCharge: string | null;
  reviewDueAt: Date;
}

export interface TimedCase extends Omit<ReminderCaseRow, 'section'> {
  /** The due date and time in the schedule's time zone, as the e-mail shows it (`YYYY-MM-DD HH:MM`). */
  reviewDue: string;
  timing: ReviewTiming;
}

export interface ReminderSections {
  /** The recipient's own cases whose review is overdue or due within the window, the most pressing first. */
  own: TimedCase[];
  /** The overdue cases of the organisation the recipient supervises, the longest overdue first. */
  organisation: TimedCase[];
}

/**
 * Sorts a recipient's rows into the two sections of their one e-mail: their
 * own cases overdue or due soon, and (for a supervisor) every overdue case of
 * their organisation. A case further off than the window, or not overdue in
 * the organisation section, is left out.
 */
export function reminderSections(rows: ReminderCaseRow[], now: Date, daysAhead: number, timeZone: string): ReminderSections {
  const sections: ReminderSections = { own: [], organisation: [] };
  for (const { section, ...row } of rows) {
    const timing = reviewTiming(row.reviewDueAt, now, daysAhead);
    if (!timing || (section === 'organisation' && timing.status !== 'overdue')) continue;
    sections[section].push({ ...row, reviewDue: localDateTime(row.reviewDueAt, timeZone), timing });
  }
  const order = (a: TimedCase, b: TimedCase) => a.reviewDueAt.getTime() - b.reviewDueAt.getTime() || a.caseReference.localeCompare(b.caseReference);
  sections.own.sort(order);
  sections.organisation.sort(order);
  return sections;
}

export function isEmpty(s: ReminderSections): boolean {
  return s.own.length === 0 && s.organisation.length === 0;
}
