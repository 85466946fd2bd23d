import type { Request, Response } from 'express';
import { toCsv } from '../pagination/csv';

/** `Accept: text/csv` or `?format=csv` asks for CSV (API.md "Conventions"). */
export function wantsCsv(req: Request): boolean {
  return req.query?.format === 'csv' || /\btext\/csv\b/.test(String(req.headers.accept ?? ''));
}

/** Sends the rows as a CSV download with the given columns. */
export function sendCsv(res: Response, filename: string, columns: string[], rows: Record<string, unknown>[]): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.send(toCsv(columns, rows));
}
