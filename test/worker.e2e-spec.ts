import { ChildProcess } from 'node:child_process';
import { Queue, QueueEvents } from 'bullmq';
import { bullConnection, JobName, QueueName } from '@asb/core/jobs/queues';
import { createTestApp, TestApp } from './support/test-app';

describe('worker', () => {
  let t: TestApp;
  let worker: ChildProcess;
  let queue: Queue;
  let events: QueueEvents;

  beforeAll(async () => {
    t = await createTestApp();
    const { prefix, connection } = bullConnection(t.env.REDIS_URL, t.env.QUEUE_PREFIX);
    queue = new Queue(QueueName.Notifications, { prefix, connection });
    events = new QueueEvents(QueueName.Notifications, { prefix, connection });
    await events.waitUntilReady();
    worker = await t.startWorker();
  });

  afterAll(async () => {
    await events?.close();
    await t.close(); // stops the worker first, so nothing writes to the queue while it is removed
    await queue?.obliterate({ force: true });
    await queue?.close();
  });

  it('takes a heartbeat job from the notifications queue under the deployment prefix and completes it', async () => {
    const before = Date.now();
    const job = await queue.add(JobName.Heartbeat, {});
    const result = (await job.waitUntilFinished(events, 20000)) as { at: string };
    expect(Date.parse(result.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(await job.getState()).toBe('completed');
    expect(worker.exitCode).toBeNull();
  });

  it('fails a job whose name no handler knows, and keeps running', async () => {
    const job = await queue.add('no-such-job', {}, { attempts: 1 });
    await expect(job.waitUntilFinished(events, 20000)).rejects.toThrow('No handler for job "no-such-job"');
    expect(worker.exitCode).toBeNull();
    const ok = await queue.add(JobName.Heartbeat, {});
    await expect(ok.waitUntilFinished(events, 20000)).resolves.toHaveProperty('at');
  });

  it('takes nothing from another deployment sharing the Redis', async () => {
    const { connection } = bullConnection(t.env.REDIS_URL, t.env.QUEUE_PREFIX);
    const other = new Queue(QueueName.Notifications, { prefix: `${t.env.QUEUE_PREFIX}-other`, connection });
    try {
      const job = await other.add(JobName.Heartbeat, {});
      // Our worker has taken our jobs within this time in the tests above; the other prefix's job must stay waiting.
      await new Promise((r) => setTimeout(r, 1000));
      expect(await job.getState()).toBe('waiting');
    } finally {
      await other.obliterate({ force: true });
      await other.close();
    }
  });
});
