import { createTestApp, expectError, TestApp } from './support/test-app';

describe('health, docs and the error shape', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers /health/live without a token', async () => {
    const res = await t.http().get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers /health/ready 200 when PostgreSQL and Redis both answer', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    // No worker runs here, so its job schedulers are missing: still 200, "degraded" (faults-redis.e2e-spec.ts).
    expect(res.body).toMatchObject({ status: 'degraded', info: { postgres: { status: 'up' }, redis: { status: 'up' }, schedules: { status: 'degraded' } } });
  });

  it('serves the OpenAPI 3 description with bearer auth and the login route', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(res.body.paths['/api/v1/auth/login']?.post).toBeDefined();
    expect(res.body.paths['/api/v1/auth/login'].post['x-public']).toBe(true);
    expect(res.body.paths['/health/ready'].get['x-public']).toBe(true);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await t.http().get('/docs').redirects(1).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/swagger-ui/i);
  });

  it('answers an unknown route with 404 in the error shape, and no route leaks a stack', async () => {
    const res = await t.http().get('/api/v1/no-such-route').set('X-Request-Id', 'trace-404');
    expectError(res, 404, 'NOT_FOUND');
    expect(res.body.requestId).toBe('trace-404');
    expect(res.headers['x-request-id']).toBe('trace-404');
    expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+ \(|node_modules|\.js:\d+/);
    expectError(await t.http().post('/nope').send({}), 404, 'NOT_FOUND');
  });

  it('answers a refused body with the error shape and a request id', async () => {
    const bad = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').set('X-Request-Id', 'trace-json').send('{"email":');
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.requestId).toBe('trace-json');
    expect(JSON.stringify(bad.body)).not.toMatch(/\bat \S+ \(|node_modules|SyntaxError/);
    const big = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ email: 'x'.repeat(1_100_000) }));
    expectError(big, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('readiness with Redis down', () => {
  let t: TestApp;
  // Port 1 on loopback: nothing listens there, so every connection is refused at once.
  beforeAll(async () => (t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' })));
  afterAll(() => t.close());

  it('still starts and is live', async () => {
    await t.http().get('/health/live').expect(200);
  });

  it('answers /health/ready 503 UNAVAILABLE naming redis, and only redis', async () => {
    const res = await t.http().get('/health/ready');
    expectError(res, 503, 'UNAVAILABLE');
    expect(res.body.message).toMatch(/redis/);
    expect(res.body.details).toEqual([{ field: 'redis', message: expect.any(String) }]);
    // Nothing of the internals: no host, port or driver message.
    expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });

  it('answers a job request 503 within seconds instead of hanging', async () => {
    const started = Date.now();
    const res = await t.http().post('/api/v1/jobs/missing-risk-assessments').set('Authorization', `Bearer ${t.adminToken}`).send({});
    expectError(res, 503, 'UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(10000);
  });
});
