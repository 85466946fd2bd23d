import { randomUUID } from 'node:crypto';
import { addVictim, count, createCase, daysAgo, daysAhead, insertPerson, recordIncident } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const INCIDENT_KEYS = [
  'id', 'caseId', 'occurredAt', 'reportedAt', 'description', 'reportedByPersonId', 'victimPersonIds', 'location', 'externalRefs', 'createdAt',
].sort();

describe('incidents', () => {
  let t: TestApp;
  let police: TestUser;
  let charnwood: TestUser;
  let analyst: TestUser;
  const auth = (u: TestUser | string) => ({ Authorization: `Bearer ${typeof u === 'string' ? u : u.token}` });

  beforeAll(async () => {
    t = await createTestApp();
    police = await t.createUser('LEICS-POLICE', ['caseworker']);
    charnwood = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    analyst = await t.createUser('LEICS-POLICE', ['analyst']);
  });
  afterAll(() => t.close());

  it('records an incident with the API.md shape, and flags the victim as a repeat on the second', async () => {
    const c = await createCase(t, police.token);
    const v = await insertPerson(t, police.organisationId, 'Vic', 'Tim');
    const reporter = await insertPerson(t, police.organisationId, 'Ray', 'Porter');
    await addVictim(t, police.token, c.id, v);
    const occurredAt = daysAgo(22);
    const reportedAt = daysAgo(21);

    const first = await t
      .http()
      .post(`/api/v1/cases/${c.id}/incidents`)
      .set(auth(police))
      .send({
        occurredAt,
        reportedAt,
        description: 'Stones thrown at the window',
        reportedByPersonId: reporter,
        victimPersonIds: [v],
        location: { address: '4 Park Rd', postcode: 'le11 2hj', latitude: 52.77, longitude: -1.21 },
        externalRefs: [{ system: 'STORM', value: 'INC-1' }],
      })
      .expect(201);
    expect(Object.keys(first.body).sort()).toEqual([...INCIDENT_KEYS, 'repeatVictims', 'caseReviewInfoDue'].sort());
    expect(first.body).toMatchObject({
      caseId: c.id,
      occurredAt,
      reportedAt,
      description: 'Stones thrown at the window',
      reportedByPersonId: reporter,
      victimPersonIds: [v],
      location: { address: '4 Park Rd', postcode: 'LE11 2HJ', latitude: 52.77, longitude: -1.21 },
      externalRefs: [{ system: 'STORM', value: 'INC-1' }],
      repeatVictims: [],
      caseReviewInfoDue: [],
    });
    const { rows } = await t.db.query(`SELECT occurred_at FROM incident_victims WHERE incident_id = $1`, [first.body.id]);
    expect(rows.map((r) => r.occurred_at.toISOString())).toEqual([occurredAt]);

    const before = Date.now();
    const second = await recordIncident(t, police.token, c.id, { occurredAt: daysAgo(5), victimPersonIds: [v] });
    expect(second.repeatVictims).toEqual([v]);
    expect(second.caseReviewInfoDue).toEqual([v]);
    expect(Date.parse(second.reportedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(second.location).toEqual({ address: null, postcode: null, latitude: null, longitude: null });

    const got = (await t.http().get(`/api/v1/cases/${c.id}`).set(auth(police)).expect(200)).body;
    expect(got.victims[0].repeatVictim).toEqual({ isRepeat: true, incidentsLast12Months: 2 });
    expect(await count(t, 'audit_events', `action = 'create' AND entity_type = 'incident' AND case_id = $1`, [c.id])).toBe(2);
  });

  it('does not flag incidents 13 months apart', async () => {
    const c = await createCase(t, police.token);
    const v = await insertPerson(t, police.organisationId);
    await addVictim(t, police.token, c.id, v);
    await recordIncident(t, police.token, c.id, { occurredAt: '2025-09-01T10:00:00Z', victimPersonIds: [v] });
    const later = await recordIncident(t, police.token, c.id, { occurredAt: '2026-10-01T10:00:00Z', victimPersonIds: [v] });
    expect(later.repeatVictims).toEqual([]);
    expect(later.caseReviewInfoDue).toEqual([]);
  });

  it('tells a victim about the Case Review on a second report within 6 months but not after', async () => {
    const c = await createCase(t, police.token);
    const v = await insertPerson(t, police.organisationId);
    await addVictim(t, police.token, c.id, v);
    await recordIncident(t, police.token, c.id, { occurredAt: '2026-01-05T10:00:00Z', victimPersonIds: [v] });
    const eightMonths = await recordIncident(t, police.token, c.id, { occurredAt: '2026-09-05T10:00:00Z', victimPersonIds: [v] });
    expect(eightMonths.repeatVictims).toEqual([v]);
    expect(eightMonths.caseReviewInfoDue).toEqual([]);
    const soon = await recordIncident(t, police.token, c.id, { occurredAt: '2026-10-05T10:00:00Z', victimPersonIds: [v] });
    expect(soon.caseReviewInfoDue).toEqual([v]);
  });

  it('counts an incident on another organisation\'s case the caller cannot see', async () => {
    const v = await insertPerson(t, charnwood.organisationId, 'Shared', 'Victim');
    const theirs = await createCase(t, charnwood.token);
    await addVictim(t, charnwood.token, theirs.id, v);
    await recordIncident(t, charnwood.token, theirs.id, { occurredAt: daysAgo(20), victimPersonIds: [v] });
    const ours = await createCase(t, police.token);
    await addVictim(t, police.token, ours.id, v);
    expectError(await t.http().get(`/api/v1/cases/${theirs.id}`).set(auth(police)), 404, 'NOT_FOUND');
    const inc = await recordIncident(t, police.token, ours.id, { occurredAt: daysAgo(2), victimPersonIds: [v] });
    expect(inc.repeatVictims).toEqual([v]);
    const got = (await t.http().get(`/api/v1/cases/${ours.id}`).set(auth(police)).expect(200)).body;
    expect(got.victims[0].repeatVictim).toEqual({ isRepeat: true, incidentsLast12Months: 2 });
  });

  it('flags a repeat victim when two reports for them are recorded at the same moment on different cases', async () => {
    const occurredAt = daysAgo(1);
    const pairs = [];
    for (let i = 0; i < 6; i++) {
      const v = await insertPerson(t, police.organisationId, 'Concurrent', `Victim${i}`);
      const a = await createCase(t, police.token);
      const b = await createCase(t, charnwood.token);
      await addVictim(t, police.token, a.id, v);
      await addVictim(t, charnwood.token, b.id, v);
      pairs.push({ v, a: a.id, b: b.id });
    }
    const answers = await Promise.all(
      pairs.flatMap(({ v, a, b }) => [
        recordIncident(t, police.token, a, { occurredAt, victimPersonIds: [v] }),
        recordIncident(t, charnwood.token, b, { occurredAt, victimPersonIds: [v] }),
      ]),
    );
    // Whichever committed second counted the first: each victim is named at least once.
    pairs.forEach(({ v }, i) => {
      const named = [answers[2 * i], answers[2 * i + 1]].filter((r) => r.repeatVictims.includes(v));
      expect(named.length).toBeGreaterThanOrEqual(1);
    });
  });

  it('refuses a victim who is not a victim on the case with 422 PERSON_NOT_ON_CASE, writing nothing', async () => {
    const c = await createCase(t, police.token);
    const v = await insertPerson(t, police.organisationId);
    const perp = await insertPerson(t, police.organisationId);
    const stranger = await insertPerson(t, police.organisationId);
    await addVictim(t, police.token, c.id, v);
    await t.http().post(`/api/v1/cases/${c.id}/perpetrators`).set(auth(police)).send({ personId: perp }).expect(201);
    const before = [await count(t, 'incidents'), await count(t, 'incident_victims'), await count(t, 'audit_events', `entity_type = 'incident'`)];
    const res = await t.http().post(`/api/v1/cases/${c.id}/incidents`).set(auth(police)).send({ occurredAt: daysAgo(1), description: 'x', victimPersonIds: [v, perp, stranger] });
    expectError(res, 422, 'PERSON_NOT_ON_CASE');
    expect(res.body.details.map((d: { personId: string }) => d.personId).sort()).toEqual([perp, stranger].sort());
    expect([await count(t, 'incidents'), await count(t, 'incident_victims'), await count(t, 'audit_events', `entity_type = 'incident'`)]).toEqual(before);
  });

  it('refuses bad times and bad input, writing nothing', async () => {
    const c = await createCase(t, police.token);
    const v = await insertPerson(t, police.organisationId);
    await addVictim(t, police.token, c.id, v);
    const incidents = await count(t, 'incidents');
    const post = (body: Record<string, unknown>) =>
      t.http().post(`/api/v1/cases/${c.id}/incidents`).set(auth(police)).send({ occurredAt: daysAgo(1), description: 'x', victimPersonIds: [v], ...body });

    let res = await post({ occurredAt: daysAhead(1) });
    expectError(res, 400, 'TIME_IN_FUTURE');
    expect(res.body.details[0].field).toBe('occurredAt');
    res = await post({ reportedAt: daysAhead(1) });
    expectError(res, 400, 'TIME_IN_FUTURE');
    expect(res.body.details[0].field).toBe('reportedAt');
    res = await post({ occurredAt: daysAgo(1), reportedAt: daysAgo(2) });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details[0].field).toBe('reportedAt');
    res = await post({ occurredAt: '1899-12-31T23:59:59Z' });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details[0].field).toBe('occurredAt');
    expectError(await post({ description: 'nul \u0000 byte' }), 400, 'VALIDATION_FAILED');
    for (const [body, field] of [
      [{ victimPersonIds: ['nope'] }, 'victimPersonIds'],
      [{ victimPersonIds: undefined }, 'victimPersonIds'],
      [{ victimPersonIds: [v, v] }, 'victimPersonIds'],
      [{ occurredAt: 'yesterday' }, 'occurredAt'],
      [{ description: '' }, 'description'],
      [{ location: { postcode: 'BAD' } }, 'location.postcode'],
      [{ weather: 'rain' }, 'weather'],
      [{ reportedByPersonId: randomUUID() }, 'reportedByPersonId'],
    ] as [Record<string, unknown>, string][]) {
      res = await post(body);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expectError(await t.http().post(`/api/v1/cases/not-a-uuid/incidents`).set(auth(police)).send({ occurredAt: daysAgo(1), description: 'x', victimPersonIds: [] }), 400, 'VALIDATION_FAILED');
    expect(await count(t, 'incidents')).toBe(incidents);
  });

  it('refuses an external reference already taken with 409, writing nothing', async () => {
    const c = await createCase(t, police.token);
    await recordIncident(t, police.token, c.id, { occurredAt: daysAgo(3), victimPersonIds: [], externalRefs: [{ system: 'STORM', value: 'TAKEN' }] });
    const before = [await count(t, 'incidents'), await count(t, 'external_refs')];
    const res = await t
      .http()
      .post(`/api/v1/cases/${c.id}/incidents`)
      .set(auth(police))
      .send({ occurredAt: daysAgo(1), description: 'x', victimPersonIds: [], externalRefs: [{ system: 'STORM', value: 'TAKEN' }] });
    expectError(res, 409, 'DUPLICATE_EXTERNAL_REF');
    expect([await count(t, 'incidents'), await count(t, 'external_refs')]).toEqual(before);
  });

  it('keeps incidents of cases the caller cannot see (404), and refuses without a token (401) or with the wrong role (403)', async () => {
    const theirs = await createCase(t, charnwood.token);
    const incidents = await count(t, 'incidents');
    const body = { occurredAt: daysAgo(1), description: 'x', victimPersonIds: [] };
    expectError(await t.http().post(`/api/v1/cases/${theirs.id}/incidents`).set(auth(police)).send(body), 404, 'NOT_FOUND');
    expectError(await t.http().get(`/api/v1/cases/${theirs.id}/incidents`).set(auth(police)), 404, 'NOT_FOUND');
    expectError(await t.http().post(`/api/v1/cases/${theirs.id}/incidents`).send(body), 401, 'UNAUTHENTICATED');
    expectError(await t.http().post(`/api/v1/cases/${theirs.id}/incidents`).set(auth(analyst)).send(body), 403, 'FORBIDDEN');
    expectError(await t.http().get(`/api/v1/cases/${theirs.id}/incidents`).set(auth(t.adminToken)), 403, 'FORBIDDEN');
    expect(await count(t, 'incidents')).toBe(incidents);
  });

  it('lists a case\'s incidents newest first, page by page', async () => {
    const c = await createCase(t, police.token);
    const v = await insertPerson(t, police.organisationId);
    await addVictim(t, police.token, c.id, v);
    const made = [];
    for (const d of [30, 10, 20]) {
      made.push(await recordIncident(t, police.token, c.id, { occurredAt: daysAgo(d), victimPersonIds: [v], externalRefs: [{ system: 'STORM', value: `L-${d}` }] }));
    }
    const p1 = (await t.http().get(`/api/v1/cases/${c.id}/incidents?limit=2`).set(auth(police)).expect(200)).body;
    expect(p1.items.map((i: { id: string }) => i.id)).toEqual([made[1].id, made[2].id]);
    expect(Object.keys(p1.items[0]).sort()).toEqual(INCIDENT_KEYS);
    const { repeatVictims: _r, caseReviewInfoDue: _c, ...expected } = made[1];
    expect(p1.items[0]).toEqual(expected);
    const p2 = (await t.http().get(`/api/v1/cases/${c.id}/incidents?limit=2&cursor=${p1.nextCursor}`).set(auth(police)).expect(200)).body;
    expect(p2.items.map((i: { id: string }) => i.id)).toEqual([made[0].id]);
    expect(p2.items[0]).toMatchObject({ victimPersonIds: [v], externalRefs: [{ system: 'STORM', value: 'L-30' }] });
    expect(p2.nextCursor).toBeNull();
    expectError(await t.http().get(`/api/v1/cases/${c.id}/incidents?cursor=bad`).set(auth(police)), 400, 'VALIDATION_FAILED');
    expect(await count(t, 'audit_events', `action = 'list' AND entity_type = 'incident' AND case_id = $1`, [c.id])).toBe(2);
  });
});
