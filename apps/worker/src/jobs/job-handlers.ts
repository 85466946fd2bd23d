import type { Job } from 'bullmq';
// Deep import, no Nest: this file is unit-tested.
import { JobName, JOBS_BY_QUEUE, QueueName } from '@asb/core/jobs/queues';

/** Runs one job; what it returns is stored as the job's result. */
export type JobHandler = (job: Job) => Promise<unknown>;

/** A queue processor's handlers, one per job name of its queue (JOBS_BY_QUEUE). */
export type JobHandlers = Partial<Record<JobName, JobHandler>>;

/**
 * Start-up check (STYLE.md "Jobs"): every job name JOBS_BY_QUEUE lists for the
 * queue has a handler, and no handler is for a job the queue does not carry.
 * Throws naming each one, so the worker refuses to start rather than failing
 * jobs later.
 */
export function assertJobsHandled(queue: QueueName, handlers: JobHandlers): void {
  const expected = JOBS_BY_QUEUE[queue];
  if (!expected) throw new Error(`Queue "${queue}" is not in JOBS_BY_QUEUE`);
  const handled = Object.keys(handlers).filter((name) => typeof handlers[name as JobName] === 'function');
  const missing = expected.filter((name) => !handled.includes(name));
  const unknown = handled.filter((name) => !expected.includes(name as JobName));
  const problems = [
    ...missing.map((name) => `job "${name}" has no handler`),
    ...unknown.map((name) => `a handler is for job "${name}", which JOBS_BY_QUEUE does not list`),
  ];
  if (problems.length) throw new Error(`Queue "${queue}": ${problems.join('; ')}`);
}

/** What dispatchJob logs to (a Nest Logger fits). */
export interface JobLog {
  log(message: unknown, context?: string): void;
}

/**
 * Runs a job with its queue's handler, logging its start and its duration.
 * A job name without a handler fails the job (assertJobsHandled makes that a
 * start-up error, so this is only a guard).
 */
export async function dispatchJob(queue: QueueName, handlers: JobHandlers, job: Job, log: JobLog): Promise<unknown> {
  const handler = handlers[job.name as JobName];
  if (!handler) throw new Error(`No handler for job "${job.name}" on queue "${queue}"`);
  const started = Date.now();
  log.log({ job: job.name, jobId: job.id }, 'job started');
  try {
    return await handler(job);
  } finally {
    log.log({ job: job.name, jobId: job.id, ms: Date.now() - started }, 'job finished');
  }
}
