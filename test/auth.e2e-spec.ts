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

  it('echoes the X-Request-Id', async () => {
    const res = await t.http().get('/health/live').set('X-Request-Id', 'trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-123');
    const res2 = await t.http().get('/health/live');
    expect(res2.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
