import { createTestApp, expectError, TestApp } from './support/test-app';

/** Progressive lock-out (libs/core/src/auth/lockout.ts), with the rate limits off so only the lock-out answers. */
describe('lock-out after repeated wrong passwords', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const login = (email: string, password: string) => t.http().post('/api/v1/auth/login').send({ email, password });
  const audit = async (userId: string) =>
    (await t.db.query(`SELECT action, actor_kind, actor_id, details FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 AND action IN ('sign_in_failed', 'lock') ORDER BY id`, [userId])).rows;

  it('locks an account for a minute at the 10th wrong password in a row, audits each failure and the lock, doubles the next lock, and a right password resets it', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    for (let i = 0; i < 9; i++) expectError(await login(u.email, 'wrong-password-123'), 401, 'UNAUTHENTICATED');
    const locking = await login(u.email, 'wrong-password-123');
    expectError(locking, 429, 'RATE_LIMITED');
    expect(Number(locking.headers['retry-after'])).toBe(60);

    // Locked: even the right password is refused, and nothing more is counted.
    const locked = await login(u.email, 'test-password-123');
    expectError(locked, 429, 'RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(58);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);

    const rows = await audit(u.id);
    expect(rows.filter((r) => r.action === 'sign_in_failed')).toHaveLength(10);
    expect(rows.filter((r) => r.action === 'sign_in_failed').map((r) => r.details.consecutiveFailures)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows.filter((r) => r.action === 'lock')).toEqual([expect.objectContaining({ actor_kind: 'user', actor_id: u.id, details: expect.objectContaining({ seconds: 60, consecutiveFailures: 10 }) })]);
    expect(JSON.stringify(rows)).not.toContain('wrong-password-123');
    const { rows: [state] } = await t.db.query(`SELECT failed_sign_ins, locked_until > now() AS locked FROM users WHERE id = $1`, [u.id]);
    expect(state).toEqual({ failed_sign_ins: 10, locked: true });

    // The minute passes (the lock is kept in PostgreSQL): one more wrong password locks it for two.
    await t.db.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [u.id]);
    const again = await login(u.email, 'wrong-password-123');
    expectError(again, 429, 'RATE_LIMITED');
    expect(Number(again.headers['retry-after'])).toBe(120);
    expect((await audit(u.id)).filter((r) => r.action === 'lock').map((r) => r.details.seconds)).toEqual([60, 120]);

    // Once that has passed, the right password signs in and starts the count afresh.
    await t.db.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [u.id]);
    await login(u.email, 'test-password-123').expect(200);
    const { rows: [after] } = await t.db.query(`SELECT failed_sign_ins, locked_until FROM users WHERE id = $1`, [u.id]);
    expect(after).toEqual({ failed_sign_ins: 0, locked_until: null });
    expectError(await login(u.email, 'wrong-password-123'), 401, 'UNAUTHENTICATED');
  });

  it('answers an e-mail with no account exactly as an account, so the lock-out does not tell which e-mails exist', async () => {
    const email = `nobody.${Date.now()}@example.org`;
    for (let i = 0; i < 9; i++) expectError(await login(email, 'wrong-password-123'), 401, 'UNAUTHENTICATED');
    const locking = await login(email, 'wrong-password-123');
    expectError(locking, 429, 'RATE_LIMITED');
    expect(Number(locking.headers['retry-after'])).toBe(60);
    expect(locking.body.message).toBe((await login(email, 'wrong-password-123')).body.message);
  });

  it('lifts a lock when an admin resets the password', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    for (let i = 0; i < 10; i++) await login(u.email, 'wrong-password-123');
    expectError(await login(u.email, 'test-password-123'), 429, 'RATE_LIMITED');
    const reset = await t.http().post(`/api/v1/users/${u.id}/password-reset`).set('Authorization', `Bearer ${t.adminToken}`).expect(200);
    await login(u.email, reset.body.temporaryPassword).expect(200);
  });
});
