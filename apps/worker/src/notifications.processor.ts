import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobName, QueueName } from '@asb/core';

/** The notifications queue's processor; each job name has one handler. */
@Processor(QueueName.Notifications)
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  async process(job: Job): Promise<unknown> {
    const started = Date.now();
    this.logger.log({ job: job.name, jobId: job.id }, 'job started');
    try {
      switch (job.name as JobName) {
        case JobName.Heartbeat:
          return { at: new Date().toISOString() };
        default:
          throw new Error(`No handler for job ${job.name}`);
      }
    } finally {
      this.logger.log({ job: job.name, jobId: job.id, ms: Date.now() - started }, 'job finished');
    }
  }
}
