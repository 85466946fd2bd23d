import { addVictim, createCase, daysAgo, recordIncident } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

/**
 * GET /api/v1/reports/repeat-victims/possibly-missed (DOMAIN.md section 5):
 * people who are not repeat victims on their own but would be if their likely
 * duplicates were merged.
 */
describe('possibly missed repeat victims', () => {
  let t: TestApp;
  let cw: TestUser;
  let sup: TestUser;
  let blabyCw: TestUser;
  let blabySup: TestUser;
  let analyst: TestUser;
  const auth = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const ids: Record<string, string> = {};
  const URL = '/api/v1/reports/repeat-victims/possibly-missed';

  async function person(u: TestUser, body: Record<string, unknown>): Promise<string> {
    const res = await t.http().post('/api/v1/people').set(auth(u)).send({ kind: 'person', ...body });
    if (res.status !== 201) throw new Error(`create person failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  /** A case of the user's organisation with these victims, and one incident per entry of `incidents` (days ago, victims). */
  async function caseWith(u: TestUser, victims: string[], incidents: [number, string[]][], overrides: Record<string, unknown> = {}) {
    const c = await createCase(t, u.token, overrides);
    for (const v of victims) await addVictim(t, u.token, c.id, v);
    for (const [days, vs] of incidents) await recordIncident(t, u.token, c.id, { occurredAt: daysAgo(days), victimPersonIds: vs });
    return c;
  }

  beforeAll(async () => {
    t = await createTestApp();
    cw = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    sup = await t.createUser('CHARNWOOD-BC', ['supervisor']);
    blabyCw = await t.createUser('BLABY-DC', ['caseworker']);
    blabySup = await t.createUser('BLABY-DC', ['supervisor']);
    analyst = await t.createUser('LEICS-POLICE', ['analyst']);

    // P1 and P2: one incident each, the same person twice (name written differently, same date of birth): both possibly missed
    ids.p1 = await person(cw, { firstName: 'Priya', lastName: 'Patel', dateOfBirth: '1980-05-05' });
    ids.p2 = await person(cw, { firstName: 'PRIYA', lastName: 'PATEL', dateOfBirth: '1980-05-05' });
    await caseWith(cw, [ids.p1], [[20, [ids.p1]]]);
    await caseWith(cw, [ids.p2], [[10, [ids.p2]]]);
    // P3: one incident, no likely duplicate
    ids.p3 = await person(cw, { firstName: 'Tom', lastName: 'Hill', dateOfBirth: '1975-01-01' });
    await caseWith(cw, [ids.p3], [[8, [ids.p3]]]);
    // P4 is a repeat victim on their own (not listed); P5, their duplicate with one incident, is listed with 3
    ids.p4 = await person(cw, { firstName: 'Grace', lastName: 'Wood', dateOfBirth: '1990-02-02' });
    ids.p5 = await person(cw, { firstName: 'Grace', lastName: 'Wood', dateOfBirth: '1990-02-02' });
    await caseWith(cw, [ids.p4], [[5, [ids.p4]], [6, [ids.p4]]]);
    await caseWith(cw, [ids.p5], [[7, [ids.p5]]]);
    // P6's duplicate (similar name, same postcode) had its only incident 400 days ago: nothing to add
    const address = { line1: '1 Park Road', postcode: 'LE11 1AA' };
    ids.p6 = await person(cw, { firstName: 'Jack', lastName: 'Hall', address });
    ids.p7 = await person(cw, { firstName: 'Jackie', lastName: 'Hall', address });
    await caseWith(cw, [ids.p6, ids.p7], [[3, [ids.p6]], [400, [ids.p7]]]);
    // P8 and P9, duplicates named on the same single incident: one distinct incident, not a repeat
    ids.p8 = await person(cw, { firstName: 'Oliver', lastName: 'King', dateOfBirth: '2000-01-01' });
    ids.p9 = await person(cw, { firstName: 'Oliver', lastName: 'King', dateOfBirth: '2000-01-01' });
    await caseWith(cw, [ids.p8, ids.p9], [[15, [ids.p8, ids.p9]]]);
    // P10 (Blaby's, on a Blaby case) and P11 (Charnwood's): each listed where its own incident's case is in scope
    ids.p10 = await person(blabyCw, { firstName: 'Zoe', lastName: 'Green', dateOfBirth: '1985-06-06' });
    ids.p11 = await person(cw, { firstName: 'Zoe', lastName: 'Green', dateOfBirth: '1985-06-06' });
    await caseWith(blabyCw, [ids.p10], [[30, [ids.p10]]], { npaCode: 'NH', cspCode: 'BLABY', location: { postcode: 'LE19 1AA' } });
    await caseWith(cw, [ids.p11], [[25, [ids.p11]]]);
  });
  afterAll(() => t.close());

  it('lists, for a supervisor, the people of their cases who would be repeat victims if merged, with their likely duplicates', async () => {
    const res = await t.http().get(URL).set(auth(sup)).expect(200);
    expect(res.body).toMatchObject({ possiblyMissed: 4, byNpa: [{ npaCode: 'NL', possiblyMissed: 4 }], nextCursor: null });
    const items = res.body.items;
    expect(items.map((i: { personId: string }) => i.personId).sort()).toEqual([ids.p1, ids.p2, ids.p5, ids.p11].sort());
    // most combined incidents first
    expect(items[0]).toEqual({
      personId: ids.p5, displayName: 'Grace Wood', incidentsLast12Months: 1, combinedIncidentsLast12Months: 3,
      lastIncidentAt: expect.any(String), caseReferences: [expect.stringMatching(/^ASB-\d{4}-\d+$/)],
      possibleDuplicates: [{ personId: ids.p4, displayName: 'Grace Wood', reason: 'same_name_and_date_of_birth', reasons: ['same_name_and_date_of_birth'], incidentsLast12Months: 2 }],
    });
    const byId = Object.fromEntries(items.map((i: { personId: string }) => [i.personId, i]));
    expect(byId[ids.p1]).toMatchObject({ combinedIncidentsLast12Months: 2, possibleDuplicates: [{ personId: ids.p2, incidentsLast12Months: 1 }] });
    expect(byId[ids.p2]).toMatchObject({ combinedIncidentsLast12Months: 2, possibleDuplicates: [{ personId: ids.p1, incidentsLast12Months: 1 }] });
    // P11's duplicate is Blaby's: named, and its incident on a Blaby case counts
    expect(byId[ids.p11]).toMatchObject({ combinedIncidentsLast12Months: 2, possibleDuplicates: [{ personId: ids.p10, displayName: 'Zoe Green', incidentsLast12Months: 1 }] });
    expect(Math.abs(Date.parse(byId[ids.p1].lastIncidentAt) - Date.parse(daysAgo(20)))).toBeLessThan(60000);
  });

  it('scopes by the case of the person\'s own incident: Blaby sees P10 only', async () => {
    const res = await t.http().get(URL).set(auth(blabySup)).expect(200);
    expect(res.body.items.map((i: { personId: string }) => i.personId)).toEqual([ids.p10]);
    expect(res.body.items[0].possibleDuplicates.map((d: { personId: string }) => d.personId)).toEqual([ids.p11]);
    expect(res.body.byNpa).toEqual([{ npaCode: 'NH', possiblyMissed: 1 }]);
  });

  it('gives analysts the partnership counts by NPA and no people; NPA filter applies', async () => {
    const res = await t.http().get(URL).set(auth(analyst)).expect(200);
    expect(res.body).toEqual({ asOf: expect.any(String), possiblyMissed: 5, byNpa: [{ npaCode: 'NH', possiblyMissed: 1 }, { npaCode: 'NL', possiblyMissed: 4 }] });
    const nh = await t.http().get(URL).query({ npaCode: 'NH' }).set(auth(analyst)).expect(200);
    expect(nh.body).toMatchObject({ possiblyMissed: 1, byNpa: [{ npaCode: 'NH', possiblyMissed: 1 }] });
    const csv = await t.http().get(URL).query({ format: 'csv' }).set(auth(analyst)).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toBe('npaCode,possiblyMissed\r\nNH,1\r\nNL,4\r\n');
  });

  it('applies the rule at asOf: 12 days ago only P11 (incidents 25 and 30 days ago) would be a repeat', async () => {
    const res = await t.http().get(URL).query({ asOf: daysAgo(12) }).set(auth(sup)).expect(200);
    expect(res.body.items.map((i: { personId: string }) => i.personId)).toEqual([ids.p11]);
    expectError(await t.http().get(URL).query({ from: daysAgo(30) }).set(auth(sup)), 400, 'VALIDATION_FAILED');
  });

  it('pages with a cursor, and gives every person as CSV', async () => {
    const first = await t.http().get(URL).query({ limit: 3 }).set(auth(sup)).expect(200);
    expect(first.body.items).toHaveLength(3);
    const second = await t.http().get(URL).query({ limit: 3, cursor: first.body.nextCursor }).set(auth(sup)).expect(200);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...second.body.items].map((i: { personId: string }) => i.personId);
    expect(all.sort()).toEqual([ids.p1, ids.p2, ids.p5, ids.p11].sort());

    const csv = await t.http().get(URL).set({ ...auth(sup), Accept: 'text/csv' }).expect(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('personId,displayName,incidentsLast12Months,combinedIncidentsLast12Months,lastIncidentAt,caseReferences,possibleDuplicateIds,possibleDuplicateNames,reasons');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(new RegExp(`^${ids.p5},Grace Wood,1,3,[^,]+,ASB-[0-9-]+,${ids.p4},Grace Wood,same_name_and_date_of_birth$`));
  });

  it('audits the list with the people and duplicates shown; refuses caseworkers', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1`, [blabySup.id])).rows[0].n;
    await t.http().get(URL).set(auth(blabySup)).expect(200);
    const { rows } = await t.db.query(`SELECT details FROM audit_events WHERE actor_id = $1 ORDER BY id DESC LIMIT 1`, [blabySup.id]);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1`, [blabySup.id])).rows[0].n).toBe(before + 1);
    expect(rows[0].details).toMatchObject({ report: 'repeat-victims/possibly-missed', resultIds: [ids.p10], duplicateIds: [ids.p11] });
    expectError(await t.http().get(URL).set(auth(cw)), 403, 'FORBIDDEN');
  });

  it('after a merge the pair is a repeat victim, and no longer possibly missed', async () => {
    await t.http().post(`/api/v1/people/${ids.p1}/merge`).set(auth(sup)).send({ mergeId: ids.p2 }).expect(200);
    const res = await t.http().get(URL).set(auth(sup)).expect(200);
    expect(res.body.items.map((i: { personId: string }) => i.personId).sort()).toEqual([ids.p5, ids.p11].sort());
    const repeats = await t.http().get('/api/v1/reports/repeat-victims').set(auth(sup)).expect(200);
    expect(repeats.body.items.map((i: { personId: string }) => i.personId).sort()).toEqual([ids.p1, ids.p4].sort());
  });
});
