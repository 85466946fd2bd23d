import { randomUUID } from 'node:crypto';
import { hashSecret } from '@asb/core/auth/passwords';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const PERSON_KEYS = [
  'id', 'kind', 'firstName', 'lastName', 'organisationName', 'displayName', 'dateOfBirth', 'gender', 'ethnicity',
  'address', 'phone', 'email', 'vulnerabilities', 'externalRefs', 'repeatVictim', 'createdAt', 'updatedAt',
].sort();

describe('people', () => {
  let t: TestApp;
  let charnwood: TestUser;
  let charnwoodSupervisor: TestUser;
  let police: TestUser;
  let blaby: TestUser;
  let analyst: TestUser;
  let caseSeq = 900000;

  beforeAll(async () => {
    t = await createTestApp();
    charnwood = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    charnwoodSupervisor = await t.createUser('CHARNWOOD-BC', ['supervisor']);
    police = await t.createUser('LEICS-POLICE', ['caseworker']);
    blaby = await t.createUser('BLABY-DC', ['caseworker']);
    analyst = await t.createUser('CHARNWOOD-BC', ['analyst']);
  });
  afterAll(() => t.close());

  const as = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
  const create = (u: { token: string }, body: object) => t.http().post('/api/v1/people').set(as(u)).send(body);
  const get = (u: { token: string }, id: string) => t.http().get(`/api/v1/people/${id}`).set(as(u));
  const patch = (u: { token: string }, id: string, body: object) => t.http().patch(`/api/v1/people/${id}`).set(as(u)).send(body);
  const search = (u: { token: string }, query: Record<string, string | number>) => t.http().get('/api/v1/people').query(query).set(as(u));
  const count = async (table: string) => Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  const counts = async () => ({ people: await count('people'), refs: await count('external_refs'), audit: await count('audit_events') });

  async function newPerson(u: TestUser, body: object = {}): Promise<string> {
    const res = await create(u, { kind: 'person', firstName: 'Test', lastName: `Person${randomUUID().slice(0, 8)}`, ...body });
    if (res.status !== 201) throw new Error(`create failed ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  async function insertCase(leadOrgId: string, sharedWith: string[] = []): Promise<string> {
    const { rows } = await t.db.query(
      `INSERT INTO cases (reference, title, category, type, npa_code, csp_code, lead_organisation_id, opened_at, review_due_at)
       VALUES ($1, 't', 'personal', 'other', 'NL', 'CHARNWOOD', $2, now(), now() + interval '28 days') RETURNING id`,
      [`ASB-2026-${++caseSeq}`, leadOrgId],
    );
    for (const org of sharedWith) await t.db.query(`INSERT INTO case_shares (case_id, organisation_id) VALUES ($1, $2)`, [rows[0].id, org]);
    return rows[0].id;
  }

  async function link(caseId: string, personId: string, role = 'victim') {
    await t.db.query(`INSERT INTO case_parties (case_id, person_id, role) VALUES ($1, $2, $3)`, [caseId, personId, role]);
  }

  async function insertIncident(caseId: string, victimId: string, occurredAtSql: string) {
    const { rows } = await t.db.query(
      `INSERT INTO incidents (case_id, occurred_at, reported_at, description, recorded_by_kind, recorded_by_id)
       VALUES ($1, ${occurredAtSql}, now(), 'noise', 'user', $2) RETURNING id, occurred_at`,
      [caseId, randomUUID()],
    );
    await t.db.query(`INSERT INTO incident_victims (incident_id, person_id, occurred_at) VALUES ($1, $2, $3)`, [rows[0].id, victimId, rows[0].occurred_at]);
  }

  describe('POST /api/v1/people', () => {
    it('creates a person with the whole API.md shape, owned by the caller organisation, audited', async () => {
      const res = await create(charnwood, {
        kind: 'person', firstName: ' Amira ', lastName: 'Okonkwo', dateOfBirth: '1984-07-02', gender: 'female', ethnicity: 'Black British',
        address: { line1: '12 Ashby Road', town: 'Loughborough', postcode: 'le113qf' }, phone: '01509 000000', email: 'amira@example.org',
        vulnerabilities: ['disability', 'isolation', 'disability'], externalRefs: [{ system: 'STORM', value: 'P-1' }, { system: 'LEGACY', value: '77' }],
      }).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(PERSON_KEYS);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/), kind: 'person', firstName: 'Amira', lastName: 'Okonkwo', organisationName: null,
        displayName: 'Amira Okonkwo', dateOfBirth: '1984-07-02', gender: 'female', ethnicity: 'Black British',
        address: { line1: '12 Ashby Road', line2: null, town: 'Loughborough', postcode: 'LE11 3QF' }, phone: '01509 000000', email: 'amira@example.org',
        vulnerabilities: ['disability', 'isolation'], externalRefs: [{ system: 'LEGACY', value: '77' }, { system: 'STORM', value: 'P-1' }],
        repeatVictim: { isRepeat: false, incidentsLast12Months: 0 }, createdAt: expect.any(String), updatedAt: expect.any(String),
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      const { rows } = await t.db.query(`SELECT owner_organisation_id, postcode FROM people WHERE id = $1`, [res.body.id]);
      expect(rows[0]).toEqual({ owner_organisation_id: t.orgs['CHARNWOOD-BC'], postcode: 'LE11 3QF' });
      const refs = await t.db.query(`SELECT entity_type, system, value FROM external_refs WHERE entity_id = $1 ORDER BY system`, [res.body.id]);
      expect(refs.rows).toEqual([{ entity_type: 'person', system: 'LEGACY', value: '77' }, { entity_type: 'person', system: 'STORM', value: 'P-1' }]);
      const audit = await t.db.query(`SELECT action, actor_id, organisation_id, request_id FROM audit_events WHERE entity_type = 'person' AND entity_id = $1`, [res.body.id]);
      expect(audit.rows).toEqual([{ action: 'create', actor_id: charnwood.id, organisation_id: t.orgs['CHARNWOOD-BC'], request_id: expect.any(String) }]);
    });

    it('creates an organisation (a body) named by organisationName, with no address', async () => {
      const res = await create(police, { kind: 'organisation', organisationName: 'Quickmart Ltd' }).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(PERSON_KEYS);
      expect(res.body).toMatchObject({ kind: 'organisation', organisationName: 'Quickmart Ltd', displayName: 'Quickmart Ltd', firstName: null, lastName: null, address: null, vulnerabilities: [], externalRefs: [] });
    });

    it('lets a supervisor and a partner system create', async () => {
      await create(charnwoodSupervisor, { kind: 'person', lastName: 'Supervised' }).expect(201);
      const secret = 'partner-secret-0123456789';
      await t.db.query(`INSERT INTO api_clients (name, organisation_id, client_id, secret_hash) VALUES ('STORM', $1, 'storm-people', $2)`, [t.orgs['LEICS-POLICE'], await hashSecret(secret)]);
      const tok = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: 'storm-people', client_secret: secret }).expect(200);
      const res = await create({ token: tok.body.access_token }, { kind: 'person', lastName: 'Fromstorm', externalRefs: [{ system: 'STORM', value: 'P-900' }] }).expect(201);
      const { rows } = await t.db.query(`SELECT owner_organisation_id FROM people WHERE id = $1`, [res.body.id]);
      expect(rows[0].owner_organisation_id).toBe(t.orgs['LEICS-POLICE']);
    });

    it.each([
      ['an unknown field', { kind: 'person', lastName: 'X', nickname: 'x' }, 'nickname'],
      ['an unknown address field', { kind: 'person', lastName: 'X', address: { line1: 'a', postcode: 'LE11 3QF', county: 'Leics' } }, 'address.county'],
      ['a person without lastName', { kind: 'person', firstName: 'Only' }, 'lastName'],
      ['a person with a blank lastName', { kind: 'person', lastName: '   ' }, 'lastName'],
      ['an organisation without organisationName', { kind: 'organisation', lastName: 'Smith' }, 'organisationName'],
      ['an unknown kind', { kind: 'robot', lastName: 'X' }, 'kind'],
      ['a bad postcode', { kind: 'person', lastName: 'X', address: { line1: '1 Road', postcode: 'LE11 QQQ' } }, 'address.postcode'],
      ['an address without line1', { kind: 'person', lastName: 'X', address: { postcode: 'LE11 3QF' } }, 'address.line1'],
      ['an impossible date', { kind: 'person', lastName: 'X', dateOfBirth: '2001-02-30' }, 'dateOfBirth'],
      ['a timestamp as a date', { kind: 'person', lastName: 'X', dateOfBirth: '2001-02-03T00:00:00Z' }, 'dateOfBirth'],
      ['a wrong type', { kind: 'person', lastName: 42 }, 'lastName'],
      ['an unknown vulnerability', { kind: 'person', lastName: 'X', vulnerabilities: ['grumpy'] }, 'vulnerabilities'],
      ['an unknown gender', { kind: 'person', lastName: 'X', gender: 'F' }, 'gender'],
      ['a bad e-mail', { kind: 'person', lastName: 'X', email: 'nope' }, 'email'],
      ['an external ref without value', { kind: 'person', lastName: 'X', externalRefs: [{ system: 'STORM' }] }, 'externalRefs.0.value'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_label, body, field) => {
      const before = await counts();
      const res = await create(charnwood, body);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('refuses a date of birth in the future with 400 TIME_IN_FUTURE', async () => {
      const before = await counts();
      const next = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10);
      const res = await create(charnwood, { kind: 'person', lastName: 'Future', dateOfBirth: next });
      expectError(res, 400, 'TIME_IN_FUTURE');
      expect(res.body.details).toEqual([{ field: 'dateOfBirth', message: expect.any(String) }]);
      expect(await counts()).toEqual(before);
    });

    it('refuses an external reference another record holds with 409 DUPLICATE_EXTERNAL_REF, writing nothing', async () => {
      await create(charnwood, { kind: 'person', lastName: 'Holder', externalRefs: [{ system: 'ECINS', value: 'E-1' }] }).expect(201);
      const before = await counts();
      const res = await create(police, { kind: 'person', lastName: 'Second', externalRefs: [{ system: 'STORM', value: 'fresh' }, { system: 'ECINS', value: 'E-1' }] });
      expectError(res, 409, 'DUPLICATE_EXTERNAL_REF');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'externalRefs', system: 'ECINS', value: 'E-1' })]);
      expect(await counts()).toEqual(before);
      const fresh = await t.db.query(`SELECT 1 FROM external_refs WHERE system = 'STORM' AND value = 'fresh'`);
      expect(fresh.rowCount).toBe(0);
    });
  });

  describe('who may call', () => {
    it('refuses every route without a token with 401, and analysts and admins with 403, writing nothing', async () => {
      const id = await newPerson(charnwood);
      const before = await counts();
      expectError(await t.http().post('/api/v1/people').send({ kind: 'person', lastName: 'X' }), 401, 'UNAUTHENTICATED');
      expectError(await t.http().get(`/api/v1/people/${id}`), 401, 'UNAUTHENTICATED');
      expectError(await t.http().patch(`/api/v1/people/${id}`).send({ firstName: 'Y' }), 401, 'UNAUTHENTICATED');
      expectError(await t.http().get('/api/v1/people').query({ q: 'person' }), 401, 'UNAUTHENTICATED');
      for (const u of [analyst, { token: t.adminToken }]) {
        expectError(await create(u, { kind: 'person', lastName: 'X' }), 403, 'FORBIDDEN');
        expectError(await get(u, id), 403, 'FORBIDDEN');
        expectError(await patch(u, id, { firstName: 'Y' }), 403, 'FORBIDDEN');
        expectError(await search(u, { q: 'person' }), 403, 'FORBIDDEN');
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses a path id that is not a UUID with 400', async () => {
      for (const res of [await get(charnwood, 'not-a-uuid'), await patch(charnwood, '123', { firstName: 'Y' })]) {
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details).toEqual([{ field: 'id', message: expect.any(String) }]);
      }
    });
  });

  describe('GET /api/v1/people/{id}', () => {
    it('answers the owner organisation with the whole person and audits the read', async () => {
      const id = await newPerson(charnwood, { lastName: 'Readable' });
      const res = await get(charnwood, id).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(PERSON_KEYS);
      expect(res.body).toMatchObject({ id, lastName: 'Readable', repeatVictim: { isRepeat: false, incidentsLast12Months: 0 } });
      const audit = await t.db.query(`SELECT action, actor_id FROM audit_events WHERE entity_type = 'person' AND entity_id = $1 AND action = 'read'`, [id]);
      expect(audit.rows).toEqual([{ action: 'read', actor_id: charnwood.id }]);
    });

    it('answers 404 to another organisation, and for an unknown id, writing no audit', async () => {
      const id = await newPerson(charnwood);
      const before = await counts();
      expectError(await get(police, id), 404, 'NOT_FOUND');
      expectError(await get(charnwood, randomUUID()), 404, 'NOT_FOUND');
      expect(await counts()).toEqual(before);
    });

    it('shows the repeat-victim status from incidents on every case, inside 12 months only', async () => {
      const id = await newPerson(charnwood, { lastName: 'Repeatvictim' });
      const policeCase = await insertCase(t.orgs['LEICS-POLICE']);
      const ownCase = await insertCase(t.orgs['CHARNWOOD-BC']);
      await insertIncident(policeCase, id, `now() - interval '2 months'`);
      expect((await get(charnwood, id).expect(200)).body.repeatVictim).toEqual({ isRepeat: false, incidentsLast12Months: 1 });
      await insertIncident(ownCase, id, `now() - interval '13 months'`);
      expect((await get(charnwood, id).expect(200)).body.repeatVictim).toEqual({ isRepeat: false, incidentsLast12Months: 1 });
      await insertIncident(ownCase, id, `now() - interval '11 months'`);
      expect((await get(charnwood, id).expect(200)).body.repeatVictim).toEqual({ isRepeat: true, incidentsLast12Months: 2 });
    });

    it('answers a merged profile with only where it went, and leaves it out of search', async () => {
      const kept = await newPerson(charnwood, { lastName: 'Mergekept' });
      const merged = await newPerson(charnwood, { lastName: 'Mergekept' });
      await t.db.query(`UPDATE people SET merged_into = $1 WHERE id = $2`, [kept, merged]);
      const res = await get(charnwood, merged).expect(200);
      expect(res.body).toEqual({ id: merged, mergedInto: kept });
      expectError(await get(police, merged), 404, 'NOT_FOUND');
      const hits = await search(charnwood, { q: 'mergekept' }).expect(200);
      expect(hits.body.items.map((i: { id: string }) => i.id)).toEqual([kept]);
      expectError(await patch(charnwood, merged, { firstName: 'Nope' }), 409, 'CONFLICT');
    });
  });

  describe('PATCH /api/v1/people/{id}', () => {
    it('changes fields, replaces the address whole, clears with null, and audits the change', async () => {
      const id = await newPerson(charnwood, { firstName: 'Ben', lastName: 'Patchable', phone: '0116 1', address: { line1: 'Flat 2', line2: '5 High Street', town: 'Loughborough', postcode: 'LE11 1AA' } });
      const res = await patch(charnwood, id, { lastName: 'Patched', phone: null, address: { line1: '7 Forest Road', postcode: 'le115hn' }, vulnerabilities: ['age'] }).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(PERSON_KEYS);
      expect(res.body).toMatchObject({ firstName: 'Ben', lastName: 'Patched', displayName: 'Ben Patched', phone: null, vulnerabilities: ['age'], address: { line1: '7 Forest Road', line2: null, town: null, postcode: 'LE11 5HN' } });
      expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(res.body.createdAt).getTime());
      const audit = await t.db.query(`SELECT details FROM audit_events WHERE entity_type = 'person' AND entity_id = $1 AND action = 'update'`, [id]);
      expect(audit.rows).toEqual([{ details: { fields: expect.arrayContaining(['lastName', 'phone', 'address', 'vulnerabilities']) } }]);
      const cleared = await patch(charnwood, id, { address: null }).expect(200);
      expect(cleared.body.address).toBeNull();
    });

    it('refuses bad changes with 400, writing nothing', async () => {
      const id = await newPerson(charnwood, { lastName: 'Unchanged' });
      const before = await counts();
      const refusals: [object, string, string?][] = [
        [{ lastName: null }, 'VALIDATION_FAILED', 'lastName'],
        [{ lastName: '' }, 'VALIDATION_FAILED', 'lastName'],
        [{ kind: 'organisation' }, 'VALIDATION_FAILED', 'organisationName'],
        [{ kind: null }, 'VALIDATION_FAILED', 'kind'],
        [{ externalRefs: [{ system: 'storm', value: 'B' }] }, 'VALIDATION_FAILED', 'externalRefs.0.system'],
        [{ externalRefs: null }, 'VALIDATION_FAILED', 'externalRefs'],
        [{ address: { line1: 'x', postcode: 'nonsense' } }, 'VALIDATION_FAILED', 'address.postcode'],
        [{ dateOfBirth: '1990-13-01' }, 'VALIDATION_FAILED', 'dateOfBirth'],
        [{ dateOfBirth: '2099-01-01' }, 'TIME_IN_FUTURE', 'dateOfBirth'],
        [{ dateOfBirth: '2999-01-01' }, 'VALIDATION_FAILED', 'dateOfBirth'], // past 2100: out of every date's range
        [{}, 'VALIDATION_FAILED'],
      ];
      for (const [body, code, field] of refusals) {
        const res = await patch(charnwood, id, body);
        expectError(res, 400, code);
        if (field) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect(await counts()).toEqual(before);
      const { rows } = await t.db.query(`SELECT last_name, kind FROM people WHERE id = $1`, [id]);
      expect(rows[0]).toEqual({ last_name: 'Unchanged', kind: 'person' });
    });

    it('answers 404 to an organisation that cannot see the profile, changing nothing', async () => {
      const id = await newPerson(charnwood, { lastName: 'Private' });
      const before = await counts();
      expectError(await patch(police, id, { lastName: 'Hijacked' }), 404, 'NOT_FOUND');
      expectError(await patch(charnwood, randomUUID(), { lastName: 'Ghost' }), 404, 'NOT_FOUND');
      expect(await counts()).toEqual(before);
      const { rows } = await t.db.query(`SELECT last_name FROM people WHERE id = $1`, [id]);
      expect(rows[0].last_name).toBe('Private');
    });

    it('lets a person be turned into an organisation when it is named', async () => {
      const id = await newPerson(charnwood, { lastName: 'Shopkeeper' });
      const res = await patch(charnwood, id, { kind: 'organisation', organisationName: 'Corner Shop' }).expect(200);
      expect(res.body).toMatchObject({ kind: 'organisation', displayName: 'Corner Shop', lastName: 'Shopkeeper' });
    });
  });

  describe('visibility between organisations', () => {
    it('restricts a profile until a case the caller can see links it', async () => {
      const id = await newPerson(charnwood, { firstName: 'Priya', lastName: 'Vishwanathan', dateOfBirth: '1979-03-14', address: { line1: '3 Nanpantan Road', postcode: 'LE11 3ST' } });
      const caseId = await insertCase(t.orgs['LEICS-POLICE']);
      await insertIncident(caseId, id, `now() - interval '1 day'`);
      await insertIncident(caseId, id, `now() - interval '3 days'`);

      expectError(await get(police, id), 404, 'NOT_FOUND');
      const restricted = (await search(police, { q: 'vishwa' }).expect(200)).body;
      expect(restricted).toEqual({
        items: [{ id, restricted: true, displayName: 'Priya Vishwanathan', birthYear: 1979, repeatVictim: { isRepeat: true, incidentsLast12Months: 2 }, heldBy: ['Charnwood Borough Council'] }],
        nextCursor: null,
      });

      await link(caseId, id, 'victim');
      const whole = await get(police, id).expect(200);
      expect(whole.body).toMatchObject({ id, lastName: 'Vishwanathan', dateOfBirth: '1979-03-14', repeatVictim: { isRepeat: true, incidentsLast12Months: 2 } });
      const found = (await search(police, { q: 'vishwa' }).expect(200)).body.items;
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ id, restricted: false, lastName: 'Vishwanathan', address: { line1: '3 Nanpantan Road', postcode: 'LE11 3ST' } });
      expect(Object.keys(found[0]).sort()).toEqual([...PERSON_KEYS, 'restricted'].sort());
      await patch(police, id, { phone: '0116 2222222' }).expect(200);

      // Blaby sees who holds the profile: the owner and the case's lead organisation...
      const other = (await search(blaby, { q: 'vishwa' }).expect(200)).body.items[0];
      expect(other).toMatchObject({ restricted: true, heldBy: ['Charnwood Borough Council', 'Leicestershire Police'] });
      expect(other.phone).toBeUndefined();
      expectError(await get(blaby, id), 404, 'NOT_FOUND');
      // ...and sees it whole once the case is shared with Blaby.
      await t.db.query(`INSERT INTO case_shares (case_id, organisation_id) VALUES ($1, $2)`, [caseId, t.orgs['BLABY-DC']]);
      await get(blaby, id).expect(200);
    });
  });

  describe('GET /api/v1/people (search)', () => {
    let a: string, b: string, c: string, d: string, e: string;
    beforeAll(async () => {
      a = await newPerson(charnwood, { firstName: 'Xavier', lastName: 'Quennell', dateOfBirth: '1990-05-06', address: { line1: '14 Ashby Road', town: 'Loughborough', postcode: 'LE11 3QF' } });
      b = await newPerson(charnwood, { firstName: 'Yolanda', lastName: 'Quennell-Hart', address: { line1: '2 Ashleigh Drive', town: 'Loughborough', postcode: 'LE11 5ZZ' } });
      c = await newPerson(police, { firstName: 'Zed', lastName: 'Quennell', dateOfBirth: '1990-05-06', address: { line1: '9 Granby Street', town: 'Leicester', postcode: 'LE1 1AA' } });
      d = await create(charnwood, { kind: 'organisation', organisationName: 'Quennell Motors', address: { line1: '1 Factory Lane', town: 'Shepshed', postcode: 'LE12 9AB' } }).then((r) => r.body.id);
      e = await newPerson(charnwood, { firstName: 'Wilma', lastName: 'Abernathy', address: { line1: '22 Quorn Lane', town: 'Quorn', postcode: 'LE12 8BB' } });
    });
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

    it('finds by name fragment, any case, in name order, whole or restricted', async () => {
      const res = await search(charnwood, { q: 'UENNEL' }).expect(200);
      expect(ids(res)).toEqual([d, a, b, c]);
      expect(res.body.items.map((i: { restricted: boolean }) => i.restricted)).toEqual([false, false, false, true]);
      expect(res.body.items[3]).toEqual({ id: c, restricted: true, displayName: 'Zed Quennell', birthYear: 1990, repeatVictim: { isRepeat: false, incidentsLast12Months: 0 }, heldBy: ['Leicestershire Police'] });
      expect(res.body.nextCursor).toBeNull();
      expect(ids(await search(charnwood, { q: 'xavier quennell' }).expect(200))).toEqual([a]);
      expect(ids(await search(charnwood, { q: 'quennell xav' }).expect(200))).toEqual([a]);
    });

    it('finds by outward code, by sector, and by a full postcode without the space', async () => {
      const le11 = ids(await search(charnwood, { postcode: 'LE11' }).expect(200));
      expect(le11).toEqual(expect.arrayContaining([a, b]));
      expect(le11).not.toContain(c);
      expect(le11).not.toContain(e);
      const le1 = ids(await search(charnwood, { postcode: 'le1' }).expect(200));
      expect(le1).toContain(c);
      expect(le1).not.toContain(a);
      const sector = ids(await search(charnwood, { postcode: 'LE11 3' }).expect(200));
      expect(sector).toContain(a);
      expect(sector).not.toContain(b);
      expect(ids(await search(charnwood, { postcode: 'le113qf' }).expect(200))).toEqual(expect.arrayContaining([a]));
      expect(ids(await search(charnwood, { postcode: 'le113qf', q: 'quennell' }).expect(200))).toEqual([a]);
    });

    it('lists a district or sector in name order page by page, and narrows a sector by its letters', async () => {
      // LE12 holds only Quennell Motors (LE12 9AB) and Wilma Abernathy (LE12 8BB).
      const first = await search(charnwood, { postcode: 'LE12', limit: 1 }).expect(200);
      expect(ids(first)).toEqual([d]);
      const second = await search(charnwood, { postcode: 'le12', limit: 1, cursor: first.body.nextCursor }).expect(200);
      expect(ids(second)).toEqual([e]);
      expect(second.body.nextCursor).toBeNull();
      expect(ids(await search(charnwood, { postcode: 'LE12 8' }).expect(200))).toEqual([e]);
      expect(ids(await search(charnwood, { postcode: 'LE12 9A' }).expect(200))).toEqual([d]);
      expect(ids(await search(charnwood, { postcode: 'LE11 3Q' }).expect(200))).toContain(a);
      expect(ids(await search(charnwood, { postcode: 'LE11 3S' }).expect(200))).not.toContain(a);
    });

    it('finds by address words and prefixes', async () => {
      const ashby = ids(await search(charnwood, { q: 'ashby road' }).expect(200));
      expect(ashby).toContain(a);
      expect(ashby).not.toContain(b);
      const ash = ids(await search(charnwood, { q: 'Ash' }).expect(200));
      expect(ash).toEqual(expect.arrayContaining([a, b]));
      expect(ids(await search(charnwood, { q: 'quorn' }).expect(200))).toEqual([e]);
      expect(ids(await search(charnwood, { q: 'shepshed' }).expect(200))).toEqual([d]);
    });

    it('finds by name and address words together: every word in the name or the address', async () => {
      expect(ids(await search(charnwood, { q: 'quennell ashby' }).expect(200))).toEqual([a]);
      expect(ids(await search(charnwood, { q: 'Yolanda ASHLEIGH drive' }).expect(200))).toEqual([b]);
      expect(ids(await search(charnwood, { q: 'quennell loughborough' }).expect(200))).toEqual([a, b]);
      expect(ids(await search(charnwood, { q: 'quennell quorn' }).expect(200))).toEqual([]);
    });

    it('finds by date of birth, combined with other criteria', async () => {
      expect(ids(await search(charnwood, { dateOfBirth: '1990-05-06' }).expect(200))).toEqual([a, c]);
      expect(ids(await search(charnwood, { dateOfBirth: '1990-05-06', postcode: 'LE1' }).expect(200))).toEqual([c]);
    });

    it('pages with a keyset cursor in a stable order', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await search(charnwood, { q: 'quennell', limit: 1, ...(cursor ? { cursor } : {}) }).expect(200);
        expect(res.body.items).toHaveLength(1);
        seen.push(...ids(res));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([d, a, b, c]);
    });

    it('shows repeat status on hits, batched for the page', async () => {
      const caseId = await insertCase(t.orgs['CHARNWOOD-BC']);
      await insertIncident(caseId, c, `now() - interval '1 month'`);
      await insertIncident(caseId, c, `now() - interval '2 months'`);
      await insertIncident(caseId, a, `now() - interval '2 years'`);
      const items = (await search(charnwood, { q: 'quennell' }).expect(200)).body.items;
      expect(items.find((i: { id: string }) => i.id === c).repeatVictim).toEqual({ isRepeat: true, incidentsLast12Months: 2 });
      expect(items.find((i: { id: string }) => i.id === a).repeatVictim).toEqual({ isRepeat: false, incidentsLast12Months: 0 });
    });

    it('records one search event with the criteria names and the ids found', async () => {
      const requestId = `search-${randomUUID()}`;
      const res = await search(charnwood, { q: 'quennell', dateOfBirth: '1990-05-06' }).set('X-Request-Id', requestId).expect(200);
      const { rows } = await t.db.query(`SELECT action, entity_type, entity_id, actor_id, details FROM audit_events WHERE request_id = $1`, [requestId]);
      expect(rows).toEqual([{ action: 'search', entity_type: 'person', entity_id: null, actor_id: charnwood.id, details: { criteria: ['q', 'dateOfBirth'], resultIds: ids(res) } }]);
      expect(ids(res)).toEqual([a, c]);
    });

    it('refuses a search without criteria, with a bad postcode, date, cursor, limit or unknown parameter, writing nothing', async () => {
      const before = await counts();
      for (const query of [{}, { limit: 5 }, { postcode: 'XYZ123' }, { postcode: 'LE11 3QQQ' }, { dateOfBirth: '06/05/1990' }, { q: 'a' }, { q: 'quennell', cursor: 'garbage' }, { q: 'quennell', cursor: Buffer.from(JSON.stringify(['x', '-'.repeat(36)])).toString('base64url') }, { q: 'quennell', cursor: Buffer.from(JSON.stringify([1, randomUUID()])).toString('base64url') }, { q: 'quennell', limit: 500 }, { q: 'quennell', colour: 'red' }]) {
        const res = await search(charnwood, query as Record<string, string>);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details.length).toBeGreaterThan(0);
      }
      expect(await counts()).toEqual(before);
    });

    it('treats search text literally', async () => {
      expect((await search(charnwood, { q: "%_' & | ! :*" }).expect(200)).body.items).toEqual([]);
      expect((await search(charnwood, { q: 'o\'brien' }).expect(200)).body.items).toEqual([]);
    });
  });
});
