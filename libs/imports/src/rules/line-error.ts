import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorDetail } from '@asb/core/errors/domain-error';

/** One failed line of an import report: `{ line, code, message }` (API.md), with the fields at fault when known. */
export interface LineError {
  code: string;
  message: string;
  details?: ErrorDetail[];
}

const MAX_MESSAGE = 2000;
const MAX_DETAILS = 50;

/**
 * What a failed bundle tells the importer, or null when the failure is not the
 * bundle's (a lost connection, a bug): then the job fails and is retried, and
 * the line with it. Refusals are the API's own: a DomainError by its code, and
 * the PostgreSQL refusals the error filter also answers as 4xx.
 */
export function lineError(e: unknown): LineError | null {
  if (e instanceof DomainError) return described(e.code, e.message, e.details);
  if (e instanceof QueryFailedError) {
    const code = (e.driverError as { code?: string } | undefined)?.code ?? '';
    if (code === '23505') return described('CONFLICT', 'A record with these values already exists');
    if (code === '23503') return described('VALIDATION_FAILED', 'A referenced record does not exist');
    if (code === '22021' || code === '22P05') return described('VALIDATION_FAILED', 'A text value contains a character that cannot be stored (such as \\u0000)');
    if (code.startsWith('22')) return described('VALIDATION_FAILED', 'A value is not valid');
  }
  return null;
}

/** Transient failures of PostgreSQL worth trying the bundle again for: a deadlock, a serialization failure. */
export function isRetryable(e: unknown): boolean {
  const code = e instanceof QueryFailedError ? (e.driverError as { code?: string } | undefined)?.code : undefined;
  return code === '40P01' || code === '40001';
}

/** The message says what is wrong with which fields, so a report read without its details still helps. */
function described(code: string, message: string, details?: ErrorDetail[]): LineError {
  const listed = (details ?? []).map((d) => (d.field && !d.message.startsWith(d.field) ? `${d.field}: ${d.message}` : d.message));
  const text = listed.length ? `${message}: ${listed.join('; ')}` : message;
  const out: LineError = { code, message: text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text };
  if (details?.length) out.details = details.slice(0, MAX_DETAILS);
  return out;
}
