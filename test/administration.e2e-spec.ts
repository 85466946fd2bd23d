import { createTestApp, expectError, TestApp, TestUser } from './support/test-app';

describe('administration', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let supervisor: TestUser;
  let analyst: TestUser;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const as = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const count = async (table: string) => Number((await t.db.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  beforeAll(async () => {
    t = await createTestApp();
    caseworker = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    supervisor = await t.createUser('CHARNWOOD-BC', ['supervisor']);
    analyst = await t.createUser('CHARNWOOD-BC', ['analyst']);
  });
  afterAll(() => t.close());

  describe('organisations', () => {
    it('lists the LLR seed to any signed-in user', async () => {
      const res = await t.http().get('/api/v1/organisations').set(as(caseworker)).expect(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items).toHaveLength(12);
      expect(res.body.items).toContainEqual({ id: t.orgs['LEICS-POLICE'], name: 'Leicestershire Police', code: 'LEICS-POLICE', kind: 'police', canIssueCpn: true, createdAt: expect.any(String) });
      await t.http().get('/api/v1/organisations').expect(401);
    });

    it('creates one (admin), defaulting canIssueCpn from the kind', async () => {
      const housing = await t.http().post('/api/v1/organisations').set(admin()).send({ name: 'EMH Homes', code: 'EMH', kind: 'housing' }).expect(201);
      expect(housing.body).toEqual({ id: expect.any(String), name: 'EMH Homes', code: 'EMH', kind: 'housing', canIssueCpn: false, createdAt: expect.any(String) });
      const designated = await t.http().post('/api/v1/organisations').set(admin()).send({ name: 'Designated Landlord', code: 'DL-1', kind: 'housing', canIssueCpn: true }).expect(201);
      expect(designated.body.canIssueCpn).toBe(true);
      const { rows } = await t.db.query(`SELECT action FROM audit_events WHERE entity_type = 'organisation' AND entity_id = $1`, [housing.body.id]);
      expect(rows).toEqual([{ action: 'create' }]);
    });

    it('refuses duplicates, bad input and non-admins, writing nothing', async () => {
      const before = await count('organisations');
      expectError(await t.http().post('/api/v1/organisations').set(admin()).send({ name: 'Leicestershire Police', code: 'OTHER', kind: 'police' }), 409, 'CONFLICT');
      expectError(await t.http().post('/api/v1/organisations').set(admin()).send({ name: 'X', code: 'EMH', kind: 'housing' }), 409, 'CONFLICT');
      const bad = await t.http().post('/api/v1/organisations').set(admin()).send({ name: '', code: 'lower case', kind: 'bank', colour: 'red' });
      expectError(bad, 400, 'VALIDATION_FAILED');
      expect([...new Set(bad.body.details.map((d: { field: string }) => d.field))].sort()).toEqual(['code', 'colour', 'kind', 'name']);
      for (const u of [caseworker, supervisor, analyst]) {
        expectError(await t.http().post('/api/v1/organisations').set(as(u)).send({ name: 'Y', code: 'Y', kind: 'other' }), 403, 'FORBIDDEN');
      }
      expect(await count('organisations')).toBe(before);
    });
  });

  describe('CSPs and NPAs', () => {
    it('creates a CSP and an NPA with notification addresses, and changes them', async () => {
      await t.http().post('/api/v1/csps').set(admin()).send({ code: 'TESTCSP', name: 'Test CSP' }).expect(201, { code: 'TESTCSP', name: 'Test CSP' });
      const npa = await t.http().post('/api/v1/npas').set(admin()).send({ code: 'NT', name: 'Test NPA', defaultCspCode: 'TESTCSP', notificationEmails: ['Team@Example.org'] }).expect(201);
      expect(npa.body).toEqual({ code: 'NT', name: 'Test NPA', defaultCspCode: 'TESTCSP', notificationEmails: ['team@example.org'] });
      const patched = await t.http().patch('/api/v1/npas/NT').set(admin()).send({ notificationEmails: ['a@example.org', 'b@example.org'], defaultCspCode: 'CHARNWOOD' }).expect(200);
      expect(patched.body).toEqual({ code: 'NT', name: 'Test NPA', defaultCspCode: 'CHARNWOOD', notificationEmails: ['a@example.org', 'b@example.org'] });
      const list = await t.http().get('/api/v1/npas').set(as(caseworker)).expect(200);
      expect(list.body.items.map((n: { code: string }) => n.code)).toEqual(['NA', 'NC', 'NE', 'NH', 'NL', 'NM', 'NN', 'NS', 'NT', 'NW']);
      const csps = await t.http().get('/api/v1/csps').set(as(analyst)).expect(200);
      expect(csps.body.items).toContainEqual({ code: 'HINCKLEY', name: 'Hinckley and Bosworth' });
    });

    it('refuses an unknown CSP, bad e-mails, unknown NPAs and non-admins', async () => {
      const before = await count('npas');
      const res = await t.http().post('/api/v1/npas').set(admin()).send({ code: 'NX', name: 'X', defaultCspCode: 'NOPE', notificationEmails: [] });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([{ field: 'defaultCspCode', message: 'there is no CSP NOPE' }]);
      expectError(await t.http().post('/api/v1/npas').set(admin()).send({ code: 'NX', name: 'X', defaultCspCode: 'CHARNWOOD', notificationEmails: ['not-an-email'] }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post('/api/v1/npas').set(admin()).send({ code: 'NL', name: 'Again', defaultCspCode: 'CHARNWOOD', notificationEmails: [] }), 409, 'CONFLICT');
      expectError(await t.http().patch('/api/v1/npas/ZZ').set(admin()).send({ name: 'x' }), 404, 'NOT_FOUND');
      expectError(await t.http().patch('/api/v1/npas/NL').set(admin()).send({ defaultCspCode: 'NOPE' }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().patch('/api/v1/npas/NL').set(as(supervisor)).send({ name: 'x' }), 403, 'FORBIDDEN');
      expectError(await t.http().post('/api/v1/csps').set(as(caseworker)).send({ code: 'Q', name: 'Q' }), 403, 'FORBIDDEN');
      expect(await count('npas')).toBe(before);
      expect((await t.db.query(`SELECT name FROM npas WHERE code = 'NL'`)).rows[0].name).toBe('Charnwood');
    });
  });

  describe('users', () => {
    it('creates a user who can sign in; no password or hash in any answer', async () => {
      const res = await t.http().post('/api/v1/users').set(admin())
        .send({ email: 'Amy.Jones@Charnwood.example.org', name: 'Amy Jones', password: 'a-long-password-1', organisationId: t.orgs['CHARNWOOD-BC'], roles: ['caseworker'] }).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), email: 'amy.jones@charnwood.example.org', name: 'Amy Jones', organisationId: t.orgs['CHARNWOOD-BC'], roles: ['caseworker'], active: true, createdAt: expect.any(String), updatedAt: expect.any(String) });
      const { rows } = await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [res.body.id]);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
      const token = await t.login('amy.jones@charnwood.example.org', 'a-long-password-1');
      expect(token).toEqual(expect.any(String));
      const list = await t.http().get(`/api/v1/users?organisationId=${t.orgs['CHARNWOOD-BC']}&limit=2`).set(admin()).expect(200);
      expect(list.body.items).toHaveLength(2);
      expect(JSON.stringify(list.body)).not.toMatch(/password|argon/i);
      const next = await t.http().get(`/api/v1/users?organisationId=${t.orgs['CHARNWOOD-BC']}&limit=2&cursor=${list.body.nextCursor}`).set(admin()).expect(200);
      const all = [...list.body.items, ...next.body.items].map((u: { id: string }) => u.id);
      expect(new Set(all).size).toBe(4);
      expect(all).toEqual(expect.arrayContaining([res.body.id, caseworker.id, supervisor.id, analyst.id]));
    });

    it('changes roles and deactivates: the user is refused at once', async () => {
      const u = await t.createUser('LEICS-POLICE', ['caseworker']);
      const res = await t.http().patch(`/api/v1/users/${u.id}`).set(admin()).send({ roles: ['caseworker', 'supervisor'] }).expect(200);
      expect(res.body.roles).toEqual(['caseworker', 'supervisor']);
      await t.http().patch(`/api/v1/users/${u.id}`).set(admin()).send({ active: false }).expect(200);
      expectError(await t.http().get('/api/v1/organisations').set(as(u)), 401, 'UNAUTHENTICATED');
      expectError(await t.http().post('/api/v1/auth/login').send({ email: u.email, password: 'test-password-123' }), 401, 'UNAUTHENTICATED');
    });

    it('refuses bad users, duplicates, unknown organisations and self-lockout, writing nothing', async () => {
      const before = await count('users');
      const body = { email: 'x@example.org', name: 'X', password: 'a-long-password-1', organisationId: t.orgs['CHARNWOOD-BC'], roles: ['caseworker'] };
      expectError(await t.http().post('/api/v1/users').set(admin()).send({ ...body, email: caseworker.email.toUpperCase() }), 409, 'CONFLICT');
      expectError(await t.http().post('/api/v1/users').set(admin()).send({ ...body, password: 'short' }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post('/api/v1/users').set(admin()).send({ ...body, roles: ['partner_system'] }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().post('/api/v1/users').set(admin()).send({ ...body, roles: [] }), 400, 'VALIDATION_FAILED');
      const unknown = await t.http().post('/api/v1/users').set(admin()).send({ ...body, organisationId: '00000000-0000-4000-8000-000000000000' });
      expectError(unknown, 400, 'VALIDATION_FAILED');
      expect(unknown.body.details[0].field).toBe('organisationId');
      expectError(await t.http().post('/api/v1/users').set(as(supervisor)).send(body), 403, 'FORBIDDEN');
      expectError(await t.http().get('/api/v1/users').set(as(analyst)), 403, 'FORBIDDEN');
      expect(await count('users')).toBe(before);
      const me = (await t.db.query(`SELECT id FROM users WHERE email = 'admin@example.org'`)).rows[0].id;
      expectError(await t.http().patch(`/api/v1/users/${me}`).set(admin()).send({ active: false }), 409, 'CONFLICT');
      expectError(await t.http().patch(`/api/v1/users/${me}`).set(admin()).send({ roles: ['analyst'] }), 409, 'CONFLICT');
      expectError(await t.http().patch('/api/v1/users/not-a-uuid').set(admin()).send({ active: false }), 400, 'VALIDATION_FAILED');
      expectError(await t.http().patch('/api/v1/users/00000000-0000-4000-8000-000000000000').set(admin()).send({ active: false }), 404, 'NOT_FOUND');
    });
  });

  describe('API clients', () => {
    it('issues a client whose secret is shown once, gets tokens, and is revoked', async () => {
      const res = await t.http().post('/api/v1/api-clients').set(admin()).send({ name: 'STORM', organisationId: t.orgs['LEICS-POLICE'] }).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), name: 'STORM', organisationId: t.orgs['LEICS-POLICE'], clientId: expect.stringMatching(/^asb_/), clientSecret: expect.any(String), createdAt: expect.any(String), revokedAt: null });
      const list = await t.http().get('/api/v1/api-clients').set(admin()).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(res.body.clientSecret);
      const stored = (await t.db.query(`SELECT secret_hash FROM api_clients WHERE id = $1`, [res.body.id])).rows[0].secret_hash;
      expect(stored).toMatch(/^\$argon2id\$/);

      const json = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: res.body.clientId, client_secret: res.body.clientSecret }).expect(200);
      expect(json.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
      const form = await t.http().post('/api/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: res.body.clientId, client_secret: res.body.clientSecret }).expect(200);
      const partner = { Authorization: `Bearer ${form.body.access_token}` };
      await t.http().get('/api/v1/organisations').set(partner).expect(200);
      expectError(await t.http().post('/api/v1/organisations').set(partner).send({ name: 'Z', code: 'Z', kind: 'other' }), 403, 'FORBIDDEN');
      expectError(await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: res.body.clientId, client_secret: 'wrong' }), 401, 'UNAUTHENTICATED');
      expectError(await t.http().post('/api/v1/auth/token').send({ grant_type: 'password', client_id: res.body.clientId, client_secret: res.body.clientSecret }), 400, 'VALIDATION_FAILED');

      expectError(await t.http().delete(`/api/v1/api-clients/${res.body.id}`).set(as(supervisor)), 403, 'FORBIDDEN');
      await t.http().delete(`/api/v1/api-clients/${res.body.id}`).set(admin()).expect(204);
      expectError(await t.http().get('/api/v1/organisations').set(partner), 401, 'UNAUTHENTICATED');
      expectError(await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: res.body.clientId, client_secret: res.body.clientSecret }), 401, 'UNAUTHENTICATED');
      expectError(await t.http().delete('/api/v1/api-clients/00000000-0000-4000-8000-000000000000').set(admin()), 404, 'NOT_FOUND');
      expectError(await t.http().post('/api/v1/api-clients').set(admin()).send({ name: 'X', organisationId: '00000000-0000-4000-8000-000000000000' }), 400, 'VALIDATION_FAILED');
    });
  });
});
