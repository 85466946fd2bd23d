/** RFC 4180 CSV, with cells that could be read as formulas by a spreadsheet neutralised (csvCell). */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/**
 * One CSV cell. Every CSV the service writes (reports, lists, the case export,
 * e-mail attachments) goes through here. OWASP's rule against formula injection:
 * a text cell beginning with `=`, `+`, `-`, `@`, tab or carriage return gets a
 * leading `'` so a spreadsheet shows it as text. Only a number (a JS number, or
 * text that is nothing but a plain decimal number such as `-3` or `-1.5`) keeps
 * its leading minus: `-2+3+cmd|' /C calc'!A0` is text and is neutralised.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(';') : String(value);
  if (startsLikeFormula(s) && !isPlainNumber(value, s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function startsLikeFormula(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s);
}

function isPlainNumber(value: unknown, s: string): boolean {
  if (typeof value === 'number' || typeof value === 'bigint') return true;
  return /^-\d+(\.\d+)?$/.test(s);
}
