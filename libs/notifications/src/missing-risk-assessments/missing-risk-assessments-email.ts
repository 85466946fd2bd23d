import { toCsv } from '@asb/core/pagination/csv';

export interface MissingEmailRow {
  caseReference: string;
  officerInCharge: string | null;
  subject: 'case' | 'victim' | 'perpetrator';
  personName: string | null;
  problem: 'missing' | 'review_overdue';
  daysOutstanding: number;
}

export interface MissingEmail {
  subject: string;
  text: string;
  html: string;
  csvFilename: string;
  csv: string;
}

/** The columns of DOMAIN.md section 11, in order. */
export const MISSING_EMAIL_COLUMNS = ['caseReference', 'officerInCharge', 'assessment', 'problem', 'daysOutstanding'] as const;
const HEADINGS = ['Case reference', 'Officer in charge', 'Assessment', 'Missing or overdue', 'Days outstanding'];

function assessmentLabel(r: MissingEmailRow): string {
  if (r.subject === 'case') return 'Case';
  return `${r.subject === 'victim' ? 'Victim' : 'Perpetrator'}: ${r.personName ?? 'unnamed'}`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The weekly missing-risk-assessment e-mail to one NPA (DOMAIN.md section 11):
 * the same rows as a plain-text table, an HTML table and a CSV attachment.
 */
export function composeMissingRiskAssessmentsEmail(npa: { code: string; name: string }, week: string, rows: MissingEmailRow[]): MissingEmail {
  const cells = rows.map((r) => [r.caseReference, r.officerInCharge ?? 'unassigned', assessmentLabel(r), r.problem === 'missing' ? 'missing' : 'review overdue', String(r.daysOutstanding)]);
  const cases = new Set(rows.map((r) => r.caseReference)).size;
  const summary = `${rows.length} risk assessment${rows.length === 1 ? '' : 's'} missing or overdue on ${cases} open case${cases === 1 ? '' : 's'} in ${npa.code} ${npa.name}, week of ${week}.`;

  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  const text = [summary, '', line(HEADINGS), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), '', 'The same rows are attached as CSV.', ''].join('\n');

  const th = HEADINGS.map((h) => `<th style="text-align:left;padding:4px 8px;border-bottom:1px solid #999">${escapeHtml(h)}</th>`).join('');
  const trs = cells.map((c) => `<tr>${c.map((v) => `<td style="padding:4px 8px">${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif"><p>${escapeHtml(summary)}</p>\n<table style="border-collapse:collapse"><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>\n<p>The same rows are attached as CSV.</p></body></html>`;

  const csv = toCsv(
    [...MISSING_EMAIL_COLUMNS],
    rows.map((r) => ({ caseReference: r.caseReference, officerInCharge: r.officerInCharge ?? '', assessment: assessmentLabel(r), problem: r.problem, daysOutstanding: r.daysOutstanding })),
  );
  return {
    subject: `Missing risk assessments: ${npa.code} ${npa.name}, week of ${week} (${rows.length})`,
    text,
    html,
    csvFilename: `missing-risk-assessments-${npa.code}-${week}.csv`,
    csv,
  };
}
