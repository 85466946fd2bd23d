import { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { bullConnection, JobName, QueueName, SchedulerId, SCHEDULERS } from '@asb/core/jobs/queues';
import { PrivateRedis } from './support/private-redis';
import { createTestApp, expectError, outputOf, stop, TestApp } from './support/test-app';
import { eventually, sleep } from './support/eventually';

// Every test here makes its own fault on a redis-server of its own (support/private-redis.ts), never the shared one.

const ALL_SCHEDULERS = Object.values(SchedulerId).sort();


/** A queue of the service's, read by the test on a connection of its own (closed at once, so a stopped Redis says nothing here). */
async function withQueue<T>(t: TestApp, name: QueueName, fn: (q: Queue) => Promise<T>): Promise<T> {
  const { prefix, connection } = bullConnection(t.env.REDIS_URL, t.env.QUEUE_PREFIX);
  const queue = new Queue(name, { prefix, connection: { ...connection, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null } });
  queue.on('error', () => undefined);
  try {
    await queue.waitUntilReady();
    return await fn(queue);
  } finally {
    await queue.close().catch(() => undefined);
  }
}

/** The ids of the job schedulers in Redis under the service's prefix, with the weekly one's cron pattern. */
async function schedulers(t: TestApp): Promise<{ ids: string[]; weeklyPattern?: string | null }> {
  const found = await Promise.all(
    [QueueName.Notifications, QueueName.Maintenance].map((name) => withQueue(t, name, (q) => q.getJobSchedulers(0, -1, true))),
  );
  const all = found.flat();
  return { ids: all.map((s) => s.key).sort(), weeklyPattern: all.find((s) => s.key === SchedulerId.WeeklyMissingRiskAssessments)?.pattern };
}

const allThere = (s: { ids: string[] }) => JSON.stringify(s.ids) === JSON.stringify(ALL_SCHEDULERS);

describe('Redis restarted empty: the job schedulers come back without restarting the worker', () => {
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await createTestApp({ REDIS_URL: redis.url });
  });

  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('names every scheduler in one list (SCHEDULERS), each on its queue', () => {
    expect(Object.keys(SCHEDULERS).sort()).toEqual(ALL_SCHEDULERS);
    expect(SCHEDULERS[SchedulerId.WeeklyMissingRiskAssessments]).toEqual({ queue: QueueName.Notifications, job: JobName.MissingRaWeekly });
  });

  it('declares them again as soon as the worker is reconnected to a Redis restarted empty', async () => {
    // The periodic check set far off: what brings them back here is the reconnect.
    const worker = await t.startWorker({ SCHEDULE_CHECK_SECONDS: '3600' });
    try {
      await eventually(() => schedulers(t), allThere, 'the schedulers declared at start');
      await redis.stop();
      await sleep(1500);
      await redis.start();
      const back = await eventually(() => schedulers(t), allThere, 'the schedulers declared again after the reconnect');
      expect(back.weeklyPattern).toBe('0 7 * * 1');
      expect(worker.exitCode).toBeNull();
      const health = await eventually(() => t.http().get('/health/ready'), (r) => r.status === 200 && r.body.status === 'ok', 'readiness ok');
      expect(health.body.info.schedules).toEqual({ status: 'up' });
      expect(outputOf(worker)).not.toMatch(/\n\s+at \S+/);
    } finally {
      await stop(worker);
    }
  });

  it('declares them again within SCHEDULE_CHECK_SECONDS when they vanish without a reconnect (FLUSHALL)', async () => {
    const worker = await t.startWorker({ SCHEDULE_CHECK_SECONDS: '1' });
    try {
      await eventually(() => schedulers(t), allThere, 'the schedulers declared at start');
      await redis.flushAll();
      await eventually(() => schedulers(t), allThere, 'the schedulers declared again by the periodic check');
      expect(worker.exitCode).toBeNull();
    } finally {
      await stop(worker);
    }
  });

  it('/health/ready says which schedulers are missing while the worker is stopped and Redis was emptied', async () => {
    await redis.flushAll();
    const res = await t.http().get('/health/ready');
    // Still 200: the API itself serves (a 503 would take it out of a load balancer because the worker is away).
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' }, schedules: { status: 'degraded' } });
    expect([...res.body.info.schedules.missing].sort()).toEqual(ALL_SCHEDULERS);
    expect(res.body.info.schedules.message).toMatch(/weekly-missing-risk-assessments/);
  });
});

describe('Redis away: 503 with Retry-After, and a job refused is never run', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let worker: ChildProcess;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await createTestApp({ REDIS_URL: redis.url, LOG_LEVEL: 'info' });
    worker = await t.startWorker({ LOG_LEVEL: 'info' });
    await eventually(() => schedulers(t), allThere, 'the worker started');
  });

  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const runNow = () => t.http().post('/api/v1/jobs/missing-risk-assessments').set('Authorization', `Bearer ${t.adminToken}`).send({});
  const runJobs = () =>
    withQueue(t, QueueName.Notifications, async (q) => (await q.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized'])).filter((j) => j?.id?.startsWith('missing-ra-run.')));

  it('answers 503 UNAVAILABLE with Retry-After while Redis is away, runs neither job when it is back, and recovers without a restart', async () => {
    const caseworker = await t.createUser('CHARNWOOD-BC', ['caseworker']);
    const apiBefore = t.apiOutput().length;
    const workerBefore = outputOf(worker).length;
    await redis.stop();
    // Redis seen away by the API (its connection drops at once; the first request may race it).
    await sleep(500);

    for (let i = 0; i < 2; i++) {
      const res = await runNow();
      expectError(res, 503, 'UNAVAILABLE');
      expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    }
    const upload = await t
      .http()
      .post('/api/v1/imports')
      .set('Authorization', `Bearer ${caseworker.token}`)
      .set('Content-Type', 'application/x-ndjson')
      .send('{"case":{}}\n');
    expectError(upload, 503, 'UNAVAILABLE');
    expect(upload.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    // A 503 means the file was not kept: no import waits for a run that was never queued.
    expect((await t.db.query('SELECT count(*)::int AS n FROM imports')).rows[0].n).toBe(0);
    // The rest of the API, which needs only PostgreSQL, still serves.
    await t.http().get('/api/v1/cases').set('Authorization', `Bearer ${caseworker.token}`).expect(200);

    await sleep(2500);
    await redis.start();
    // The API recovers by itself: the same request is taken once Redis answers.
    await eventually(runNow, (r) => r.status === 202, 'POST /jobs/missing-risk-assessments accepted again');
    // Anything held back during the outage would have been sent on the reconnect, before that answer; give a replay time anyway.
    await sleep(3000);
    const jobs = await runJobs();
    expect(jobs).toHaveLength(1);
    const importJobs = await withQueue(t, QueueName.Imports, (q) => q.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']));
    expect(importJobs).toHaveLength(0);
    expect((await t.db.query('SELECT count(*)::int AS n FROM imports')).rows[0].n).toBe(0);

    // The log said it once each way, in the API and in the worker, and no stack traces.
    await eventually(async () => t.apiOutput().slice(apiBefore), (s) => /Redis is reachable again/.test(s), 'the API says Redis is back', 15000);
    await eventually(async () => outputOf(worker).slice(workerBefore), (s) => /Redis is reachable again/.test(s), 'the worker says Redis is back', 15000);
    for (const [who, out] of [['api', t.apiOutput().slice(apiBefore)], ['worker', outputOf(worker).slice(workerBefore)]]) {
      expect({ who, down: out.match(/Redis is not reachable/g)?.length }).toEqual({ who, down: 1 });
      expect({ who, up: out.match(/Redis is reachable again/g)?.length }).toEqual({ who, up: 1 });
      expect({ who, stack: out.match(/\n\s+at \S+|"stack"/g)?.length ?? 0 }).toEqual({ who, stack: 0 });
      expect(out).not.toMatch(/Unhandled error event|Unhandled error/);
    }
    expect(worker.exitCode).toBeNull();
  });
});
