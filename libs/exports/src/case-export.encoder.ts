import { Transform, TransformCallback } from 'node:stream';
import { caseExportRecord, CaseExportRow, csvHeader, csvLine, ExportFormat, ndjsonLine } from './rules/case-export-format';

/**
 * Rows in, text out: CSV (header first) or NDJSON, one line per case. Counts
 * the rows, and before the last byte goes out calls `onEnd` with the count (the
 * audit entry), so a client never holds a complete export that was not
 * recorded; if `onEnd` fails, the export fails.
 */
export class CaseExportEncoder extends Transform {
  private count = 0;

  constructor(
    private readonly format: ExportFormat,
    private readonly now: Date,
    private readonly onEnd: (rows: number) => Promise<void>,
  ) {
    super({ writableObjectMode: true, readableObjectMode: false });
    if (format === 'csv') this.push(csvHeader());
  }

  get rows(): number {
    return this.count;
  }

  override _transform(row: CaseExportRow, _encoding: BufferEncoding, done: TransformCallback): void {
    this.count++;
    const record = caseExportRecord(row, this.now);
    done(null, this.format === 'csv' ? csvLine(record) : ndjsonLine(record));
  }

  override _flush(done: TransformCallback): void {
    this.onEnd(this.count).then(() => done(), done);
  }
}
