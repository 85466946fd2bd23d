import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DomainError, enqueueOrUnavailable, JobName, QueueName, queueConnected } from '@asb/core';
import { ImportRunPayload } from './import.jobs';

const UNREACHABLE = 'The job queue (Redis) is not reachable; send the file again shortly';
export const IMPORT_JOB_ATTEMPTS = 5;

/** Every job of the imports queue is added here. */
@Injectable()
export class ImportJobs {
  constructor(@InjectQueue(QueueName.Imports) private readonly queue: Queue) {}

  /**
   * One job per import (its id de-duplicates). A job that fails (the database
   * gone, the worker stopped) is retried and resumes at the first line still
   * pending; the last attempt fails what is left rather than leave the
   * import running for ever.
   */
  async run(importId: string): Promise<void> {
    await enqueueOrUnavailable(
      this.queue,
      () =>
        this.queue.add(JobName.ImportRun, { importId } satisfies ImportRunPayload, {
          jobId: `import.${importId}`,
          attempts: IMPORT_JOB_ATTEMPTS,
          backoff: { type: 'exponential', delay: 10_000 },
          removeOnComplete: { age: 7 * 86400 },
          removeOnFail: { age: 30 * 86400 },
        }),
      UNREACHABLE,
    );
  }

  /** 503 before anything of a file is stored, while Redis is known to be away. */
  assertReachable(): void {
    if (!queueConnected(this.queue)) throw new DomainError('UNAVAILABLE', UNREACHABLE);
  }
}
