import { arrayLiteral, insertSql } from './bulk-insert';
import { TABLES } from './tables';

describe('bulk insert through unnest', () => {
  it('writes each column as a PostgreSQL array literal, quoting and escaping text', () => {
    const rows = [
      { name: 'plain', at: new Date('2026-01-02T03:04:05Z'), n: 3, ok: true, tags: ['drugs', 'age_related'], answers: { V1: true } },
      { name: 'say "hi" \\ {x}, NULL', at: null, n: null, ok: false, tags: [], answers: null },
    ];
    expect(arrayLiteral(rows, { name: 'name', type: 'text' })).toBe('{"plain","say \\"hi\\" \\\\ {x}, NULL"}');
    expect(arrayLiteral(rows, { name: 'at', type: 'timestamptz' })).toBe('{2026-01-02T03:04:05.000Z,NULL}');
    expect(arrayLiteral(rows, { name: 'n', type: 'int' })).toBe('{3,NULL}');
    expect(arrayLiteral(rows, { name: 'ok', type: 'bool' })).toBe('{t,f}');
    expect(arrayLiteral(rows, { name: 'tags', type: 'text[]' })).toBe('{"{\\"drugs\\",\\"age_related\\"}","{}"}');
    expect(arrayLiteral(rows, { name: 'answers', type: 'jsonb' })).toBe('{"{\\"V1\\":true}",NULL}');
  });

  it('inserts all columns of a table from one unnest, constants and copies in SQL', () => {
    const incidents = TABLES.find((t) => t.table === 'incidents')!;
    const sql = insertSql(incidents).replace(/\s+/g, ' ');
    expect(sql).toContain('INSERT INTO incidents (id, case_id, occurred_at, reported_at, description, reported_by_person_id, address, postcode, latitude, longitude, recorded_by_kind, recorded_by_id, created_at)');
    expect(sql).toContain(`SELECT id, case_id, occurred_at, reported_at, description, reported_by_person_id, address, postcode, latitude, longitude, 'user', recorded_by_id, created_at`);
    expect(sql).toContain('FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::float8[], $10::float8[], $11::uuid[], $12::timestamptz[])');
  });

  it('writes parents before children', () => {
    const order = TABLES.map((t) => t.key);
    const before = (a: string, b: string) => expect(order.indexOf(a as never)).toBeLessThan(order.indexOf(b as never));
    before('people', 'caseParties');
    before('cases', 'incidents');
    before('incidents', 'incidentVictims');
    before('interventions', 'interventionBreaches');
    before('interventionBreaches', 'breachAnswers');
  });
});
