import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, CASEWORK_ROLES } from '@asb/core';
import { LineError } from './rules/line-error';
import { NdjsonLine } from './rules/ndjson';

export type ImportStatus = 'queued' | 'running' | 'completed';

export interface ImportRow {
  id: string;
  organisation_id: string;
  actor_kind: Actor['kind'];
  actor_id: string;
  actor_roles: Actor['roles'];
  request_id: string | null;
  status: ImportStatus;
  total: number;
  succeeded: number;
  failed: number;
  byte_size: string;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

export interface ImportLineErrorRow {
  line: number;
  error_code: string;
  error_message: string;
  error_details: LineError['details'] | null;
}

export interface PendingLine {
  line: number;
  content: Buffer;
}

const IMPORT_COLUMNS = `id, organisation_id, actor_kind, actor_id, actor_roles, request_id, status, total, succeeded, failed, byte_size,
  created_at, started_at, completed_at`;

/** Rows of lines inserted per statement: keeps each statement's parameters to a few MB. */
const LINES_PER_INSERT = 1000;

/**
 * Imports and their lines. A line goes from pending to succeeded or failed
 * once (`AND status = 'pending'`), and the import's counters move in the same
 * statement, so they always agree with the lines.
 */
@Injectable()
export class ImportsRepository {
  async create(em: EntityManager, actor: Actor, total: number, byteSize: number): Promise<string> {
    const [row]: { id: string }[] = await em.query(
      `INSERT INTO imports (organisation_id, actor_kind, actor_id, actor_roles, request_id, total, byte_size)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [actor.organisationId, actor.kind, actor.id, actor.roles, actor.requestId ?? null, total, byteSize],
    );
    return row.id;
  }

  async insertLines(em: EntityManager, importId: string, lines: NdjsonLine[]): Promise<void> {
    for (let i = 0; i < lines.length; i += LINES_PER_INSERT) {
      const chunk = lines.slice(i, i + LINES_PER_INSERT);
      await em.query(
        `INSERT INTO import_lines (import_id, line, content) SELECT $1, l.line, l.content FROM unnest($2::int[], $3::bytea[]) AS l(line, content)`,
        [importId, chunk.map((l) => l.line), chunk.map((l) => l.content)],
      );
    }
  }

  /** Removes an import that could not be queued (its lines go with it). */
  async delete(em: EntityManager, importId: string): Promise<void> {
    await em.query(`DELETE FROM imports WHERE id = $1`, [importId]);
  }

  /**
   * In the transaction that creates the import: a lock held until that
   * transaction ends. A request with an Idempotency-Key commits only after its
   * answer is ready, so the worker may take the job before the import is
   * committed; it waits on this lock first (`waitForCreation`).
   */
  async lockCreation(em: EntityManager, importId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('asb.import.' || $1::text, 0))`, [importId]);
  }

  /** Returns once the transaction that created the import has committed or rolled back. */
  async waitForCreation(em: EntityManager, importId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock_shared(hashtextextended('asb.import.' || $1::text, 0))`, [importId]);
  }

  async findById(em: EntityManager, importId: string): Promise<ImportRow | null> {
    const rows: ImportRow[] = await em.query(`SELECT ${IMPORT_COLUMNS} FROM imports WHERE id = $1`, [importId]);
    return rows[0] ?? null;
  }

  /** The first failed lines in line order (index import_lines_failed_idx). */
  async errors(em: EntityManager, importId: string, limit: number): Promise<ImportLineErrorRow[]> {
    return em.query(
      `SELECT line, error_code, error_message, error_details FROM import_lines
        WHERE import_id = $1 AND status = 'failed' ORDER BY line LIMIT $2`,
      [importId, limit],
    );
  }

  /** Whether the caller who uploaded the import may still write casework: a client not revoked, an active user with a casework role. */
  async callerMayStillImport(em: EntityManager, actor: Actor): Promise<boolean> {
    const rows =
      actor.kind === 'client'
        ? await em.query(`SELECT 1 FROM api_clients WHERE id = $1 AND organisation_id = $2 AND revoked_at IS NULL`, [actor.id, actor.organisationId])
        : await em.query(`SELECT 1 FROM users WHERE id = $1 AND organisation_id = $2 AND active AND roles && $3::text[]`, [actor.id, actor.organisationId, CASEWORK_ROLES]);
    return rows.length > 0;
  }

  /** Queued becomes running (started now); a resumed run keeps its first start. */
  async markRunning(em: EntityManager, importId: string, now: Date): Promise<void> {
    await em.query(`UPDATE imports SET status = 'running', started_at = coalesce(started_at, $2) WHERE id = $1 AND status <> 'completed'`, [importId, now]);
  }

  /** The next pending lines after `afterLine`, in line order (index import_lines_pending_idx). */
  async pendingLines(em: EntityManager, importId: string, afterLine: number, limit: number): Promise<PendingLine[]> {
    return em.query(
      `SELECT line, content FROM import_lines WHERE import_id = $1 AND status = 'pending' AND line > $2 ORDER BY line LIMIT $3`,
      [importId, afterLine, limit],
    );
  }

  /** Locks a line still pending for the bundle's transaction; false when another run has done it already. */
  async lockPendingLine(em: EntityManager, importId: string, line: number): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM import_lines WHERE import_id = $1 AND line = $2 AND status = 'pending' FOR UPDATE`, [importId, line]);
    return rows.length > 0;
  }

  /** In the bundle's transaction: the line is done, its content dropped, and the import counts it. */
  async lineSucceeded(em: EntityManager, importId: string, line: number): Promise<void> {
    await em.query(
      `WITH l AS (UPDATE import_lines SET status = 'succeeded', content = NULL WHERE import_id = $1 AND line = $2 AND status = 'pending' RETURNING 1)
       UPDATE imports SET succeeded = succeeded + (SELECT count(*) FROM l)::int WHERE id = $1`,
      [importId, line],
    );
  }

  /** The line failed: why, its content dropped, and the import counts it. */
  async lineFailed(em: EntityManager, importId: string, line: number, error: LineError): Promise<void> {
    await em.query(
      `WITH l AS (
         UPDATE import_lines SET status = 'failed', content = NULL, error_code = $3, error_message = $4, error_details = $5::jsonb
          WHERE import_id = $1 AND line = $2 AND status = 'pending' RETURNING 1)
       UPDATE imports SET failed = failed + (SELECT count(*) FROM l)::int WHERE id = $1`,
      [importId, line, error.code, error.message, error.details ? JSON.stringify(error.details) : null],
    );
  }

  /** Fails every line still pending with one reason (a run that cannot go on). */
  async failPending(em: EntityManager, importId: string, error: LineError): Promise<void> {
    await em.query(
      `WITH l AS (
         UPDATE import_lines SET status = 'failed', content = NULL, error_code = $2, error_message = $3
          WHERE import_id = $1 AND status = 'pending' RETURNING 1)
       UPDATE imports SET failed = failed + (SELECT count(*) FROM l)::int WHERE id = $1`,
      [importId, error.code, error.message],
    );
  }

  /** Completes the import once no line is pending; returns it as it now is. */
  async complete(em: EntityManager, importId: string, now: Date): Promise<ImportRow> {
    const [row]: ImportRow[] = await em.query(
      `WITH u AS (
         UPDATE imports SET status = 'completed', completed_at = $2
          WHERE id = $1 AND status <> 'completed'
            AND NOT EXISTS (SELECT 1 FROM import_lines WHERE import_id = $1 AND status = 'pending')
          RETURNING ${IMPORT_COLUMNS})
       SELECT * FROM u
       UNION ALL
       SELECT ${IMPORT_COLUMNS} FROM imports WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM u)`,
      [importId, now],
    );
    return row;
  }
}
