import { addVictim, count, createCase, daysAgo, insertPerson, recordIncident } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

/**
 * The repeat-victim report (DOMAIN.md section 5) over these incidents, days
 * relative to the start of the test:
 *
 * | person    | incidents (case: day)        | repeat now | repeat at day -100 |
 * |-----------|------------------------------|------------|--------------------|
 * | Ann Able  | R1: -10, -300                | yes (2)    | no (1)             |
 * | Bob Baker | R1: -5; R3 (Blaby): -20      | yes (2)    | no (0)             |
 * | Cat Cole  | R1: -5, -400                 | no (1)     | no (1)             |
 * | Dan Dyer  | R3: -30, -60                 | yes (2)    | no (0)             |
 * | Eve Evans | R1: -150, -120, -110         | yes (3)    | yes (3)            |
 * | Gus Gray  | R2 (Charnwood): -3, -4       | yes (2)    | no (0)             |
 * | Fay Ford  | R4: 2025-06-15T12:00Z and exactly 12 months before | only at 2025-06-15T12:00Z |
 *
 * R1 and R4 are police cases in NL, R2 a Charnwood case in NL, R3 a Blaby case in NH.
 */
describe('repeat-victim report', () => {
  let t: TestApp;
  let pc: TestUser;
  let sgt: TestUser;
  let cbc: TestUser;
  let cbcSup: TestUser;
  let blaby: TestUser;
  let analyst: TestUser;
  const people: Record<string, string> = {};
  const refs: Record<string, string> = {};
  const auth = (u: TestUser | string) => ({ Authorization: `Bearer ${typeof u === 'string' ? u : u.token}` });
  const get = (query: string, who: TestUser | string) => t.http().get(`/api/v1/reports/repeat-victims${query}`).set(auth(who));
  const names = (body: { items: { displayName: string }[] }) => body.items.map((i) => i.displayName);

  beforeAll(async () => {
    t = await createTestApp();
    pc = await t.createUser('LEICS-POLICE', ['caseworker'], 'PC Plod');
    sgt = await t.createUser('LEICS-POLICE', ['supervisor'], 'Sgt Review');
    cbc = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    cbcSup = await t.createUser('CHARNWOOD-BC', ['supervisor']);
    blaby = await t.createUser('BLABY-DC', ['caseworker']);
    analyst = await t.createUser('LEICS-CC', ['analyst']);

    const cases: Record<string, { id: string; who: TestUser }> = {};
    const open = async (key: string, who: TestUser, npaCode: string, openedAt: string) => {
      const c = await createCase(t, who.token, { npaCode, openedAt });
      cases[key] = { id: c.id, who };
      refs[key] = c.reference;
    };
    await open('R1', pc, 'NL', daysAgo(500));
    await open('R2', cbc, 'NL', daysAgo(30));
    await open('R3', blaby, 'NH', daysAgo(100));
    await open('R4', pc, 'NL', '2024-01-01T00:00:00Z');

    const incidents = async (name: string, at: Record<string, string[]>) => {
      const [first, last] = name.split(' ');
      const owner = cases[Object.keys(at)[0]].who;
      people[name] = await insertPerson(t, owner.organisationId, first, last);
      for (const [key, times] of Object.entries(at)) {
        await addVictim(t, cases[key].who.token, cases[key].id, people[name]);
        for (const occurredAt of times) await recordIncident(t, cases[key].who.token, cases[key].id, { occurredAt, victimPersonIds: [people[name]] });
      }
    };
    await incidents('Ann Able', { R1: [daysAgo(10), daysAgo(300)] });
    await incidents('Bob Baker', { R1: [daysAgo(5)], R3: [daysAgo(20)] });
    await incidents('Cat Cole', { R1: [daysAgo(5), daysAgo(400)] });
    await incidents('Dan Dyer', { R3: [daysAgo(30), daysAgo(60)] });
    await incidents('Eve Evans', { R1: [daysAgo(150), daysAgo(120), daysAgo(110)] });
    await incidents('Gus Gray', { R2: [daysAgo(3), daysAgo(4)] });
    await incidents('Fay Ford', { R4: ['2025-06-15T12:00:00Z', '2024-06-15T12:00:00Z'] });
  });
  afterAll(() => t.close());

  it('lists for a supervisor the repeat victims on cases their organisation can see, most incidents first', async () => {
    const res = await get('', sgt).expect(200);
    expect(res.body).toMatchObject({ repeatVictims: 3, byNpa: [{ npaCode: 'NL', repeatVictims: 3 }], nextCursor: null });
    expect(names(res.body)).toEqual(['Eve Evans', 'Ann Able', 'Bob Baker']);
    const [eve, ann, bob] = res.body.items;
    expect(eve).toMatchObject({ personId: people['Eve Evans'], incidentsLast12Months: 3, caseReferences: [refs.R1] });
    expect(ann).toMatchObject({ incidentsLast12Months: 2, caseReferences: [refs.R1] });
    expect(Math.abs(Date.parse(ann.lastIncidentAt) - Date.parse(daysAgo(10)))).toBeLessThan(60_000);
    // Bob's Blaby incident counts towards the rule, but Blaby's case is not shown to the police.
    expect(bob).toMatchObject({ incidentsLast12Months: 2, caseReferences: [refs.R1] });
    expect(await count(t, 'audit_events', `actor_id = $1 AND action = 'list' AND entity_type = 'person' AND details->>'report' = 'repeat-victims'`, [sgt.id])).toBe(1);
  });

  it('gives analysts and admins the partnership in aggregate, without names', async () => {
    for (const who of [analyst, t.adminToken]) {
      const res = await get('', who).expect(200);
      // Ann, Bob, Dan, Eve, Gus; Bob counts in NL and NH
      expect(res.body).toEqual({ asOf: expect.any(String), repeatVictims: 5, byNpa: [{ npaCode: 'NH', repeatVictims: 2 }, { npaCode: 'NL', repeatVictims: 4 }] });
    }
    const csv = await get('?format=csv', analyst).expect(200);
    expect(csv.text).toBe('npaCode,repeatVictims\r\nNH,2\r\nNL,4\r\n');
  });

  it('applies the rule at asOf, to the second', async () => {
    const past = await get(`?asOf=${encodeURIComponent(daysAgo(100))}`, sgt).expect(200);
    expect(names(past.body)).toEqual(['Eve Evans']);
    const exact = await get('?asOf=2025-06-15T12:00:00Z', sgt).expect(200);
    expect(exact.body.items).toEqual([expect.objectContaining({ displayName: 'Fay Ford', incidentsLast12Months: 2, caseReferences: [refs.R4] })]);
    expect((await get('?asOf=2025-06-15T12:00:01Z', sgt).expect(200)).body).toMatchObject({ repeatVictims: 0, items: [] });
    // A date is the end of that day; `to` may stand in for asOf.
    expect(names((await get('?asOf=2025-06-15', sgt).expect(200)).body)).toEqual([]);
    expect(names((await get('?to=2025-06-15T12:00:00Z', sgt).expect(200)).body)).toEqual(['Fay Ford']);
  });

  it('shows a council supervisor its own and filters by NPA and organisation', async () => {
    expect(names((await get('', cbcSup).expect(200)).body)).toEqual(['Gus Gray']);
    expect(await get('?npaCode=NH', sgt).expect(200).then((r) => r.body.repeatVictims)).toBe(0);
    const nh = await get('?npaCode=NH', analyst).expect(200);
    expect(nh.body).toMatchObject({ repeatVictims: 2, byNpa: [{ npaCode: 'NH', repeatVictims: 2 }] });
    const charnwood = await get(`?organisationId=${cbcSup.organisationId}`, analyst).expect(200);
    expect(charnwood.body.repeatVictims).toBe(1);
  });

  it('pages and comes as CSV', async () => {
    const first = await get('?limit=2', sgt).expect(200);
    expect(names(first.body)).toEqual(['Eve Evans', 'Ann Able']);
    const second = await get(`?limit=2&cursor=${first.body.nextCursor}`, sgt).expect(200);
    expect(second.body).toMatchObject({ repeatVictims: 3, nextCursor: null });
    expect(names(second.body)).toEqual(['Bob Baker']);
    const csv = await get('', sgt).set('Accept', 'text/csv').expect(200);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('personId,displayName,incidentsLast12Months,lastIncidentAt,caseReferences');
    expect(lines.slice(1).map((l) => l.split(',').slice(1, 3).join(','))).toEqual(['Eve Evans,3', 'Ann Able,2', 'Bob Baker,2']);
  });

  it('refuses caseworkers and what it cannot answer', async () => {
    expectError(await get('', pc), 403, 'FORBIDDEN');
    const withFrom = await get('?from=2026-01-01', sgt);
    expectError(withFrom, 400, 'VALIDATION_FAILED');
    expect(withFrom.body.details).toEqual([expect.objectContaining({ field: 'from' })]);
    expectError(await get('?asOf=2026-01-01&to=2026-01-02', sgt), 400, 'VALIDATION_FAILED');
    expectError(await get('?asOf=last-tuesday', sgt), 400, 'VALIDATION_FAILED');
    expectError(await get('?cursor=WzEsMiwzXQ', sgt), 400, 'VALIDATION_FAILED');
  });
});
