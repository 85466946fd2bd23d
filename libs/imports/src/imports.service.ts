import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AuditService, DomainError, hasRole, inTransaction } from '@asb/core';
import { ImportJobs } from './import-jobs.producer';
import { ImportAnswer, mapImport } from './import.mapper';
import { ImportsRepository } from './imports.repository';
import { isNdjsonType, NDJSON_TYPE, splitNdjson } from './rules/ndjson';

/** The failed lines an import's status lists, first by line number; `failed` counts them all. */
export const ERRORS_LISTED = 1000;

/**
 * The API side of bulk imports: takes the file, keeps its lines for the
 * worker, queues the run, and reports progress. Nothing of a bundle is read
 * here: every line is judged by the worker, alone.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly db: DataSource,
    private readonly imports: ImportsRepository,
    private readonly jobs: ImportJobs,
    private readonly audit: AuditService,
  ) {}

  async accept(actor: Actor, contentType: string | undefined, body: unknown): Promise<{ importId: string; status: 'queued'; total: number }> {
    if (!isNdjsonType(contentType)) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `Send the file as ${NDJSON_TYPE} (UTF-8): one JSON case bundle per line`, [
        { field: 'Content-Type', message: `must be ${NDJSON_TYPE}` },
      ]);
    }
    const file = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    const lines = splitNdjson(file);
    if (lines.length === 0) throw DomainError.validation([{ field: 'body', message: 'the file has no bundles: send one JSON case bundle per line' }], 'The import file is empty');
    // A 503 means the file was not kept (docs/operations.md): refused before it is stored while Redis is away, and
    // taken back below if Redis goes away between storing it and queueing its run. A run queued for an import taken
    // back (the answer to the add was lost) finds nothing and does nothing.
    this.jobs.assertReachable();

    const importId = await inTransaction(this.db, async (em) => {
      const id = await this.imports.create(em, actor, lines.length, file.length);
      await this.imports.lockCreation(em, id);
      await this.imports.insertLines(em, id, lines);
      await this.audit.record(em, actor, [{ action: 'create', entityType: 'import', entityId: id, details: { lines: lines.length, bytes: file.length } }]);
      return id;
    });
    try {
      await this.jobs.run(importId);
    } catch (e) {
      // Not queued, so never run: take it back rather than leave it queued for ever.
      await inTransaction(this.db, async (em) => {
        await this.imports.delete(em, importId);
        await this.audit.record(em, actor, [{ action: 'delete', entityType: 'import', entityId: importId, details: { reason: 'the job queue was not reachable' } }]);
      });
      throw e;
    }
    return { importId, status: 'queued', total: lines.length };
  }

  /** An import's progress, for its organisation and for admins; 404 for everyone else. */
  async status(actor: Actor, importId: string): Promise<ImportAnswer> {
    const em = this.db.manager;
    const row = await this.imports.findById(em, importId);
    if (!row || (row.organisation_id !== actor.organisationId && !hasRole(actor, 'admin'))) throw DomainError.notFound('Import');
    return mapImport(row, await this.imports.errors(em, importId, ERRORS_LISTED));
  }
}
