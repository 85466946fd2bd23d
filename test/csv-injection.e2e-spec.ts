import { parse } from 'csv-parse/sync';
import { addVictim, createCase, daysAgo, recordIncident } from './support/cases-fixtures';
import { createTestApp, TestApp, TestUser } from './support/test-app';

/** RFC 4180 rows of a CSV answer (quoted cells, doubled quotes, CRLF). */
const parseCsv = (text: string): string[][] => parse(text, { recordDelimiter: '\r\n' });

/** Cells a spreadsheet would read as a formula (OWASP: = + - @ tab CR first), plain negative numbers aside. */
const formulaCells = (rows: string[][]) => rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-\d+(\.\d+)?$/.test(c));

/** CSV formula injection (OWASP): names that begin like a formula reach no CSV the service writes as a formula. */
describe('CSV formula injection', () => {
  const EVIL_FIRST = "-2+3+cmd|'";
  const EVIL_LAST = "/C calc'!A0";
  const EVIL = `${EVIL_FIRST} ${EVIL_LAST}`;
  let t: TestApp;
  let pc: TestUser;
  let sgt: TestUser;
  let analyst: TestUser;
  const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

  async function person(u: TestUser, body: Record<string, unknown>): Promise<string> {
    const res = await t.http().post('/api/v1/people').set(auth(u)).send({ kind: 'person', ...body });
    if (res.status !== 201) throw new Error(`create person failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    pc = await t.createUser('LEICS-POLICE', ['caseworker'], EVIL);
    sgt = await t.createUser('LEICS-POLICE', ['supervisor']);
    analyst = await t.createUser('LEICS-CC', ['analyst']);
    // a repeat victim named like a formula: two incidents within 12 months
    const repeat = await person(pc, { firstName: EVIL_FIRST, lastName: EVIL_LAST, dateOfBirth: '1970-01-01' });
    const c1 = await createCase(t, pc.token, { officerInChargeId: pc.id });
    await addVictim(t, pc.token, c1.id, repeat);
    for (const d of [3, 9]) await recordIncident(t, pc.token, c1.id, { occurredAt: daysAgo(d), victimPersonIds: [repeat] });
    // a possibly missed one: two profiles of one person, one incident each
    const dupA = await person(pc, { firstName: EVIL_FIRST, lastName: EVIL_LAST, dateOfBirth: '1981-02-03' });
    const dupB = await person(pc, { firstName: EVIL_FIRST, lastName: EVIL_LAST, dateOfBirth: '1981-02-03' });
    for (const [p, d] of [[dupA, 4], [dupB, 6]] as const) {
      const c = await createCase(t, pc.token);
      await addVictim(t, pc.token, c.id, p);
      await recordIncident(t, pc.token, c.id, { occurredAt: daysAgo(d), victimPersonIds: [p] });
    }
  });
  afterAll(() => t.close());

  it('neutralises the name in the repeat-victim CSV (displayName)', async () => {
    const res = await t.http().get('/api/v1/reports/repeat-victims').query({ format: 'csv' }).set(auth(sgt)).expect(200);
    const rows = parseCsv(res.text);
    const col = rows[0].indexOf('displayName');
    expect(rows.slice(1).map((r) => r[col])).toContain(`'${EVIL}`);
    expect(formulaCells(rows)).toEqual([]);
  });

  it('neutralises the names in the possibly-missed CSV (displayName, possibleDuplicateNames)', async () => {
    const res = await t.http().get('/api/v1/reports/repeat-victims/possibly-missed').set({ ...auth(sgt), Accept: 'text/csv' }).expect(200);
    const rows = parseCsv(res.text);
    const col = rows[0].indexOf('possibleDuplicateNames');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).map((r) => r[col])).toContain(`'${EVIL}`);
    expect(formulaCells(rows)).toEqual([]);
  });

  it('neutralises the officer in charge in the case export', async () => {
    const res = await t.http().get('/api/v1/exports/cases').query({ format: 'csv' }).set(auth(analyst)).buffer(true).parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (text += c));
      r.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    const rows = parseCsv(res.body as string);
    const col = rows[0].indexOf('officerInCharge');
    expect(rows.slice(1).map((r) => r[col])).toContain(`'${EVIL}`);
    expect(formulaCells(rows)).toEqual([]);
  });
});
