import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobName, QueueName } from '@asb/core';
import { IMPORT_JOB_ATTEMPTS, ImportRunner, ImportRunPayload } from '@asb/imports';
import { assertJobsHandled, dispatchJob, JobHandlers } from './jobs/job-handlers';

/** Imports running at once per worker: each is one line at a time, so two keep one large file from holding up every other. */
const IMPORT_CONCURRENCY = 2;

/** The imports queue's processor: one handler per job name of the queue. */
@Processor(QueueName.Imports, { concurrency: IMPORT_CONCURRENCY })
export class ImportsProcessor extends WorkerHost {
  private readonly logger = new Logger(ImportsProcessor.name);

  private readonly handlers: JobHandlers = {
    [JobName.ImportRun]: async (job) => {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? IMPORT_JOB_ATTEMPTS);
      return this.runner.run((job.data as ImportRunPayload).importId, { lastAttempt });
    },
  };

  constructor(private readonly runner: ImportRunner) {
    super();
    // In the constructor, so a missing handler stops the worker before BullMQ takes any job.
    assertJobsHandled(QueueName.Imports, this.handlers);
  }

  async process(job: Job): Promise<unknown> {
    return dispatchJob(QueueName.Imports, this.handlers, job, this.logger);
  }
}
