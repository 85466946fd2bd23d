import { randomUUID } from 'node:crypto';
import { caseBody, count } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

/**
 * External references on people, cases and incidents (API.md "People",
 * "Cases", "Jobs, integration, audit"): unique per kind of record, returned
 * on reads, searchable, changed by PATCH, always in the record's transaction.
 */
describe('external references', () => {
  let t: TestApp;
  let police: TestUser;
  let charnwood: TestUser;
  let partnerToken: string;

  const auth = (u: TestUser | string) => ({ Authorization: `Bearer ${typeof u === 'string' ? u : u.token}` });
  const post = (u: TestUser | string, path: string, body: object) => t.http().post(path).set(auth(u)).send(body);
  const patch = (u: TestUser | string, path: string, body: object) => t.http().patch(path).set(auth(u)).send(body);
  const get = (u: TestUser | string, path: string) => t.http().get(path).set(auth(u));
  const refsOf = async (type: string, id: string) =>
    (await t.db.query(`SELECT system, value FROM external_refs WHERE entity_type = $1 AND entity_id = $2 ORDER BY system, value`, [type, id])).rows;

  beforeAll(async () => {
    t = await createTestApp();
    police = await t.createUser('LEICS-POLICE', ['caseworker']);
    charnwood = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    const made = await post(t.adminToken, '/api/v1/api-clients', { name: 'STORM', organisationId: t.orgs['LEICS-POLICE'] }).expect(201);
    const tok = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: made.body.clientId, client_secret: made.body.clientSecret }).expect(200);
    partnerToken = tok.body.access_token;
  });
  afterAll(() => t.close());

  describe('on create and read', () => {
    it('records a case, a person and an incident with their references and returns them on every read', async () => {
      const c = await post(partnerToken, '/api/v1/cases', caseBody({ title: 'From STORM', externalRefs: [{ system: 'STORM', value: 'LP-100' }, { system: 'ECINS', value: 'C-9' }] })).expect(201);
      expect(c.body.externalRefs).toEqual([{ system: 'ECINS', value: 'C-9' }, { system: 'STORM', value: 'LP-100' }]);
      expect((await get(partnerToken, `/api/v1/cases/${c.body.id}`).expect(200)).body.externalRefs).toEqual(c.body.externalRefs);

      const p = await post(partnerToken, '/api/v1/people', { kind: 'person', lastName: 'Fromstorm', externalRefs: [{ system: 'STORM', value: ' P-7 ' }] }).expect(201);
      expect(p.body.externalRefs).toEqual([{ system: 'STORM', value: 'P-7' }]);
      expect((await get(partnerToken, `/api/v1/people/${p.body.id}`).expect(200)).body.externalRefs).toEqual([{ system: 'STORM', value: 'P-7' }]);
      expect(await refsOf('person', p.body.id)).toEqual([{ system: 'STORM', value: 'P-7' }]);

      const i = await post(partnerToken, `/api/v1/cases/${c.body.id}/incidents`, {
        occurredAt: new Date(Date.now() - 3600_000).toISOString(),
        description: 'Noise',
        victimPersonIds: [],
        externalRefs: [{ system: 'STORM', value: 'LP-100' }, { system: 'GENIE', value: 'G-1' }],
      }).expect(201);
      expect(i.body.externalRefs).toEqual([{ system: 'GENIE', value: 'G-1' }, { system: 'STORM', value: 'LP-100' }]);
      const list = await get(partnerToken, `/api/v1/cases/${c.body.id}/incidents`).expect(200);
      expect(list.body.items[0].externalRefs).toEqual(i.body.externalRefs);
    });

    it('lets one reference name a person, a case and an incident (unique per kind of record)', async () => {
      const ref = [{ system: 'LEGACY', value: 'SHARED-1' }];
      const c = await post(police, '/api/v1/cases', caseBody({ externalRefs: ref })).expect(201);
      await post(police, '/api/v1/people', { kind: 'person', lastName: 'Shared', externalRefs: ref }).expect(201);
      await post(police, `/api/v1/cases/${c.body.id}/incidents`, { occurredAt: new Date(Date.now() - 60_000).toISOString(), description: 'x', victimPersonIds: [], externalRefs: ref }).expect(201);
      expect(await count(t, 'external_refs', `system = 'LEGACY' AND value = 'SHARED-1'`)).toBe(3);
    });

    it.each([
      ['a lower-case system', { system: 'storm', value: '1' }, 'externalRefs.0.system'],
      ['a system of 17 characters', { system: 'S'.repeat(17), value: '1' }, 'externalRefs.0.system'],
      ['a system with _', { system: 'STORM_2', value: '1' }, 'externalRefs.0.system'],
      ['an empty value', { system: 'STORM', value: '  ' }, 'externalRefs.0.value'],
      ['a value of 101 characters', { system: 'STORM', value: 'v'.repeat(101) }, 'externalRefs.0.value'],
      ['a value that is not text', { system: 'STORM', value: 12 }, 'externalRefs.0.value'],
    ])('refuses %s with 400 on every kind of record, writing nothing', async (_label, ref, field) => {
      const c = (await t.db.query(`SELECT id FROM cases LIMIT 1`)).rows[0].id;
      const before = [await count(t, 'cases'), await count(t, 'people'), await count(t, 'incidents'), await count(t, 'external_refs')];
      for (const [path, body] of [
        ['/api/v1/cases', caseBody({ externalRefs: [ref] })],
        ['/api/v1/people', { kind: 'person', lastName: 'Bad', externalRefs: [ref] }],
        [`/api/v1/cases/${c}/incidents`, { occurredAt: new Date(Date.now() - 60_000).toISOString(), description: 'x', victimPersonIds: [], externalRefs: [ref] }],
      ] as const) {
        const res = await post(police, path, body);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect([await count(t, 'cases'), await count(t, 'people'), await count(t, 'incidents'), await count(t, 'external_refs')]).toEqual(before);
    });

    it('refuses the same reference twice in one list', async () => {
      const res = await post(police, '/api/v1/cases', caseBody({ externalRefs: [{ system: 'STORM', value: 'TWICE' }, { system: 'STORM', value: 'TWICE' }] }));
      expectError(res, 400, 'VALIDATION_FAILED');
    });
  });

  describe('DUPLICATE_EXTERNAL_REF', () => {
    it('refuses a case reference another case holds with 409, naming that case to a caller who can see it, writing nothing', async () => {
      const holder = await post(police, '/api/v1/cases', caseBody({ title: 'Holder', externalRefs: [{ system: 'STORM', value: 'DUP-1' }] })).expect(201);
      const before = [await count(t, 'cases'), await count(t, 'external_refs'), await count(t, 'audit_events', `action = 'create'`)];

      const mine = await post(police, '/api/v1/cases', caseBody({ title: 'Second', externalRefs: [{ system: 'STORM', value: 'NEW-1' }, { system: 'STORM', value: 'DUP-1' }] }));
      expectError(mine, 409, 'DUPLICATE_EXTERNAL_REF');
      expect(mine.body.details).toEqual([{ field: 'externalRefs', system: 'STORM', value: 'DUP-1', entityId: holder.body.id, message: expect.stringContaining(holder.body.id) }]);

      // Charnwood cannot see the police case: told the reference is taken, not by which case.
      const theirs = await post(charnwood, '/api/v1/cases', caseBody({ title: 'Third', externalRefs: [{ system: 'STORM', value: 'DUP-1' }] }));
      expectError(theirs, 409, 'DUPLICATE_EXTERNAL_REF');
      expect(theirs.body.details).toEqual([{ field: 'externalRefs', system: 'STORM', value: 'DUP-1', message: expect.any(String) }]);
      expect(JSON.stringify(theirs.body)).not.toContain(holder.body.id);

      expect([await count(t, 'cases'), await count(t, 'external_refs'), await count(t, 'audit_events', `action = 'create'`)]).toEqual(before);
      expect(await count(t, 'external_refs', `value = 'NEW-1'`)).toBe(0);
    });

    it('names the person holding a reference only to a caller who can see the profile', async () => {
      const holder = await post(police, '/api/v1/people', { kind: 'person', lastName: 'Holder', externalRefs: [{ system: 'PNC', value: '01/234' }] }).expect(201);
      const people = await count(t, 'people');
      const seen = await post(police, '/api/v1/people', { kind: 'person', lastName: 'Again', externalRefs: [{ system: 'PNC', value: '01/234' }] });
      expectError(seen, 409, 'DUPLICATE_EXTERNAL_REF');
      expect(seen.body.details[0].entityId).toBe(holder.body.id);
      const unseen = await post(charnwood, '/api/v1/people', { kind: 'person', lastName: 'Again', externalRefs: [{ system: 'PNC', value: '01/234' }] });
      expectError(unseen, 409, 'DUPLICATE_EXTERNAL_REF');
      expect(unseen.body.details[0].entityId).toBeUndefined();
      expect(await count(t, 'people')).toBe(people);
    });

    it('refuses an incident reference another incident holds, writing neither the incident nor its victims', async () => {
      const c = await post(police, '/api/v1/cases', caseBody()).expect(201);
      const body = { occurredAt: new Date(Date.now() - 60_000).toISOString(), description: 'x', victimPersonIds: [], externalRefs: [{ system: 'STORM', value: 'INC-DUP' }] };
      const first = await post(police, `/api/v1/cases/${c.body.id}/incidents`, body).expect(201);
      const before = await count(t, 'incidents');
      const res = await post(police, `/api/v1/cases/${c.body.id}/incidents`, body);
      expectError(res, 409, 'DUPLICATE_EXTERNAL_REF');
      expect(res.body.details[0].entityId).toBe(first.body.id);
      expect(await count(t, 'incidents')).toBe(before);
    });

    it('lets exactly one of several simultaneous creates take a reference', async () => {
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_v, n) => post(police, '/api/v1/cases', caseBody({ title: `Race ${n}`, externalRefs: [{ system: 'STORM', value: 'RACE-REF' }] }))),
      );
      expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
      for (const r of answers.filter((a) => a.status !== 201)) expectError(r, 409, 'DUPLICATE_EXTERNAL_REF');
      expect(await count(t, 'cases', `title LIKE 'Race %'`)).toBe(1);
      expect(await count(t, 'external_refs', `value = 'RACE-REF'`)).toBe(1);
    });
  });

  describe('search', () => {
    let caseId: string;
    let personId: string;

    beforeAll(async () => {
      caseId = (await post(police, '/api/v1/cases', caseBody({ title: 'Searchable', externalRefs: [{ system: 'STORM', value: 'FIND-ME' }] })).expect(201)).body.id;
      await post(police, '/api/v1/cases', caseBody({ title: 'Decoy', externalRefs: [{ system: 'STORM', value: 'FIND-ME-NOT' }, { system: 'GENIE', value: 'FIND-ME' }] })).expect(201);
      personId = (await post(police, '/api/v1/people', { kind: 'person', firstName: 'Ann', lastName: 'Searchable', dateOfBirth: '1956-03-02', externalRefs: [{ system: 'STORM', value: 'PFIND' }] })).body.id;
      await post(police, '/api/v1/people', { kind: 'person', lastName: 'Decoy', externalRefs: [{ system: 'GENIE', value: 'PFIND' }] }).expect(201);
    });

    it('finds the case holding a reference, for callers who can see it', async () => {
      const hit = await get(police, '/api/v1/cases?externalRef=STORM:FIND-ME').expect(200);
      expect(hit.body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
      expect(hit.body.nextCursor).toBeNull();
      expect((await get(police, '/api/v1/cases?externalRef=STORM:NOBODY').expect(200)).body.items).toEqual([]);
      expect((await get(charnwood, '/api/v1/cases?externalRef=STORM:FIND-ME').expect(200)).body.items).toEqual([]);
    });

    it('finds the person holding a reference; others see the restricted view', async () => {
      const mine = await get(police, '/api/v1/people?externalRef=STORM:PFIND').expect(200);
      expect(mine.body.items).toEqual([expect.objectContaining({ id: personId, restricted: false, externalRefs: [{ system: 'STORM', value: 'PFIND' }] })]);
      const theirs = await get(charnwood, '/api/v1/people?externalRef=STORM:PFIND').expect(200);
      expect(theirs.body.items).toEqual([
        { id: personId, restricted: true, displayName: 'Ann Searchable', birthYear: 1956, repeatVictim: { isRepeat: false, incidentsLast12Months: 0 }, heldBy: ['Leicestershire Police'] },
      ]);
      // Combined with the other criteria, all must hold.
      expect((await get(police, '/api/v1/people?externalRef=STORM:PFIND&q=Searchable').expect(200)).body.items).toHaveLength(1);
      expect((await get(police, '/api/v1/people?externalRef=STORM:PFIND&q=Decoy').expect(200)).body.items).toHaveLength(0);
      const audit = await t.db.query(`SELECT details FROM audit_events WHERE action = 'search' AND entity_type = 'person' AND actor_id = $1 ORDER BY id DESC LIMIT 1`, [police.id]);
      expect(audit.rows[0].details.criteria).toEqual(['q', 'externalRef']);
    });

    it('finds a case incident by its reference', async () => {
      const c = await post(police, '/api/v1/cases', caseBody()).expect(201);
      const at = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
      const wanted = await post(police, `/api/v1/cases/${c.body.id}/incidents`, { occurredAt: at(10), description: 'a', victimPersonIds: [], externalRefs: [{ system: 'STORM', value: 'I-WANTED' }] }).expect(201);
      await post(police, `/api/v1/cases/${c.body.id}/incidents`, { occurredAt: at(5), description: 'b', victimPersonIds: [], externalRefs: [{ system: 'STORM', value: 'I-OTHER' }] }).expect(201);
      const hit = await get(police, `/api/v1/cases/${c.body.id}/incidents?externalRef=STORM:I-WANTED`).expect(200);
      expect(hit.body.items.map((i: { id: string }) => i.id)).toEqual([wanted.body.id]);
      expect((await get(police, `/api/v1/cases/${c.body.id}/incidents`).expect(200)).body.items).toHaveLength(2);
    });

    it('has an index for the lookup (the primary key of external_refs)', async () => {
      // The test tables are tiny, so the planner would rightly scan them; with scans off it must find an index.
      const client = await t.db.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL enable_seqscan = off');
        const plan = await client.query(`EXPLAIN (FORMAT JSON) SELECT entity_id FROM external_refs WHERE entity_type = 'case' AND system = 'STORM' AND value = 'FIND-ME'`);
        expect(JSON.stringify(plan.rows[0])).toContain('external_refs_pkey');
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });

    it.each(['storm:1', 'STORM', 'STORM:', ':1', `STORM:${'v'.repeat(101)}`])('refuses externalRef=%s with 400', async (ref) => {
      for (const path of ['/api/v1/cases', '/api/v1/people', `/api/v1/cases/${caseId}/incidents`]) {
        const res = await t.http().get(path).query({ externalRef: ref }).set(auth(police));
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('externalRef');
      }
    });
  });

  describe('PATCH', () => {
    it('replaces the references of a case and of a person', async () => {
      const c = await post(police, '/api/v1/cases', caseBody({ externalRefs: [{ system: 'STORM', value: 'OLD-1' }, { system: 'GENIE', value: 'KEEP-1' }] })).expect(201);
      const changed = await patch(police, `/api/v1/cases/${c.body.id}`, { externalRefs: [{ system: 'GENIE', value: 'KEEP-1' }, { system: 'STORM', value: 'NEW-2' }] }).expect(200);
      expect(changed.body.externalRefs).toEqual([{ system: 'GENIE', value: 'KEEP-1' }, { system: 'STORM', value: 'NEW-2' }]);
      expect(await refsOf('case', c.body.id)).toEqual(changed.body.externalRefs);
      expect(new Date(changed.body.updatedAt).getTime()).toBeGreaterThan(new Date(c.body.updatedAt).getTime());
      const audit = await t.db.query(`SELECT details FROM audit_events WHERE action = 'update' AND entity_id = $1`, [c.body.id]);
      expect(audit.rows).toEqual([
        { details: { fields: ['externalRefs'], externalRefs: { added: [{ system: 'STORM', value: 'NEW-2' }], removed: [{ system: 'STORM', value: 'OLD-1' }] } } },
      ]);
      // The old reference is free again.
      await post(police, '/api/v1/cases', caseBody({ externalRefs: [{ system: 'STORM', value: 'OLD-1' }] })).expect(201);
      expect((await patch(police, `/api/v1/cases/${c.body.id}`, { externalRefs: [] }).expect(200)).body.externalRefs).toEqual([]);

      const p = await post(police, '/api/v1/people', { kind: 'person', lastName: 'Patched', externalRefs: [{ system: 'STORM', value: 'P-OLD' }] }).expect(201);
      const pc = await patch(police, `/api/v1/people/${p.body.id}`, { externalRefs: [{ system: 'STORM', value: 'P-NEW' }] }).expect(200);
      expect(pc.body.externalRefs).toEqual([{ system: 'STORM', value: 'P-NEW' }]);
      expect(pc.body.lastName).toBe('Patched');
      expect(new Date(pc.body.updatedAt).getTime()).toBeGreaterThan(new Date(p.body.updatedAt).getTime());
      expect(await refsOf('person', p.body.id)).toEqual([{ system: 'STORM', value: 'P-NEW' }]);
    });

    it('refuses a reference another case holds with 409, writing nothing of the PATCH', async () => {
      const other = await post(police, '/api/v1/cases', caseBody({ externalRefs: [{ system: 'STORM', value: 'OWNED' }] })).expect(201);
      const c = await post(police, '/api/v1/cases', caseBody({ title: 'Before', externalRefs: [{ system: 'STORM', value: 'MINE' }] })).expect(201);
      const audits = await count(t, 'audit_events', `action = 'update'`);
      const res = await patch(police, `/api/v1/cases/${c.body.id}`, { title: 'After', externalRefs: [{ system: 'STORM', value: 'OWNED' }] });
      expectError(res, 409, 'DUPLICATE_EXTERNAL_REF');
      expect(res.body.details).toEqual([expect.objectContaining({ system: 'STORM', value: 'OWNED', entityId: other.body.id })]);
      const now = await get(police, `/api/v1/cases/${c.body.id}`).expect(200);
      expect(now.body.title).toBe('Before');
      expect(now.body.externalRefs).toEqual([{ system: 'STORM', value: 'MINE' }]);
      expect(now.body.updatedAt).toBe(c.body.updatedAt);
      expect(await refsOf('case', other.body.id)).toEqual([{ system: 'STORM', value: 'OWNED' }]);
      expect(await count(t, 'audit_events', `action = 'update'`)).toBe(audits);
    });

    it('refuses a reference another person holds with 409, writing nothing of the PATCH', async () => {
      await post(police, '/api/v1/people', { kind: 'person', lastName: 'Owner', externalRefs: [{ system: 'STORM', value: 'P-OWNED' }] }).expect(201);
      const p = await post(police, '/api/v1/people', { kind: 'person', lastName: 'Unchanged', externalRefs: [{ system: 'STORM', value: 'P-MINE' }] }).expect(201);
      const res = await patch(police, `/api/v1/people/${p.body.id}`, { lastName: 'Changed', externalRefs: [{ system: 'STORM', value: 'P-OWNED' }] });
      expectError(res, 409, 'DUPLICATE_EXTERNAL_REF');
      const { rows } = await t.db.query(`SELECT last_name, updated_at FROM people WHERE id = $1`, [p.body.id]);
      expect(rows[0].last_name).toBe('Unchanged');
      expect(rows[0].updated_at.toISOString()).toBe(p.body.updatedAt);
      expect(await refsOf('person', p.body.id)).toEqual([{ system: 'STORM', value: 'P-MINE' }]);
    });

    it('leaves the references alone when the PATCH does not name them, and refuses null', async () => {
      const c = await post(police, '/api/v1/cases', caseBody({ externalRefs: [{ system: 'STORM', value: 'STAYS' }] })).expect(201);
      expect((await patch(police, `/api/v1/cases/${c.body.id}`, { title: 'Renamed' }).expect(200)).body.externalRefs).toEqual([{ system: 'STORM', value: 'STAYS' }]);
      expectError(await patch(police, `/api/v1/cases/${c.body.id}`, { externalRefs: null }), 400, 'VALIDATION_FAILED');
      expectError(await patch(police, `/api/v1/cases/${c.body.id}`, { externalRefs: [{ system: 'x', value: '1' }] }), 400, 'VALIDATION_FAILED');
      expect(await refsOf('case', c.body.id)).toEqual([{ system: 'STORM', value: 'STAYS' }]);
    });

    it('answers 404 to a PATCH of a case the caller cannot see, changing nothing', async () => {
      const c = await post(police, '/api/v1/cases', caseBody({ externalRefs: [{ system: 'STORM', value: 'HIDDEN' }] })).expect(201);
      expectError(await patch(charnwood, `/api/v1/cases/${c.body.id}`, { externalRefs: [] }), 404, 'NOT_FOUND');
      expectError(await patch(charnwood, `/api/v1/cases/${randomUUID()}`, { externalRefs: [] }), 404, 'NOT_FOUND');
      expect(await refsOf('case', c.body.id)).toEqual([{ system: 'STORM', value: 'HIDDEN' }]);
    });
  });
});
