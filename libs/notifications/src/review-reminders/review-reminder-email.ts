import { toCsv } from '@asb/core/pagination/csv';
import { describeTiming, plural } from './rules/review-reminder';
import { ReminderSections, TimedCase } from './rules/review-reminder-sections';

export interface ReviewReminderEmail {
  subject: string;
  text: string;
  html: string;
  csvFilename: string;
  csv: string;
}

/** The CSV attachment's columns: every row of both sections, one of the two day counts filled. */
export const REVIEW_REMINDER_CSV_COLUMNS = ['section', 'caseReference', 'npaCode', 'title', 'officerInCharge', 'reviewDueAt', 'daysOverdue', 'daysUntilDue'] as const;

const TEXT_TITLE_MAX = 48;

interface Table {
  heading: string;
  summary: string;
  columns: string[];
  cells: string[][];
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function textTable(t: Table): string[] {
  const cells = t.cells.map((c) => c.map((v, i) => (t.columns[i] === 'Title' ? shorten(v, TEXT_TITLE_MAX) : v)));
  const widths = t.columns.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [t.heading, t.summary, '', line(t.columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), ''];
}

function htmlTable(t: Table): string {
  const th = t.columns.map((h) => `<th style="text-align:left;padding:4px 8px;border-bottom:1px solid #999">${escapeHtml(h)}</th>`).join('');
  const trs = t.cells.map((c) => `<tr>${c.map((v) => `<td style="padding:4px 8px">${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n');
  return `<h2 style="font-size:1.1em">${escapeHtml(t.heading)}</h2>\n<p>${escapeHtml(t.summary)}</p>\n<table style="border-collapse:collapse"><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

/**
 * One person's daily review reminder: a section of their own cases whose
 * review is overdue or due within `daysAhead` days, and, for a supervisor, a
 * section of their organisation's overdue cases. The same rows come as a
 * plain-text table, an HTML table and a CSV attachment.
 */
export function composeReviewReminderEmail(
  recipient: { name: string },
  organisation: { name: string } | null,
  run: { day: string; daysAhead: number; timeZone: string },
  sections: ReminderSections,
): ReviewReminderEmail {
  const { day, daysAhead, timeZone } = run;
  const tables: Table[] = [];
  const ownOverdue = sections.own.filter((c) => c.timing.status === 'overdue').length;
  const ownDueSoon = sections.own.length - ownOverdue;
  if (sections.own.length) {
    tables.push({
      heading: 'Your cases',
      summary: `${plural(ownOverdue, 'review')} overdue, ${ownDueSoon} due within ${plural(daysAhead, 'day')}, on cases where you are the officer in charge.`,
      columns: ['Case reference', 'NPA', 'Title', 'Review due', 'Overdue or due'],
      cells: sections.own.map((c) => [c.caseReference, c.npaCode, c.title, c.reviewDue, describeTiming(c.timing)]),
    });
  }
  if (sections.organisation.length) {
    const where = organisation?.name ?? 'your organisation';
    tables.push({
      heading: `Overdue in ${where}`,
      summary: `${plural(sections.organisation.length, 'open case')} of ${where} ${sections.organisation.length === 1 ? 'is' : 'are'} past the supervisory review due date.`,
      columns: ['Case reference', 'NPA', 'Title', 'Officer in charge', 'Review due', 'Days overdue'],
      cells: sections.organisation.map((c) => [c.caseReference, c.npaCode, c.title, c.officerInCharge ?? 'unassigned', c.reviewDue, String(daysOverdue(c))]),
    });
  }

  const overdue = new Set([...sections.own, ...sections.organisation].filter((c) => c.timing.status === 'overdue').map((c) => c.caseId)).size;
  const counts = [overdue ? `${overdue} overdue` : null, ownDueSoon ? `${ownDueSoon} due within ${plural(daysAhead, 'day')}` : null].filter(Boolean).join(', ');
  const greeting = `Hello ${recipient.name},`;
  const intro = `Open cases whose supervisory review is overdue or due soon, as of ${day}. Times are ${timeZone} time.`;
  const footer = 'The same rows are attached as CSV.';

  const text = [greeting, '', intro, '', ...tables.flatMap(textTable), footer, ''].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif"><p>${escapeHtml(greeting)}</p>\n<p>${escapeHtml(intro)}</p>\n${tables.map(htmlTable).join('\n')}\n<p>${escapeHtml(footer)}</p></body></html>`;
  const csvRow = (section: 'own' | 'organisation') => (c: TimedCase) => ({
    section,
    caseReference: c.caseReference,
    npaCode: c.npaCode,
    title: c.title,
    officerInCharge: c.officerInCharge ?? '',
    reviewDueAt: c.reviewDueAt,
    daysOverdue: c.timing.status === 'overdue' ? c.timing.daysOverdue : '',
    daysUntilDue: c.timing.status === 'due_soon' ? c.timing.daysUntilDue : '',
  });
  const csv = toCsv([...REVIEW_REMINDER_CSV_COLUMNS], [...sections.own.map(csvRow('own')), ...sections.organisation.map(csvRow('organisation'))]);
  return {
    subject: `Supervisory reviews, ${day}: ${counts}`,
    text,
    html,
    csvFilename: `review-reminders-${day}.csv`,
    csv,
  };
}

function daysOverdue(c: TimedCase): number {
  return c.timing.status === 'overdue' ? c.timing.daysOverdue : 0;
}
