import { CASE_EXPORT_COLUMNS, caseExportRecord, csvHeader, csvLine, exportFormat, ndjsonLine } from './case-export-format';
import { NOW, row } from './case-export-row.fixture';

describe('case export rows', () => {
  it('maps a row to the record of every column, review overdue as of now', () => {
    const rec = caseExportRecord(row(), NOW);
    expect(Object.keys(rec)).toEqual([...CASE_EXPORT_COLUMNS]);
    expect(rec).toMatchObject({ caseId: row().id, reviewOverdue: true, openedAt: '2026-10-01T08:00:00.000Z', closedAt: null, lastIncidentAt: '2026-11-20T21:30:00.000Z' });
    expect(caseExportRecord(row({ status: 'closed', closed_at: NOW }), NOW).reviewOverdue).toBe(false);
    expect(caseExportRecord(row({ review_due_at: new Date('2026-11-23T09:00:00Z') }), NOW).reviewOverdue).toBe(false);
  });

  it('writes CSV with lists joined by ";", references as SYSTEM:value, and cells quoted as RFC 4180 needs', () => {
    expect(csvHeader()).toBe(CASE_EXPORT_COLUMNS.join(',') + '\r\n');
    const line = csvLine(caseExportRecord(row(), NOW));
    expect(line).toBe(
      '6f1c2b0e-6a38-4c55-9a8e-0d5f4e0b1a01,ASB-2026-000123,open,personal,noisy_neighbours,alcohol;drugs,NL,CHARNWOOD,' +
        '0d0c0b0a-0000-4000-8000-000000000001,Leicestershire Police,,,2026-10-01T08:00:00.000Z,,,,2026-10-29T08:00:00.000Z,true,' +
        'LE11,high,3,2026-11-20T21:30:00.000Z,2,1,0,1,"STORM:S-1;UNIFORM:U,2",2026-10-01T08:01:00.000Z,2026-11-20T21:31:00.000Z\r\n',
    );
    // A value a spreadsheet would run as a formula is neutralised.
    expect(csvLine(caseExportRecord(row({ lead_organisation_name: '=HYPERLINK("x")' }), NOW))).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('writes NDJSON: one JSON object per line, references as objects', () => {
    const line = ndjsonLine(caseExportRecord(row(), NOW));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ reference: 'ASB-2026-000123', aggravatingFactors: ['alcohol', 'drugs'], externalRefs: row().external_refs, officerInCharge: null });
  });
});

describe('export format', () => {
  it('takes ?format first, then the first of the types Accept names, else CSV', () => {
    expect(exportFormat('ndjson', 'text/csv')).toBe('ndjson');
    expect(exportFormat('csv', 'application/x-ndjson')).toBe('csv');
    expect(exportFormat(undefined, 'application/x-ndjson')).toBe('ndjson');
    expect(exportFormat(undefined, 'application/ndjson')).toBe('ndjson');
    expect(exportFormat(undefined, 'text/csv')).toBe('csv');
    expect(exportFormat(undefined, 'application/x-ndjson, text/csv;q=0.5')).toBe('ndjson');
    expect(exportFormat(undefined, 'text/csv, application/x-ndjson')).toBe('csv');
    expect(exportFormat(undefined, '*/*')).toBe('csv');
    expect(exportFormat(undefined, undefined)).toBe('csv');
  });
});
