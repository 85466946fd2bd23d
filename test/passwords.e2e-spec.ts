import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, expectError, TestApp } from './support/test-app';

const CLI_MAIN = join(__dirname, '../dist/cli/apps/cli/src/main.js');

describe('passwords: policy, change and reset', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const asAdmin = (req: ReturnType<ReturnType<TestApp['http']>['post']>) => req.set('Authorization', `Bearer ${t.adminToken}`);
  const login = (email: string, password: string) => t.http().post('/api/v1/auth/login').send({ email, password });
  const changePassword = (token: string, currentPassword: string, newPassword: string) =>
    t.http().post('/api/v1/auth/password').set('Authorization', `Bearer ${token}`).send({ currentPassword, newPassword });

  describe('the policy, on POST /users', () => {
    const create = (email: string, password: string) =>
      asAdmin(t.http().post('/api/v1/users')).send({ email, name: 'Pat Weak', password, organisationId: t.orgs['CHARNWOOD-BC'], roles: ['caseworker'] });

    it.each([
      ['11 characters', 'k7#Pq2!vXm9', undefined],
      ['one character repeated', 'aaaaaaaaaaaaaaaa', 'one character repeated'],
      ['whitespace only', '              ', 'whitespace'],
      ['a common password', 'password1234', 'common'],
      ['a common password in capitals', 'QWERTY123456', 'common'],
    ])('refuses %s with 400 naming the field', async (_what, password, reason) => {
      const res = await create(`weak.${Math.random().toString(36).slice(2)}@example.org`, password);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
      if (reason) expect(JSON.stringify(res.body.details)).toContain(reason);
    });

    it('refuses the e-mail address as the password, whatever its case', async () => {
      const res = await create('pat.weak.mail@example.org', 'Pat.Weak.Mail@Example.ORG');
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'password', message: expect.stringContaining('e-mail') })]);
    });

    it('accepts 12 characters that break no rule', async () => {
      await create(`strong.${Math.random().toString(36).slice(2)}@example.org`, 'k7#Pq2!vXm9z').expect(201);
    });
  });

  it('changes a password: 204, every earlier token refused, the old password refused, the new one signs in', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    const second = await t.login(u.email, 'test-password-123');

    const wrong = await changePassword(u.token, 'not-my-password-1', 'a-new-long-password-42');
    expectError(wrong, 400, 'VALIDATION_FAILED');
    expect(wrong.body.details).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    const weak = await changePassword(u.token, 'test-password-123', 'zzzzzzzzzzzzzzzz');
    expectError(weak, 400, 'VALIDATION_FAILED');
    expect(weak.body.details).toEqual([expect.objectContaining({ field: 'newPassword' })]);
    const same = await changePassword(u.token, 'test-password-123', 'test-password-123');
    expectError(same, 400, 'VALIDATION_FAILED');
    expect(same.body.details).toEqual([expect.objectContaining({ field: 'newPassword', message: expect.stringContaining('differ') })]);
    await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${u.token}`).expect(200);

    await changePassword(u.token, 'test-password-123', 'a-new-long-password-42').expect(204);
    // Issued within the same second as the change, and before it: refused all the same.
    expectError(await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${u.token}`), 401, 'UNAUTHENTICATED');
    expectError(await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${second}`), 401, 'UNAUTHENTICATED');
    expectError(await login(u.email, 'test-password-123'), 401, 'UNAUTHENTICATED');
    const fresh = await login(u.email, 'a-new-long-password-42').expect(200);
    expect(fresh.body.passwordChangeRequired).toBe(false);
    await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${fresh.body.accessToken}`).expect(200);

    const { rows } = await t.db.query(`SELECT action, actor_id, details FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 AND action = 'password_change'`, [u.id]);
    expect(rows).toEqual([expect.objectContaining({ actor_id: u.id })]);
    expect(JSON.stringify(rows)).not.toContain('a-new-long-password-42');
  });

  it('refuses a password change to an API client', async () => {
    const made = await asAdmin(t.http().post('/api/v1/api-clients')).send({ name: 'No password', organisationId: t.orgs['LEICS-POLICE'] }).expect(201);
    const tok = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: made.body.clientId, client_secret: made.body.clientSecret }).expect(200);
    expectError(await changePassword(tok.body.access_token, 'x', 'a-new-long-password-42'), 403, 'FORBIDDEN');
  });

  it('resets a password (admin): a temporary password shown once, old tokens refused, only a password change allowed until it is changed', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    const caseworker = await t.createUser('CHARNWOOD-BC', ['caseworker', 'supervisor']);
    expectError(await t.http().post(`/api/v1/users/${u.id}/password-reset`).set('Authorization', `Bearer ${caseworker.token}`), 403, 'FORBIDDEN');
    expectError(await asAdmin(t.http().post('/api/v1/users/00000000-0000-4000-8000-000000000000/password-reset')), 404, 'NOT_FOUND');

    const reset = await asAdmin(t.http().post(`/api/v1/users/${u.id}/password-reset`)).expect(200);
    const temporary: string = reset.body.temporaryPassword;
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    expectError(await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${u.token}`), 401, 'UNAUTHENTICATED');
    expectError(await login(u.email, 'test-password-123'), 401, 'UNAUTHENTICATED');

    const signedIn = await login(u.email, temporary).expect(200);
    expect(signedIn.body.passwordChangeRequired).toBe(true);
    const forced = await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${signedIn.body.accessToken}`);
    expectError(forced, 403, 'FORBIDDEN');
    expect(forced.body.message).toMatch(/password/i);
    expect(forced.body.details).toEqual([expect.objectContaining({ reason: 'PASSWORD_CHANGE_REQUIRED' })]);

    expectError(await changePassword(signedIn.body.accessToken, temporary, temporary), 400, 'VALIDATION_FAILED');
    await changePassword(signedIn.body.accessToken, temporary, 'my-own-long-password-7').expect(204);
    expectError(await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${signedIn.body.accessToken}`), 401, 'UNAUTHENTICATED');
    const after = await login(u.email, 'my-own-long-password-7').expect(200);
    expect(after.body.passwordChangeRequired).toBe(false);
    await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${after.body.accessToken}`).expect(200);

    const { rows } = await t.db.query(`SELECT action, actor_kind, details FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 AND action LIKE 'password%' ORDER BY id`, [u.id]);
    expect(rows.map((r) => r.action)).toEqual(['password_reset', 'password_change']);
    expect(JSON.stringify(rows)).not.toContain(temporary);
  });

  it('resets a password from the command line (npm run admin:reset-password -- EMAIL)', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['admin']);
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: t.env.DATABASE_URL, LOG_LEVEL: 'silent' };
    const { stdout } = await promisify(execFile)(process.execPath, [CLI_MAIN, 'reset-password', u.email.toUpperCase()], { env });
    const temporary = /^\s+(\S{12,})\s*$/m.exec(stdout.split('\n').slice(2).join('\n'))?.[1];
    expect(stdout).toContain(u.email);
    expect(temporary).toBeDefined();

    expectError(await t.http().get('/api/v1/users').set('Authorization', `Bearer ${u.token}`), 401, 'UNAUTHENTICATED');
    const signedIn = await login(u.email, temporary!).expect(200);
    expect(signedIn.body.passwordChangeRequired).toBe(true);
    expectError(await t.http().get('/api/v1/users').set('Authorization', `Bearer ${signedIn.body.accessToken}`), 403, 'FORBIDDEN');
    await changePassword(signedIn.body.accessToken, temporary!, 'back-in-charge-2026').expect(204);
    const after = await login(u.email, 'back-in-charge-2026').expect(200);
    await t.http().get('/api/v1/users').set('Authorization', `Bearer ${after.body.accessToken}`).expect(200);

    const { rows } = await t.db.query(`SELECT actor_kind, details FROM audit_events WHERE entity_id = $1 AND action = 'password_reset'`, [u.id]);
    expect(rows).toEqual([{ actor_kind: 'system', details: { by: 'command line' } }]);

    const missing = await promisify(execFile)(process.execPath, [CLI_MAIN, 'reset-password', 'no.such.person@example.org'], { env }).catch((e: { code: number; stdout: string }) => e);
    expect((missing as { code: number }).code).toBe(1);
  });
});
