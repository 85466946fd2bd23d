import { createTestApp, expectError, TestApp } from './support/test-app';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './support/databases';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('signs the bootstrap admin in', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, user: { roles: ['admin'] } });
    expect(res.body.accessToken).toEqual(expect.any(String));
  });

  it('refuses a wrong password with 401', async () => {
    expectError(await t.http().post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: 'nope' }), 401, 'UNAUTHENTICATED');
    expectError(await t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.org', password: 'nope' }), 401, 'UNAUTHENTICATED');
  });

  it('refuses a malformed login with 400 naming the fields', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({ email: 'not-an-email', extra: 1 });
    expectError(res, 400, 'VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'extra']));
  });

  it('refuses broken JSON with 400', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email":');
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('refuses a missing, forged or expired token with 401', async () => {
    expectError(await t.http().get('/api/v1/organisations'), 401, 'UNAUTHENTICATED');
    const forged = t.adminToken.slice(0, -4) + (t.adminToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expectError(await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${forged}`), 401, 'UNAUTHENTICATED');
    expectError(await t.http().get('/api/v1/organisations').set('Authorization', 'Bearer nonsense'), 401, 'UNAUTHENTICATED');
  });

  it('refuses a deactivated user at once', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${u.token}`).expect(200);
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [u.id]);
    expectError(await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${u.token}`), 401, 'UNAUTHENTICATED');
  });

  describe('POST /auth/token', () => {
    let client: { clientId: string; clientSecret: string };
    const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
    beforeAll(async () => {
      const made = await t.http().post('/api/v1/api-clients').set('Authorization', `Bearer ${t.adminToken}`).send({ name: 'Basic', organisationId: t.orgs['LEICS-POLICE'] }).expect(201);
      client = made.body;
    });

    it('takes the client credentials by HTTP Basic (RFC 6749 2.3.1), as a form or JSON', async () => {
      const form = await t.http().post('/api/v1/auth/token').set('Authorization', basic(client.clientId, client.clientSecret)).type('form').send({ grant_type: 'client_credentials' }).expect(200);
      expect(form.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(form.headers['cache-control']).toBe('no-store');
      await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${form.body.access_token}`).expect(200);
      await t.http().post('/api/v1/auth/token').set('Authorization', basic(client.clientId, client.clientSecret)).send({ grant_type: 'client_credentials', client_id: client.clientId }).expect(200);
    });

    it('documents HTTP Basic as optional on the token endpoint', async () => {
      const doc = (await t.http().get('/docs-json').expect(200)).body;
      expect(doc.components.securitySchemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });
      expect(doc.paths['/api/v1/auth/token'].post.security).toEqual(expect.arrayContaining([{ basic: [] }, {}]));
    });

    it('answers errors in the OAuth shape, with the service error fields beside', async () => {
      const wrong = await t.http().post('/api/v1/auth/token').set('Authorization', basic(client.clientId, 'wrong-secret')).type('form').send({ grant_type: 'client_credentials' });
      expectError(wrong, 401, 'UNAUTHENTICATED');
      expect(wrong.body).toMatchObject({ error: 'invalid_client', error_description: expect.any(String) });
      expect(wrong.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(wrong.headers['cache-control']).toBe('no-store');

      const inBody = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'wrong-secret' });
      expect(inBody.status).toBe(401);
      expect(inBody.body.error).toBe('invalid_client');
      expect(inBody.headers['www-authenticate']).toBeUndefined();

      const malformed = await t.http().post('/api/v1/auth/token').set('Authorization', 'Basic not-base64!').send({ grant_type: 'client_credentials' });
      expect([malformed.status, malformed.body.error]).toEqual([401, 'invalid_client']);
      const none = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials' });
      expect([none.status, none.body.error]).toEqual([401, 'invalid_client']);

      const both = await t.http().post('/api/v1/auth/token').set('Authorization', basic(client.clientId, client.clientSecret)).send({ grant_type: 'client_credentials', client_secret: client.clientSecret });
      expectError(both, 400, 'VALIDATION_FAILED');
      expect(both.body.error).toBe('invalid_request');

      const grant = await t.http().post('/api/v1/auth/token').set('Authorization', basic(client.clientId, client.clientSecret)).send({ grant_type: 'password' });
      expectError(grant, 400, 'VALIDATION_FAILED');
      expect(grant.body.error).toBe('unsupported_grant_type');
      const missing = await t.http().post('/api/v1/auth/token').send({ client_id: client.clientId, client_secret: client.clientSecret });
      expect([missing.status, missing.body.error]).toEqual([400, 'invalid_request']);
    });
  });

  it('echoes the X-Request-Id', async () => {
    const res = await t.http().get('/health/live').set('X-Request-Id', 'trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-123');
    const res2 = await t.http().get('/health/live');
    expect(res2.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
