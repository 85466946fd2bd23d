import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { SERVER_URL } from './support/databases';
import { TcpProxy } from './support/tcp-proxy';
import { createTestApp, expectError, outputOf, TestApp, TestUser } from './support/test-app';
import { eventually, sleep } from './support/eventually';

// PostgreSQL is taken away from the service by a TCP proxy of the test's own (support/tcp-proxy.ts):
// the shared server is never stopped. The test's own fixtures connect to it directly.



describe('PostgreSQL away: 503 UNAVAILABLE with Retry-After, never 401 or 500, and back without a restart', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let caseworker: TestUser;
  let worker: ChildProcess;
  let personId: string;

  beforeAll(async () => {
    const direct = new URL(SERVER_URL);
    proxy = new TcpProxy(direct.hostname, Number(direct.port || 5432));
    await proxy.start();
    t = await createTestApp({ LOG_LEVEL: 'info' }, {
      serviceDatabaseUrl: (url) => {
        const u = new URL(url);
        u.host = `127.0.0.1:${proxy.port}`;
        return u.toString();
      },
    });
    worker = await t.startWorker();
    caseworker = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    const person = await t.http().post('/api/v1/people').set('Authorization', `Bearer ${caseworker.token}`).send({ kind: 'person', firstName: 'Proxy', lastName: 'Person' });
    expect(person.status).toBe(201);
    personId = person.body.id;
  });

  afterAll(async () => {
    await proxy?.restore();
    await t?.close();
    await proxy?.close();
  });

  const as = (req: request.Test) => req.set('Authorization', `Bearer ${caseworker.token}`);
  const calls: [string, () => request.Test][] = [
    ['GET /cases', () => as(t.http().get('/api/v1/cases'))],
    ['GET /people/{id}', () => as(t.http().get(`/api/v1/people/${personId}`))],
    ['POST /people', () => as(t.http().post('/api/v1/people')).send({ kind: 'person', firstName: 'Write', lastName: `During${randomUUID().slice(0, 6)}` })],
    ['PATCH /people/{id}', () => as(t.http().patch(`/api/v1/people/${personId}`)).send({ firstName: 'Renamed' })],
    ['GET /reports/compliance', () => as(t.http().get('/api/v1/reports/compliance'))],
    ['POST /auth/login', () => t.http().post('/api/v1/auth/login').send({ email: caseworker.email, password: 'test-password-123' })],
  ];

  it('answers every request that needs the database 503 with Retry-After while it is away, then 200 with the same token', async () => {
    await as(t.http().get('/api/v1/cases')).expect(200);
    const apiBefore = t.apiOutput().length;
    const workerBefore = outputOf(worker).length;

    await proxy.cut();
    const seen: Record<string, number[]> = {};
    // Several rounds: the first meets connections just destroyed, the later ones connections refused.
    for (let round = 0; round < 3; round++) {
      for (const [name, call] of calls) {
        const res = await call();
        (seen[name] ??= []).push(res.status);
        expectError(res, 503, 'UNAVAILABLE');
        expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
        expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\bat \S+ \(/);
      }
      await sleep(300);
    }
    expect(Object.values(seen).flat().filter((s) => s === 401 || s === 500)).toEqual([]);
    // Readiness names postgres; liveness is unaffected.
    const ready = await t.http().get('/health/ready');
    expectError(ready, 503, 'UNAVAILABLE');
    expect(ready.body.details).toEqual([{ field: 'postgres', message: expect.any(String) }]);
    await t.http().get('/health/live').expect(200);

    await proxy.restore();
    // The service reconnects by itself; the token issued before the outage is still good.
    await eventually(() => as(t.http().get('/api/v1/cases')), (r) => r.status === 200, 'GET /cases with the same token');
    const got = await as(t.http().get(`/api/v1/people/${personId}`)).expect(200);
    expect(got.body.id).toBe(personId);
    await as(t.http().patch(`/api/v1/people/${personId}`)).send({ firstName: 'Renamed' }).expect(200);
    // Nothing of the writes refused with 503 was stored.
    expect((await t.db.query(`SELECT count(*)::int AS n FROM people WHERE last_name LIKE 'During%'`)).rows[0].n).toBe(0);

    // The log says it once each way, not once per request, and no stack traces; no "Unhandled error" (a 500).
    const apiLog = await eventually(async () => t.apiOutput().slice(apiBefore), (s) => /PostgreSQL is reachable again/.test(s), 'the API says PostgreSQL is back', 15000);
    expect(apiLog.match(/PostgreSQL is not reachable/g)).toHaveLength(1);
    expect(apiLog.match(/PostgreSQL is reachable again/g)).toHaveLength(1);
    expect(apiLog).not.toMatch(/Unhandled error|\n\s+at \S+/);
    // Each refused request is one line (statusCode 503), without a stack trace of its own.
    expect(apiLog.match(/"statusCode":503/g)?.length).toBeGreaterThanOrEqual(calls.length * 3);
    expect(apiLog).not.toMatch(/"stack"/);
    // The worker's compaction job every minute may or may not have met the outage; if it did, it said so once.
    const workerLog = outputOf(worker).slice(workerBefore);
    expect((workerLog.match(/PostgreSQL is not reachable/g) ?? []).length).toBeLessThanOrEqual(1);
    expect(workerLog).not.toMatch(/\n\s+at \S+/);
    expect(worker.exitCode).toBeNull();
  });
});
