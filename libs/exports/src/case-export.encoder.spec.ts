import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CaseExportEncoder } from './case-export.encoder';
import { CaseExportRow, csvHeader } from './rules/case-export-format';
import { NOW, row } from './rules/case-export-row.fixture';

describe('export encoder', () => {
  const run = async (format: 'csv' | 'ndjson', rows: CaseExportRow[]) => {
    let out = '';
    const ends: number[] = [];
    const encoder = new CaseExportEncoder(format, NOW, async (n) => {
      ends.push(n);
    });
    await pipeline(Readable.from(rows), encoder, new Writable({ write: (chunk, _e, done) => ((out += chunk), done()) }));
    return { out, ends, rows: encoder.rows };
  };

  it('writes the header then one line per row, and reports the count once at the end', async () => {
    const csv = await run('csv', [row(), row({ reference: 'ASB-2026-000124' })]);
    expect(csv.out.split('\r\n')).toHaveLength(4);
    expect(csv.out.startsWith(csvHeader())).toBe(true);
    expect(csv.ends).toEqual([2]);
    const nd = await run('ndjson', [row(), row(), row()]);
    expect(nd.out.trimEnd().split('\n').map((l) => JSON.parse(l).reference)).toEqual(['ASB-2026-000123', 'ASB-2026-000123', 'ASB-2026-000123']);
    expect(nd.ends).toEqual([3]);
    const empty = await run('csv', []);
    expect(empty.out).toBe(csvHeader());
    expect(empty.ends).toEqual([0]);
  });

  it('fails the export when the end cannot be recorded', async () => {
    const encoder = new CaseExportEncoder('ndjson', NOW, async () => {
      throw new Error('audit down');
    });
    await expect(pipeline(Readable.from([row()]), encoder, new Writable({ write: (_c, _e, done) => done() }))).rejects.toThrow('audit down');
  });
});
