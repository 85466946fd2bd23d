import { Injectable, Logger, ValidationPipe } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Clock, createValidationPipe, DomainError, inTransaction } from '@asb/core';
import { BundleImporter } from '../bundles/bundle-importer.service';
import { ImportBundleDto } from '../bundles/import-bundle.dto';
import { ImportsRepository, PendingLine } from '../imports.repository';
import { isRetryable, LineError, lineError } from '../rules/line-error';
import { parseBundleLine } from '../rules/ndjson';

/** Lines read per query: small, since a line may be large. */
const LINES_PER_READ = 100;
/** A bundle that deadlocks is tried this many times in all; one refused for a reference held elsewhere, twice. */
const TRIES_PER_LINE = 3;

export interface ImportRunResult {
  importId: string;
  status: 'completed' | 'not_found';
  succeeded?: number;
  failed?: number;
}

/**
 * Runs one import in the worker: its pending lines in order, each bundle in
 * a transaction of its own with the line's result, so the counters move as
 * it goes and a run that stops resumes at the first line still pending. A
 * line is judged by the same validation as the endpoints (unknown fields
 * refused) and written through their services, as the caller who uploaded
 * the file.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);
  private readonly validation: ValidationPipe = createValidationPipe();

  constructor(
    private readonly db: DataSource,
    private readonly imports: ImportsRepository,
    private readonly importer: BundleImporter,
    private readonly clock: Clock,
  ) {}

  /** `lastAttempt`: a failure that is not a line's own fails the lines left instead of waiting for a retry that will not come. */
  async run(importId: string, opts: { lastAttempt: boolean }): Promise<ImportRunResult> {
    const em = this.db.manager;
    // The job may be taken before the request that queued it commits (it commits with its answer): wait for that.
    await inTransaction(this.db, (tx) => this.imports.waitForCreation(tx, importId));
    const found = await this.imports.findById(em, importId);
    if (!found) return { importId, status: 'not_found' };
    if (found.status !== 'completed') {
      await this.imports.markRunning(em, importId, this.clock.now());
      const actor: Actor = { kind: found.actor_kind, id: found.actor_id, organisationId: found.organisation_id, roles: found.actor_roles, requestId: found.request_id ?? undefined };
      try {
        let after = 0;
        for (;;) {
          // Written as the uploader: a client revoked or a user deactivated meanwhile writes nothing more.
          if (!(await this.imports.callerMayStillImport(em, actor))) {
            await this.imports.failPending(em, importId, { code: 'FORBIDDEN', message: 'The caller who uploaded the file may no longer import (revoked or deactivated); the line was not imported' });
            break;
          }
          const lines = await this.imports.pendingLines(em, importId, after, LINES_PER_READ);
          if (lines.length === 0) break;
          for (const line of lines) {
            await this.runLine(importId, actor, line);
            after = line.line;
          }
        }
      } catch (err) {
        if (!opts.lastAttempt) throw err;
        this.logger.error({ err, importId }, 'import stopped on its last attempt; the lines left are failed');
        await this.imports.failPending(em, importId, { code: 'INTERNAL', message: 'The line could not be processed; import the file again (lines already imported are updated, not duplicated)' });
      }
    }
    const done = await this.imports.complete(em, importId, this.clock.now());
    return { importId, status: 'completed', succeeded: done.succeeded, failed: done.failed };
  }

  private async runLine(importId: string, actor: Actor, pending: PendingLine): Promise<void> {
    const parsed = parseBundleLine(pending.content);
    if (!parsed.ok) return this.fail(importId, pending.line, lineError(DomainError.validation(parsed.details ?? [], parsed.message))!);
    let bundle: ImportBundleDto;
    try {
      bundle = (await this.validation.transform(parsed.value, { type: 'body', metatype: ImportBundleDto })) as ImportBundleDto;
    } catch (e) {
      return this.fail(importId, pending.line, await this.refusal(importId, pending.line, e));
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await inTransaction(this.db, async (em) => {
          // Another run of this import (a stalled job taken over) may have done the line meanwhile.
          if (!(await this.imports.lockPendingLine(em, importId, pending.line))) return;
          await this.importer.importBundle(em, actor, bundle, this.clock.now());
          await this.imports.lineSucceeded(em, importId, pending.line);
        });
        return;
      } catch (e) {
        // A deadlock with a concurrent writer, or a reference another import took between our look-up and our insert:
        // the bundle again, which now finds that record.
        const taken = e instanceof DomainError && e.code === 'DUPLICATE_EXTERNAL_REF';
        if ((isRetryable(e) && attempt < TRIES_PER_LINE) || (taken && attempt === 1)) continue;
        if (isRetryable(e)) throw e;
        return this.fail(importId, pending.line, await this.refusal(importId, pending.line, e));
      }
    }
  }

  /**
   * Why the line failed. A refusal the endpoint would answer with a 4xx keeps
   * that code. Anything else fails this line alone (INTERNAL, logged) while
   * the database still answers, so one odd line never holds up or fails the
   * lines after it; when the database does not answer, the failure is not the
   * line's: it is rethrown, the job fails and is retried, and the line with it.
   */
  private async refusal(importId: string, line: number, e: unknown): Promise<LineError> {
    const refused = lineError(e);
    if (refused) return refused;
    if (!(await this.databaseAnswers())) throw e;
    this.logger.error({ err: e, importId, line }, 'an import line failed on a fault of the service; the line is failed alone');
    return { code: 'INTERNAL', message: 'The line could not be imported because of a fault in the service; the rest of the file was imported. Import the line again once the fault is fixed' };
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async fail(importId: string, line: number, error: LineError): Promise<void> {
    await this.imports.lineFailed(this.db.manager, importId, line, error);
  }
}
