import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { Actor, AuditService, Clock } from '@asb/core';
import { ReportScopes } from '@asb/reports';
import { ExportCasesQueryDto } from './case-export.dto';
import { CaseExportEncoder } from './case-export.encoder';
import { CaseExportRepository } from './case-export.repository';
import { ExportConnections } from './export-connections';
import { CONTENT_TYPES, CaseExportRow, exportFormat, ExportFormat } from './rules/case-export-format';

/** Rows fetched from the cursor per round trip, and so at most held in memory at a time (with the stream buffers). */
const BATCH_SIZE = 500;

/**
 * The streamed case export (API.md "Jobs, integration, audit"): in constant
 * memory however many cases, from a PostgreSQL cursor (pg-query-stream),
 * through the encoder, into the response, with backpressure (stream.pipeline):
 * a slow client slows the reads from the database, it does not fill memory.
 *
 * Scope as the reports: supervisors, caseworkers and partner systems get the
 * cases visible to their organisation, analysts and admins the partnership.
 * Bad filters are refused (400) before anything is sent. One audit entry per
 * export, with the filters, the format and the number of rows: written before
 * the last byte of a complete export, or when one fails or the client goes.
 */
@Injectable()
export class CaseExportService {
  private readonly logger = new Logger('Exports');

  constructor(
    private readonly db: DataSource,
    private readonly scopes: ReportScopes,
    private readonly repo: CaseExportRepository,
    private readonly connections: ExportConnections,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async export(actor: Actor, q: ExportCasesQueryDto, req: Request, res: Response): Promise<void> {
    const format = exportFormat(q.format, req.headers.accept);
    const now = this.clock.now();
    const { format: _f, ...filters } = q;
    const scope = await this.scopes.resolve(this.db.manager, actor, filters);
    const { text, values } = this.repo.query(scope);
    const record = (rows: number, completed: boolean) =>
      this.audit.record(this.db.manager, actor, [{ action: 'export', entityType: 'case', details: { export: 'cases', format, filters, rows, completed } }]);

    const client = await this.connections.acquire();
    let released = false;
    // A connection whose cursor was cut off mid-read is closed rather than reused.
    const release = (err?: Error) => {
      if (released) return;
      released = true;
      client.release(err);
    };
    const rows = client.query(new QueryStream(text, values, { batchSize: BATCH_SIZE, highWaterMark: BATCH_SIZE }));
    const source = rows[Symbol.asyncIterator]() as AsyncIterator<CaseExportRow>;
    let first: IteratorResult<CaseExportRow>;
    try {
      // The first row (or the end) before any byte is sent, so a query that fails is still a proper error answer.
      first = await source.next();
    } catch (err) {
      release(err as Error);
      throw err;
    }

    let audited = false;
    const encoder = new CaseExportEncoder(format, now, async (n) => {
      await record(n, true);
      audited = true;
    });
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="cases-${now.toISOString().slice(0, 10)}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      await pipeline(rowsFrom(first, source), encoder, res);
      release();
    } catch (err) {
      release(err as Error);
      const aborted = (err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
      if (!aborted) this.logger.error({ err, requestId: actor.requestId }, 'Case export failed');
      if (!audited) {
        await record(encoder.rows, false).catch((e) => this.logger.error({ err: e, requestId: actor.requestId }, 'Could not audit a broken export'));
      }
    }
  }
}

/** The rows again, the first one already read, pulled one at a time as the encoder asks. */
async function* rowsFrom(first: IteratorResult<CaseExportRow>, rest: AsyncIterator<CaseExportRow>): AsyncGenerator<CaseExportRow> {
  try {
    if (first.done) return;
    yield first.value;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    // Stops the cursor (pg-query-stream closes its portal) when the client goes early.
    await rest.return?.();
  }
}

export type { ExportFormat };
