import { randomUUID } from 'node:crypto';
import { hashSecret } from '@asb/core/auth/passwords';
import { addVictim, caseBody, count, createCase, daysAgo, daysAhead, insertPerson, recordIncident } from './support/cases-fixtures';
import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

const CASE_KEYS = [
  'id', 'reference', 'status', 'title', 'description', 'category', 'type', 'aggravatingFactors', 'location', 'npaCode', 'cspCode',
  'leadOrganisationId', 'officerInChargeId', 'openedAt', 'closedAt', 'closeOutcome', 'reopenedAt', 'reviewDueAt', 'reviewOverdue', 'riskLevel', 'missingRiskAssessments',
  'victims', 'perpetrators', 'witnesses', 'sharedWith', 'externalRefs', 'createdAt', 'updatedAt',
].sort();
const SUMMARY_KEYS = [
  'id', 'reference', 'status', 'title', 'category', 'type', 'npaCode', 'cspCode', 'leadOrganisationId', 'officerInChargeId',
  'openedAt', 'closedAt', 'reviewDueAt', 'reviewOverdue',
].sort();
const DAY = 24 * 60 * 60 * 1000;

describe('cases', () => {
  let t: TestApp;
  let police: TestUser;
  let policeSupervisor: TestUser;
  let charnwood: TestUser;
  let blaby: TestUser;
  let analyst: TestUser;
  const auth = (u: TestUser | string) => ({ Authorization: `Bearer ${typeof u === 'string' ? u : u.token}` });
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    t = await createTestApp();
    police = await t.createUser('LEICS-POLICE', ['caseworker'], 'PC Police');
    policeSupervisor = await t.createUser('LEICS-POLICE', ['supervisor'], 'Sgt Police');
    charnwood = await t.createUser('CHARNWOOD-BC', ['caseworker'], 'Charnwood Officer');
    blaby = await t.createUser('BLABY-DC', ['caseworker'], 'Blaby Officer');
    analyst = await t.createUser('LEICS-POLICE', ['analyst']);
  });
  afterAll(() => t.close());

  describe('POST /api/v1/cases', () => {
    it('opens a case with the defaults: lead organisation, CSP of the NPA, now, and the first reference of the year', async () => {
      const before = Date.now();
      const res = await t.http().post('/api/v1/cases').set(auth(police)).send(caseBody()).expect(201);
      const c = res.body;
      expect(Object.keys(c).sort()).toEqual(CASE_KEYS);
      expect(c).toMatchObject({
        reference: `ASB-${year}-000001`,
        status: 'open',
        title: 'Youths gathering at the park',
        description: null,
        category: 'nuisance',
        type: 'youth_rowdy_inconsiderate',
        aggravatingFactors: [],
        location: { address: 'Queens Park, Loughborough', postcode: 'LE11 2TQ', latitude: null, longitude: null },
        npaCode: 'NL',
        cspCode: 'CHARNWOOD',
        leadOrganisationId: police.organisationId,
        officerInChargeId: null,
        closedAt: null,
        reviewOverdue: false,
        riskLevel: null,
        missingRiskAssessments: [{ subject: 'case', problem: 'missing' }],
        victims: [],
        perpetrators: [],
        witnesses: [],
        sharedWith: [],
        externalRefs: [],
      });
      const openedAt = Date.parse(c.openedAt);
      expect(openedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(openedAt).toBeLessThanOrEqual(Date.now() + 1000);
      expect(Date.parse(c.reviewDueAt) - openedAt).toBe(28 * DAY);

      const second = await createCase(t, police.token);
      expect(second.reference).toBe(`ASB-${year}-000002`);
      const { rows } = await t.db.query(`SELECT last_value FROM case_reference_counters WHERE year = $1`, [year]);
      expect(rows[0].last_value).toBe(2);
      expect(await count(t, 'audit_events', `entity_type = 'case' AND action = 'create' AND entity_id = $1 AND case_id = $1`, [c.id])).toBe(1);
    });

    it('takes every field given, with a back-dated opening numbered in its own year', async () => {
      const officer = await t.createUser('LEICS-POLICE', ['caseworker'], 'PC Officer');
      const c = await createCase(t, police.token, {
        description: 'Every Friday night',
        category: 'personal',
        type: 'neighbour_verbal_abuse_intimidation_harassment',
        aggravatingFactors: ['alcohol', 'drugs'],
        location: { address: '1 High St', postcode: 'LE11 3QF', latitude: 52.77, longitude: -1.2 },
        npaCode: 'NL',
        cspCode: 'NWL',
        leadOrganisationId: police.organisationId,
        officerInChargeId: officer.id,
        openedAt: '2025-03-04T10:00:00Z',
        externalRefs: [{ system: 'STORM', value: 'S-1001' }],
      });
      expect(c).toMatchObject({
        reference: 'ASB-2025-000001',
        description: 'Every Friday night',
        category: 'personal',
        aggravatingFactors: ['alcohol', 'drugs'],
        location: { address: '1 High St', postcode: 'LE11 3QF', latitude: 52.77, longitude: -1.2 },
        cspCode: 'NWL',
        officerInChargeId: officer.id,
        openedAt: '2025-03-04T10:00:00.000Z',
        reviewDueAt: '2025-04-01T10:00:00.000Z',
        reviewOverdue: true,
        externalRefs: [{ system: 'STORM', value: 'S-1001' }],
      });
    });

    it('lets a partner system open a case for its organisation', async () => {
      const secret = 'partner-secret-0123456789';
      await t.db.query(`INSERT INTO api_clients (name, organisation_id, client_id, secret_hash) VALUES ('STORM', $1, 'storm-cases', $2)`, [
        police.organisationId,
        await hashSecret(secret),
      ]);
      const tok = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: 'storm-cases', client_secret: secret }).expect(200);
      const c = await createCase(t, tok.body.access_token);
      expect(c.leadOrganisationId).toBe(police.organisationId);
      const { rows } = await t.db.query(`SELECT actor_kind FROM audit_events WHERE entity_id = $1 AND action = 'create'`, [c.id]);
      expect(rows).toEqual([{ actor_kind: 'client' }]);
    });

    it('refuses bad input with 400 naming the fields, and writes nothing', async () => {
      const cases = await count(t, 'cases');
      const counters = await t.db.query(`SELECT year, last_value FROM case_reference_counters ORDER BY year`);
      const bad: [Record<string, unknown>, string[]][] = [
        [caseBody({ colour: 'red' }), ['colour']],
        [caseBody({ category: 'community' }), ['category']],
        [caseBody({ type: 'loud' }), ['type']],
        [caseBody({ aggravatingFactors: ['weather'] }), ['aggravatingFactors']],
        [caseBody({ location: { postcode: 'NOT A POSTCODE' } }), ['location.postcode']],
        [caseBody({ location: { latitude: 91 } }), ['location.latitude']],
        [caseBody({ location: { extra: 1 } }), ['location.extra']],
        [caseBody({ location: undefined }), ['location']],
        [caseBody({ title: '  ' }), ['title']],
        [caseBody({ officerInChargeId: 'not-a-uuid' }), ['officerInChargeId']],
        [caseBody({ openedAt: '2026-01-01' }), ['openedAt']],
        [caseBody({ npaCode: 'nl' }), ['npaCode']],
        [caseBody({ externalRefs: [{ system: 'A:B', value: 'x' }] }), ['externalRefs.0.system']],
        [caseBody({ openedAt: '1899-12-31T23:59:59Z' }), ['openedAt']],
      ];
      for (const [body, fields] of bad) {
        const res = await t.http().post('/api/v1/cases').set(auth(police)).send(body);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(fields));
      }
      // PostgreSQL cannot store a NUL character: a 400, never a 500.
      expectError(await t.http().post('/api/v1/cases').set(auth(police)).send(caseBody({ title: 'a\u0000b' })), 400, 'VALIDATION_FAILED');
      expect(await count(t, 'cases')).toBe(cases);
      expect((await t.db.query(`SELECT year, last_value FROM case_reference_counters ORDER BY year`)).rows).toEqual(counters.rows);
    });

    it('takes a null cspCode as "the NPA\'s default"', async () => {
      const c = await createCase(t, police.token, { npaCode: 'NH', cspCode: null });
      expect(c.cspCode).toBe('HINCKLEY');
    });

    it('refuses an unknown NPA or CSP and an officer outside the lead organisation with 400 naming the field', async () => {
      const cases = await count(t, 'cases');
      const counters = await t.db.query(`SELECT year, last_value FROM case_reference_counters ORDER BY year`);
      const expectField = async (body: Record<string, unknown>, field: string) => {
        const res = await t.http().post('/api/v1/cases').set(auth(police)).send(body);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      };
      await expectField(caseBody({ npaCode: 'ZZ' }), 'npaCode');
      await expectField(caseBody({ cspCode: 'NOWHERE' }), 'cspCode');
      await expectField(caseBody({ officerInChargeId: charnwood.id }), 'officerInChargeId');
      await expectField(caseBody({ officerInChargeId: randomUUID() }), 'officerInChargeId');
      const inactive = await t.createUser('LEICS-POLICE', ['caseworker']);
      await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [inactive.id]);
      await expectField(caseBody({ officerInChargeId: inactive.id }), 'officerInChargeId');
      expect(await count(t, 'cases')).toBe(cases);
      expect((await t.db.query(`SELECT year, last_value FROM case_reference_counters ORDER BY year`)).rows).toEqual(counters.rows);
    });

    it('refuses an opening in the future with 400 TIME_IN_FUTURE', async () => {
      const cases = await count(t, 'cases');
      const res = await t.http().post('/api/v1/cases').set(auth(police)).send(caseBody({ openedAt: daysAhead(1) }));
      expectError(res, 400, 'TIME_IN_FUTURE');
      expect(res.body.details[0].field).toBe('openedAt');
      expect(await count(t, 'cases')).toBe(cases);
    });

    it('refuses another organisation as lead with 403', async () => {
      const cases = await count(t, 'cases');
      expectError(await t.http().post('/api/v1/cases').set(auth(police)).send(caseBody({ leadOrganisationId: charnwood.organisationId })), 403, 'FORBIDDEN');
      expect(await count(t, 'cases')).toBe(cases);
    });

    it('refuses an external reference already taken with 409 DUPLICATE_EXTERNAL_REF, writing nothing', async () => {
      await createCase(t, police.token, { externalRefs: [{ system: 'STORM', value: 'DUP-1' }] });
      const cases = await count(t, 'cases');
      const refs = await count(t, 'external_refs');
      const res = await t.http().post('/api/v1/cases').set(auth(charnwood)).send(caseBody({ externalRefs: [{ system: 'STORM', value: 'NEW-9' }, { system: 'STORM', value: 'DUP-1' }] }));
      expectError(res, 409, 'DUPLICATE_EXTERNAL_REF');
      expect(res.body.details).toEqual([expect.objectContaining({ system: 'STORM', value: 'DUP-1' })]);
      expect(await count(t, 'cases')).toBe(cases);
      expect(await count(t, 'external_refs')).toBe(refs);
    });

    it('is closed to callers without a token (401) and to analysts and admins (403)', async () => {
      expectError(await t.http().post('/api/v1/cases').send(caseBody()), 401, 'UNAUTHENTICATED');
      expectError(await t.http().post('/api/v1/cases').set(auth(analyst)).send(caseBody()), 403, 'FORBIDDEN');
      expectError(await t.http().post('/api/v1/cases').set(auth(t.adminToken)).send(caseBody()), 403, 'FORBIDDEN');
      expectError(await t.http().get('/api/v1/cases').set(auth(analyst)), 403, 'FORBIDDEN');
      expectError(await t.http().get('/api/v1/cases').set(auth(t.adminToken)), 403, 'FORBIDDEN');
      expectError(await t.http().get('/api/v1/cases'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('GET and PATCH /api/v1/cases/{id}', () => {
    it('reads a case, auditing the read', async () => {
      const c = await createCase(t, police.token);
      const res = await t.http().get(`/api/v1/cases/${c.id}`).set(auth(policeSupervisor)).expect(200);
      expect(res.body).toEqual(c);
      expect(await count(t, 'audit_events', `action = 'read' AND entity_type = 'case' AND entity_id = $1 AND case_id = $1 AND actor_id = $2`, [c.id, policeSupervisor.id])).toBe(1);
    });

    it('answers 400 for a bad id and 404 for an unknown one', async () => {
      const bad = await t.http().get('/api/v1/cases/not-a-uuid').set(auth(police));
      expectError(bad, 400, 'VALIDATION_FAILED');
      expect(bad.body.details[0].field).toBe('id');
      expectError(await t.http().get(`/api/v1/cases/${randomUUID()}`).set(auth(police)), 404, 'NOT_FOUND');
      expectError(await t.http().get(`/api/v1/cases/${randomUUID()}`), 401, 'UNAUTHENTICATED');
      expectError(await t.http().get(`/api/v1/cases/${randomUUID()}`).set(auth(analyst)), 403, 'FORBIDDEN');
    });

    it('changes the fields given; a new NPA brings its default CSP', async () => {
      const officer = await t.createUser('LEICS-POLICE', ['caseworker']);
      const c = await createCase(t, police.token, { description: 'first' });
      const res = await t
        .http()
        .patch(`/api/v1/cases/${c.id}`)
        .set(auth(police))
        .send({ title: 'Off-road bikes on the field', type: 'off_road_bikes', npaCode: 'NA', officerInChargeId: officer.id, location: { postcode: 'le16 7aa' }, aggravatingFactors: ['age_related'] })
        .expect(200);
      expect(res.body).toMatchObject({
        title: 'Off-road bikes on the field',
        type: 'off_road_bikes',
        description: 'first',
        npaCode: 'NA',
        cspCode: 'HARBOROUGH',
        officerInChargeId: officer.id,
        aggravatingFactors: ['age_related'],
        location: { address: 'Queens Park, Loughborough', postcode: 'LE16 7AA', latitude: null, longitude: null },
        reference: c.reference,
      });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(c.updatedAt));
      const cleared = await t.http().patch(`/api/v1/cases/${c.id}`).set(auth(police)).send({ description: null, officerInChargeId: null, cspCode: 'BLABY' }).expect(200);
      expect(cleared.body).toMatchObject({ description: null, officerInChargeId: null, npaCode: 'NA', cspCode: 'BLABY' });
      expect(await count(t, 'audit_events', `action = 'update' AND entity_type = 'case' AND entity_id = $1`, [c.id])).toBe(2);
    });

    it('refuses bad changes with 400 and changes nothing', async () => {
      const c = await createCase(t, police.token);
      for (const [body, field] of [
        [{ title: null }, 'title'],
        [{ category: 'x' }, 'category'],
        [{ reference: 'ASB-1' }, 'reference'],
        [{ npaCode: 'ZZ' }, 'npaCode'],
        [{ cspCode: 'NOPE' }, 'cspCode'],
        [{ officerInChargeId: charnwood.id }, 'officerInChargeId'],
        [{ location: { postcode: 'XX' } }, 'location.postcode'],
      ] as [Record<string, unknown>, string][]) {
        const res = await t.http().patch(`/api/v1/cases/${c.id}`).set(auth(police)).send(body);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const after = await t.http().get(`/api/v1/cases/${c.id}`).set(auth(police)).expect(200);
      expect(after.body.updatedAt).toBe(c.updatedAt);
      expect(await count(t, 'audit_events', `action = 'update' AND entity_id = $1`, [c.id])).toBe(0);
    });

    it('hides another organisation\'s case (404) from read and change', async () => {
      const c = await createCase(t, charnwood.token);
      expectError(await t.http().get(`/api/v1/cases/${c.id}`).set(auth(police)), 404, 'NOT_FOUND');
      expectError(await t.http().patch(`/api/v1/cases/${c.id}`).set(auth(police)).send({ title: 'x' }), 404, 'NOT_FOUND');
      const { rows } = await t.db.query(`SELECT title FROM cases WHERE id = $1`, [c.id]);
      expect(rows[0].title).toBe(c.title);
    });
  });

  describe('sharing', () => {
    it('shows a Charnwood case to the police only while it is shared', async () => {
      const c = await createCase(t, charnwood.token, { title: 'Shared noise case' });
      const listIds = async (u: TestUser) => (await t.http().get('/api/v1/cases?limit=200').set(auth(u)).expect(200)).body.items.map((i: { id: string }) => i.id);
      expectError(await t.http().get(`/api/v1/cases/${c.id}`).set(auth(police)), 404, 'NOT_FOUND');
      expect(await listIds(police)).not.toContain(c.id);

      const share = await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(charnwood)).send({ organisationId: police.organisationId }).expect(201);
      expect(share.body).toEqual({ caseId: c.id, organisationId: police.organisationId, sharedAt: expect.any(String) });
      const seen = await t.http().get(`/api/v1/cases/${c.id}`).set(auth(police)).expect(200);
      expect(seen.body.sharedWith).toEqual([police.organisationId]);
      expect(await listIds(police)).toContain(c.id);
      expect(await count(t, 'audit_events', `action = 'share' AND entity_type = 'case_share' AND case_id = $1 AND entity_id = $2`, [c.id, police.organisationId])).toBe(1);

      // Only the lead shares: the shared-with organisation is told 403, an unrelated one 404.
      expectError(await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(police)).send({ organisationId: blaby.organisationId }), 403, 'FORBIDDEN');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(blaby)).send({ organisationId: blaby.organisationId }), 404, 'NOT_FOUND');
      expectError(await t.http().delete(`/api/v1/cases/${c.id}/shares/${police.organisationId}`).set(auth(police)), 403, 'FORBIDDEN');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(charnwood)).send({ organisationId: police.organisationId }), 409, 'CONFLICT');
      expect(await count(t, 'case_shares', 'case_id = $1', [c.id])).toBe(1);

      await t.http().delete(`/api/v1/cases/${c.id}/shares/${police.organisationId}`).set(auth(charnwood)).expect(204);
      expectError(await t.http().get(`/api/v1/cases/${c.id}`).set(auth(police)), 404, 'NOT_FOUND');
      expect(await listIds(police)).not.toContain(c.id);
      expectError(await t.http().delete(`/api/v1/cases/${c.id}/shares/${police.organisationId}`).set(auth(charnwood)), 404, 'NOT_FOUND');
      expect(await count(t, 'audit_events', `action = 'unshare' AND case_id = $1`, [c.id])).toBe(1);
    });

    it('refuses bad shares with 400', async () => {
      const c = await createCase(t, charnwood.token);
      const r1 = await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(charnwood)).send({ organisationId: 'x' });
      expectError(r1, 400, 'VALIDATION_FAILED');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(charnwood)).send({ organisationId: randomUUID() }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(charnwood)).send({ organisationId: charnwood.organisationId }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(charnwood)).send({ organisationId: police.organisationId, note: 1 }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().delete(`/api/v1/cases/${c.id}/shares/nope`).set(auth(charnwood)), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/shares`).send({ organisationId: police.organisationId }), 401, 'UNAUTHENTICATED');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(analyst)).send({ organisationId: police.organisationId }), 403, 'FORBIDDEN');
      expect(await count(t, 'case_shares', 'case_id = $1', [c.id])).toBe(0);
    });
  });

  describe('parties', () => {
    it('links a victim, a perpetrator and a witness, even profiles the caller could not see', async () => {
      const c = await createCase(t, police.token);
      const victim = await insertPerson(t, charnwood.organisationId, 'Vera', 'Victim');
      const perp = await insertPerson(t, police.organisationId, 'Percy', 'Perp');
      const witness = await insertPerson(t, blaby.organisationId, 'Wendy', 'Witness');

      const v = await t.http().post(`/api/v1/cases/${c.id}/victims`).set(auth(police)).send({ personId: victim, updateMethod: 'phone' }).expect(201);
      expect(v.body).toEqual({
        personId: victim,
        displayName: 'Vera Victim',
        repeatVictim: { isRepeat: false, incidentsLast12Months: 0 },
        updateFrequencyDays: 28,
        updateMethod: 'phone',
        updatesDeclined: false,
        lastUpdateAt: null,
        updateOverdue: false,
      });
      const p = await t.http().post(`/api/v1/cases/${c.id}/perpetrators`).set(auth(police)).send({ personId: perp }).expect(201);
      expect(p.body).toEqual({ personId: perp, displayName: 'Percy Perp' });
      const w = await t.http().post(`/api/v1/cases/${c.id}/witnesses`).set(auth(police)).send({ personId: witness }).expect(201);
      expect(w.body).toEqual({ personId: witness, displayName: 'Wendy Witness' });
      // The same profile may hold two roles on one case.
      await t.http().post(`/api/v1/cases/${c.id}/witnesses`).set(auth(police)).send({ personId: victim }).expect(201);

      const got = (await t.http().get(`/api/v1/cases/${c.id}`).set(auth(police)).expect(200)).body;
      expect(got.victims).toEqual([v.body]);
      expect(got.perpetrators).toEqual([p.body]);
      expect(got.witnesses.map((x: { personId: string }) => x.personId)).toEqual([witness, victim]);
      expect(got.missingRiskAssessments).toEqual([
        { subject: 'case', problem: 'missing' },
        { subject: 'victim', personId: victim, problem: 'missing' },
        { subject: 'perpetrator', personId: perp, problem: 'missing' },
      ]);
      expect(await count(t, 'audit_events', `action = 'link' AND entity_type = 'case_party' AND case_id = $1`, [c.id])).toBe(4);
    });

    it('takes the agreed update frequency and shows a victim out of contact as updateOverdue', async () => {
      const c = await createCase(t, police.token);
      const declined = await insertPerson(t, police.organisationId, 'Dee', 'Declined');
      const weekly = await insertPerson(t, police.organisationId, 'Will', 'Weekly');
      await addVictim(t, police.token, c.id, declined, { updatesDeclined: true });
      const w = await addVictim(t, police.token, c.id, weekly, { updateFrequencyDays: 7, updateMethod: 'email' });
      expect(w).toMatchObject({ updateFrequencyDays: 7, updateMethod: 'email', updateOverdue: false });
      await t.db.query(`UPDATE case_parties SET added_at = now() - interval '8 days' WHERE case_id = $1`, [c.id]);
      const got = (await t.http().get(`/api/v1/cases/${c.id}`).set(auth(police)).expect(200)).body;
      const byId = Object.fromEntries(got.victims.map((v: { personId: string }) => [v.personId, v]));
      expect(byId[weekly].updateOverdue).toBe(true);
      expect(byId[declined]).toMatchObject({ updatesDeclined: true, updateOverdue: false, updateFrequencyDays: 28 });
    });

    it('refuses a second link, an unknown or merged person and bad input, writing nothing', async () => {
      const c = await createCase(t, police.token);
      const person = await insertPerson(t, police.organisationId);
      await addVictim(t, police.token, c.id, person);
      const kept = await insertPerson(t, police.organisationId, 'Kept', 'Profile');
      const merged = await insertPerson(t, police.organisationId, 'Merged', 'Profile');
      await t.db.query(`UPDATE people SET merged_into = $1 WHERE id = $2`, [kept, merged]);
      const parties = await count(t, 'case_parties');

      expectError(await t.http().post(`/api/v1/cases/${c.id}/victims`).set(auth(police)).send({ personId: person }), 409, 'CONFLICT');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/victims`).set(auth(police)).send({ personId: randomUUID() }), 404, 'NOT_FOUND');
      const m = await t.http().post(`/api/v1/cases/${c.id}/perpetrators`).set(auth(police)).send({ personId: merged });
      expectError(m, 409, 'CONFLICT');
      expect(m.body.message).toContain(kept);
      for (const body of [{ personId: 'x' }, { personId: kept, updateFrequencyDays: 0 }, { personId: kept, updateFrequencyDays: 366 }, { personId: kept, updateMethod: 'pigeon' }, { personId: kept, role: 'victim' }]) {
        expectError(await t.http().post(`/api/v1/cases/${c.id}/victims`).set(auth(police)).send(body), 400, 'VALIDATION_FAILED');
      }
      expectError(await t.http().post(`/api/v1/cases/${c.id}/witnesses`).set(auth(police)).send({ personId: kept, updateFrequencyDays: 7 }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/victims`).set(auth(charnwood)).send({ personId: kept }), 404, 'NOT_FOUND');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/victims`).set(auth(analyst)).send({ personId: kept }), 403, 'FORBIDDEN');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/victims`).send({ personId: kept }), 401, 'UNAUTHENTICATED');
      expect(await count(t, 'case_parties')).toBe(parties);
    });

    it('removes parties (204), but not a victim named on an incident of the case', async () => {
      const c = await createCase(t, police.token);
      const witness = await insertPerson(t, police.organisationId);
      const victim = await insertPerson(t, police.organisationId);
      await t.http().post(`/api/v1/cases/${c.id}/witnesses`).set(auth(police)).send({ personId: witness }).expect(201);
      await addVictim(t, police.token, c.id, victim);
      expectError(await t.http().delete(`/api/v1/cases/${c.id}/witnesses/${witness}`).set(auth(charnwood)), 404, 'NOT_FOUND');
      await t.http().delete(`/api/v1/cases/${c.id}/witnesses/${witness}`).set(auth(police)).expect(204);
      expectError(await t.http().delete(`/api/v1/cases/${c.id}/witnesses/${witness}`).set(auth(police)), 404, 'NOT_FOUND');
      expectError(await t.http().delete(`/api/v1/cases/${c.id}/perpetrators/${victim}`).set(auth(police)), 404, 'NOT_FOUND');
      expectError(await t.http().delete(`/api/v1/cases/${c.id}/victims/nope`).set(auth(police)), 400, 'VALIDATION_FAILED');
      await recordIncident(t, police.token, c.id, { occurredAt: daysAgo(1), victimPersonIds: [victim] });
      expectError(await t.http().delete(`/api/v1/cases/${c.id}/victims/${victim}`).set(auth(police)), 409, 'CONFLICT');
      expect(await count(t, 'case_parties', 'case_id = $1', [c.id])).toBe(1);
      expect(await count(t, 'audit_events', `action = 'unlink' AND case_id = $1`, [c.id])).toBe(1);
    });
  });

  describe('a closed case', () => {
    it('refuses changes, parties and incidents with 422 CASE_CLOSED and writes nothing; it can still be read and shared', async () => {
      const c = await createCase(t, police.token);
      const v = await insertPerson(t, police.organisationId);
      const w = await insertPerson(t, police.organisationId);
      await addVictim(t, police.token, c.id, v);
      await t.db.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [c.id]);
      const written = async () => [
        await count(t, 'case_parties', 'case_id = $1', [c.id]),
        await count(t, 'incidents', 'case_id = $1', [c.id]),
        await count(t, 'audit_events', `case_id = $1 AND action NOT IN ('read', 'list')`, [c.id]),
      ];
      const before = await written();

      expectError(await t.http().patch(`/api/v1/cases/${c.id}`).set(auth(police)).send({ title: 'Changed' }), 422, 'CASE_CLOSED');
      expectError(await t.http().post(`/api/v1/cases/${c.id}/witnesses`).set(auth(police)).send({ personId: w }), 422, 'CASE_CLOSED');
      expectError(await t.http().delete(`/api/v1/cases/${c.id}/victims/${v}`).set(auth(police)), 422, 'CASE_CLOSED');
      const inc = await t.http().post(`/api/v1/cases/${c.id}/incidents`).set(auth(police)).send({ occurredAt: daysAgo(1), description: 'x', victimPersonIds: [v] });
      expectError(inc, 422, 'CASE_CLOSED');
      expect(await written()).toEqual(before);

      const got = (await t.http().get(`/api/v1/cases/${c.id}`).set(auth(police)).expect(200)).body;
      expect(got).toMatchObject({ status: 'closed', title: c.title, reviewOverdue: false, missingRiskAssessments: [] });
      expect(got.closedAt).toEqual(expect.any(String));
      expect(got.victims[0]).toMatchObject({ personId: v, updateOverdue: false });
      await t.http().post(`/api/v1/cases/${c.id}/shares`).set(auth(police)).send({ organisationId: charnwood.organisationId }).expect(201);
    });
  });

  describe('GET /api/v1/cases (list)', () => {
    let melton: TestUser;
    let officer: TestUser;
    const ids: Record<string, string> = {};
    const list = async (qs: string, u?: TestUser) => {
      const res = await t.http().get(`/api/v1/cases${qs}`).set(auth(u ?? melton));
      if (res.status !== 200) throw new Error(`${qs}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { items: Record<string, unknown>[]; nextCursor: string | null };
    };
    const listIds = async (qs: string) => (await list(qs)).items.map((i) => i.id);

    beforeAll(async () => {
      melton = await t.createUser('MELTON-BC', ['caseworker']);
      officer = await t.createUser('MELTON-BC', ['caseworker']);
      ids.a = (await createCase(t, melton.token, { title: 'Graffiti on the bus shelter', type: 'graffiti', category: 'environmental', npaCode: 'NM', location: { postcode: 'LE13 0AB' }, openedAt: daysAgo(1) })).id;
      ids.b = (await createCase(t, melton.token, { title: 'Noisy neighbours at number 4', npaCode: 'NM', location: { postcode: 'LE13 1XY' }, officerInChargeId: officer.id, openedAt: daysAgo(2), externalRefs: [{ system: 'GENIE', value: 'G-77' }] })).id;
      ids.c = (await createCase(t, melton.token, { title: 'Old bikes case', npaCode: 'NA', location: { postcode: 'LE16 7AA' }, openedAt: daysAgo(40) })).id;
      ids.d = (await createCase(t, melton.token, { title: 'Closed street drinking', type: 'street_drinking', npaCode: 'NM', cspCode: 'RUTLAND', location: { postcode: 'LE15 6AB' }, openedAt: daysAgo(60) })).id;
      await t.db.query(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [ids.d]);
      const v = await insertPerson(t, melton.organisationId, 'Rita', 'Repeat');
      await addVictim(t, melton.token, ids.b, v);
      await recordIncident(t, melton.token, ids.b, { occurredAt: daysAgo(10), victimPersonIds: [v] });
      await recordIncident(t, melton.token, ids.b, { occurredAt: daysAgo(3), victimPersonIds: [v] });
      const once = await insertPerson(t, melton.organisationId, 'Olive', 'Once');
      await addVictim(t, melton.token, ids.a, once);
      await recordIncident(t, melton.token, ids.a, { occurredAt: daysAgo(1), victimPersonIds: [once] });
    });

    it('lists only visible cases as summaries, newest opened first, auditing the search and each case shown', async () => {
      const audited = (where: string, params: unknown[] = []) => count(t, 'audit_events', `actor_id = '${melton.id}' AND ${where}`, params);
      const [searches, listed] = [await audited(`action = 'search' AND entity_type = 'case'`), await audited(`action = 'list' AND entity_type = 'case'`)];
      const page = await list('');
      expect(page.items.map((i) => i.id)).toEqual([ids.a, ids.b, ids.c, ids.d]);
      expect(Object.keys(page.items[0]).sort()).toEqual(SUMMARY_KEYS);
      expect(page.items[2]).toMatchObject({ id: ids.c, reviewOverdue: true, npaCode: 'NA', cspCode: 'HARBOROUGH', leadOrganisationId: melton.organisationId, status: 'open' });
      expect(page.items[3]).toMatchObject({ status: 'closed', reviewOverdue: false });
      expect(page.nextCursor).toBeNull();
      expect(await audited(`action = 'search' AND entity_type = 'case'`)).toBe(searches + 1);
      expect(await audited(`action = 'list' AND entity_type = 'case'`)).toBe(listed + 4);
      for (const id of [ids.a, ids.b, ids.c, ids.d]) expect(await audited(`action = 'list' AND entity_id = $1 AND case_id = $1`, [id])).toBeGreaterThan(0);
      expect((await list('', police)).items.map((i) => i.id)).not.toContain(ids.a);
    });

    it('filters by status, NPA, CSP, organisation and officer', async () => {
      expect(await listIds('?status=closed')).toEqual([ids.d]);
      expect(await listIds('?status=open')).toEqual([ids.a, ids.b, ids.c]);
      expect(await listIds('?npaCode=NA')).toEqual([ids.c]);
      expect(await listIds('?npaCode=NM&cspCode=MELTON')).toEqual([ids.a, ids.b]);
      expect(await listIds('?cspCode=RUTLAND')).toEqual([ids.d]);
      expect(await listIds(`?organisationId=${melton.organisationId}`)).toEqual([ids.a, ids.b, ids.c, ids.d]);
      expect(await listIds(`?organisationId=${police.organisationId}`)).toEqual([]);
      expect(await listIds(`?officerInChargeId=${officer.id}`)).toEqual([ids.b]);
    });

    it('filters by missing risk assessments (none is recorded here, so every open case lacks one)', async () => {
      expect(await listIds('?missingRiskAssessment=true')).toEqual([ids.a, ids.b, ids.c]);
      expect(await listIds('?missingRiskAssessment=false')).toEqual([ids.d]);
    });

    it('filters by review overdue and repeat victim', async () => {
      expect(await listIds('?reviewOverdue=true')).toEqual([ids.c]);
      expect(await listIds('?reviewOverdue=false')).toEqual([ids.a, ids.b, ids.d]);
      expect(await listIds('?repeatVictim=true')).toEqual([ids.b]);
      expect(await listIds('?repeatVictim=false')).toEqual([ids.a, ids.c, ids.d]);
    });

    it('finds by partial postcode, reference or title words, and external reference', async () => {
      expect(await listIds('?postcode=LE13')).toEqual([ids.a, ids.b]);
      expect(await listIds('?postcode=le13%200')).toEqual([ids.a]);
      expect(await listIds('?postcode=LE130AB')).toEqual([ids.a]);
      expect(await listIds('?postcode=LE1')).toEqual([]);
      const ref = (await t.http().get(`/api/v1/cases/${ids.c}`).set(auth(melton))).body.reference;
      expect(await listIds(`?q=${ref.toLowerCase()}`)).toEqual([ids.c]);
      expect(await listIds('?q=neighbours')).toEqual([ids.b]);
      expect(await listIds('?q=GRAFFITI')).toEqual([ids.a]);
      expect(await listIds('?q=grafiti')).toEqual([ids.a]);
      expect(await listIds('?q=100%25')).toEqual([]);
      expect(await listIds('?externalRef=GENIE:G-77')).toEqual([ids.b]);
      expect(await listIds('?externalRef=GENIE:G-78')).toEqual([]);
      expectError(await t.http().get('/api/v1/cases?q=a%00b').set(auth(melton)), 400, 'VALIDATION_FAILED');
    });

    it('pages with nextCursor', async () => {
      const p1 = await list('?limit=3');
      expect(p1.items.map((i) => i.id)).toEqual([ids.a, ids.b, ids.c]);
      expect(p1.nextCursor).toEqual(expect.any(String));
      const p2 = await list(`?limit=3&cursor=${p1.nextCursor}`);
      expect(p2.items.map((i) => i.id)).toEqual([ids.d]);
      expect(p2.nextCursor).toBeNull();
      const q1 = await list('?limit=1&status=open');
      const q2 = await list(`?limit=1&status=open&cursor=${q1.nextCursor}`);
      expect([...q1.items, ...q2.items].map((i) => i.id)).toEqual([ids.a, ids.b]);
    });

    it('refuses bad filters with 400', async () => {
      for (const qs of ['?status=pending', '?postcode=XYZ', '?organisationId=nope', '?reviewOverdue=yes', '?limit=0', '?limit=201', '?cursor=garbage', '?externalRef=novalue', '?colour=red', '?missingRiskAssessment=maybe']) {
        expectError(await t.http().get(`/api/v1/cases${qs}`).set(auth(melton)), 400, 'VALIDATION_FAILED');
      }
    });
  });

  it('counts repeat victims on the case answer from incidents everywhere', async () => {
    const c = await createCase(t, police.token);
    const v = await insertPerson(t, police.organisationId);
    await addVictim(t, police.token, c.id, v);
    await recordIncident(t, police.token, c.id, { occurredAt: daysAgo(5), victimPersonIds: [v] });
    const got = (await t.http().get(`/api/v1/cases/${c.id}`).set(auth(police)).expect(200)).body;
    expect(got.victims[0].repeatVictim).toEqual({ isRepeat: false, incidentsLast12Months: 1 });
  });
});
