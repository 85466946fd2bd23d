import { JobName, JOBS_BY_QUEUE, QueueName } from '@asb/core/jobs/queues';
import { assertJobsHandled } from './job-handlers';

const handler = async () => undefined;
const all = Object.fromEntries(JOBS_BY_QUEUE[QueueName.Notifications].map((name) => [name, handler]));
const allBut = (name: JobName) => Object.fromEntries(Object.entries(all).filter(([n]) => n !== name));

describe('assertJobsHandled', () => {
  it('accepts a queue whose every job has a handler', () => {
    expect(() => assertJobsHandled(QueueName.Notifications, all)).not.toThrow();
  });

  it('refuses a queue with a job that has no handler, naming the job', () => {
    expect(() => assertJobsHandled(QueueName.Notifications, allBut(JobName.Heartbeat))).toThrow('Queue "notifications": job "heartbeat" has no handler');
  });

  it('refuses a handler for a job the queue does not carry', () => {
    const handlers = { ...all, 'not-a-job': handler } as never;
    expect(() => assertJobsHandled(QueueName.Notifications, handlers)).toThrow('a handler is for job "not-a-job"');
  });

  it('checks each queue against its own jobs: the imports queue has its run handler, and none of the notifications', () => {
    expect(() => assertJobsHandled(QueueName.Imports, { [JobName.ImportRun]: handler })).not.toThrow();
    expect(() => assertJobsHandled(QueueName.Imports, { ...all, [JobName.ImportRun]: handler })).toThrow('a handler is for job "heartbeat"');
    expect(() => assertJobsHandled(QueueName.Imports, {})).toThrow('Queue "imports": job "imports.run" has no handler');
  });

  it('refuses a queue JOBS_BY_QUEUE does not know', () => {
    expect(() => assertJobsHandled('nope' as QueueName, {})).toThrow('Queue "nope" is not in JOBS_BY_QUEUE');
  });
});
