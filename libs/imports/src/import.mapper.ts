import { ImportLineErrorRow, ImportRow } from './imports.repository';

/** GET /api/v1/imports/{id} (API.md): status, counts, and the failed lines with their line numbers (from 1) and reasons. */
export function mapImport(row: ImportRow, errors: ImportLineErrorRow[]) {
  return {
    id: row.id,
    status: row.status,
    total: row.total,
    succeeded: row.succeeded,
    failed: row.failed,
    errors: errors.map((e) => ({ line: e.line, code: e.error_code, message: e.error_message, ...(e.error_details ? { details: e.error_details } : {}) })),
    organisationId: row.organisation_id,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

export type ImportAnswer = ReturnType<typeof mapImport>;
