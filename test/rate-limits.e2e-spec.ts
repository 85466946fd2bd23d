import request from 'supertest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './support/databases';
import { PrivateRedis } from './support/private-redis';
import { createTestApp, expectError, TestApp } from './support/test-app';
import { eventually } from './support/eventually';

/** Each test signs in from addresses of its own (X-Forwarded-For, trusted from the loopback proxy), so the limits of one do not spill into another. */
let nextAddress = 1;
const address = () => `198.51.100.${nextAddress++}`;

function expectRateLimited(res: request.Response) {
  expectError(res, 429, 'RATE_LIMITED');
  const wait = Number(res.headers['retry-after']);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(60);
}

describe('rate limits (kept in Redis)', () => {
  let t: TestApp;
  const login = (email: string, password: string, from = address(), base?: string) =>
    (base ? request(base) : t.http()).post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });
  const token = (clientId: string, secret: string, from = address(), base?: string) =>
    (base ? request(base) : t.http()).post('/api/v1/auth/token').set('X-Forwarded-For', from).send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });

  beforeAll(async () => {
    t = await createTestApp({ SIGN_IN_LIMIT_PER_ACCOUNT: '5', SIGN_IN_LIMIT_PER_ADDRESS: '8', API_LIMIT_PER_CALLER: '6' });
  });
  afterAll(() => t.close());

  it('answers the 6th wrong password for one account in a minute with 429 and Retry-After, whatever the address', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    for (let i = 0; i < 5; i++) expectError(await login(u.email, 'wrong-password-123'), 401, 'UNAUTHENTICATED');
    expectRateLimited(await login(u.email, 'wrong-password-123'));
    // The right password too, from anywhere, until the minute has passed: the limit is the account's.
    expectRateLimited(await login(u.email.toUpperCase(), 'test-password-123'));
    // Another account is not affected.
    const other = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    await login(other.email, 'test-password-123').expect(200);
  });

  it('counts only the wrong attempts: signing in rightly again and again is not refused', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    for (let i = 0; i < 8; i++) await login(u.email, 'test-password-123').expect(200);
  });

  it('limits the attempts from one source address across accounts', async () => {
    const from = address();
    for (let i = 0; i < 8; i++) expectError(await login(`nobody${i}@example.org`, 'wrong-password-123', from), 401, 'UNAUTHENTICATED');
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    expectRateLimited(await login(u.email, 'test-password-123', from));
    // The same account from another address is fine.
    await login(u.email, 'test-password-123').expect(200);
  });

  it('limits the token endpoint per client id and per address', async () => {
    const made = await t.http().post('/api/v1/api-clients').set('Authorization', `Bearer ${t.adminToken}`).send({ name: 'Limited', organisationId: t.orgs['LEICS-POLICE'] }).expect(201);
    for (let i = 0; i < 5; i++) {
      const res = await token(made.body.clientId, 'wrong-secret');
      expectError(res, 401, 'UNAUTHENTICATED');
      expect(res.body.error).toBe('invalid_client');
    }
    expectRateLimited(await token(made.body.clientId, made.body.clientSecret));

    const from = address();
    for (let i = 0; i < 8; i++) expectError(await token(`asb_unknown_${i}`, 'wrong-secret', from), 401, 'UNAUTHENTICATED');
    const other = await t.http().post('/api/v1/api-clients').set('Authorization', `Bearer ${t.adminToken}`).send({ name: 'Other', organisationId: t.orgs['LEICS-POLICE'] }).expect(201);
    expectRateLimited(await token(other.body.clientId, other.body.clientSecret, from));
    await token(other.body.clientId, other.body.clientSecret).expect(200);
  });

  it('holds across two API processes sharing Redis', async () => {
    const second = await t.startApi();
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    for (let i = 0; i < 5; i++) expectError(await login(u.email, 'wrong-password-123', address(), i % 2 ? second : undefined), 401, 'UNAUTHENTICATED');
    expectRateLimited(await login(u.email, 'wrong-password-123', address(), second));
    expectRateLimited(await login(u.email, 'wrong-password-123'));

    const from = address();
    for (let i = 0; i < 8; i++) expectError(await login(`nobody.else${i}@example.org`, 'wrong-password-123', from, i < 4 ? second : undefined), 401, 'UNAUTHENTICATED');
    expectRateLimited(await login(ADMIN_EMAIL, ADMIN_PASSWORD, from, second));
  });

  it('limits the requests of one signed-in caller, and not those of another', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    for (let i = 0; i < 6; i++) await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${u.token}`).expect(200);
    expectRateLimited(await t.http().get('/api/v1/csps').set('Authorization', `Bearer ${u.token}`));
    const other = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${other.token}`).expect(200);
  });
});

describe('rate limits while Redis is away', () => {
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await createTestApp({ REDIS_URL: redis.url, SIGN_IN_LIMIT_PER_ACCOUNT: '5', SIGN_IN_LIMIT_PER_ADDRESS: '50', API_LIMIT_PER_CALLER: '4', LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('refuses sign-in and tokens with 503 and Retry-After (fails closed), keeps reads working (fails open), and recovers', async () => {
    const u = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    await redis.stop();

    const res = await t.http().post('/api/v1/auth/login').send({ email: u.email, password: 'test-password-123' });
    expectError(res, 503, 'UNAVAILABLE');
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const tok = await t.http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: 'asb_any', client_secret: 'any' });
    expectError(tok, 503, 'UNAVAILABLE');
    expect(Number(tok.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // Reads go on, each process counting the caller's requests in memory meanwhile.
    for (let i = 0; i < 4; i++) await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${u.token}`).expect(200);
    expectRateLimited(await t.http().get('/api/v1/organisations').set('Authorization', `Bearer ${u.token}`));
    for (let i = 0; i < 5; i++) expectError(await t.http().post('/api/v1/auth/login').send({ email: u.email, password: 'test-password-123' }), 503, 'UNAVAILABLE');
    // Said once in the log, not once per request.
    const said = await eventually(async () => t.apiOutput(), (out) => out.includes('Redis is not reachable'), 'the API says Redis is away');
    expect(said.split('\n').filter((line) => line.includes('Redis is not reachable'))).toHaveLength(1);

    await redis.start();
    const deadline = Date.now() + 15000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await t.http().post('/api/v1/auth/login').send({ email: u.email, password: 'test-password-123' })).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });
});
