import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DomainError, JobName, QueueName } from '@asb/core';
import { ImportRunPayload } from './import.jobs';

const QUEUE_ADD_TIMEOUT_MS = 3000;
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
    const add = this.queue.add(JobName.ImportRun, { importId } satisfies ImportRunPayload, {
      jobId: `import.${importId}`,
      attempts: IMPORT_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { age: 7 * 86400 },
      removeOnFail: { age: 30 * 86400 },
    });
    add.catch(() => undefined);
    // BullMQ waits for Redis to come back; the uploader should not.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), QUEUE_ADD_TIMEOUT_MS);
    });
    try {
      await Promise.race([add, timeout]);
    } catch {
      throw new DomainError('UNAVAILABLE', 'The job queue (Redis) is not reachable; send the file again shortly');
    } finally {
      clearTimeout(timer);
    }
  }
}
