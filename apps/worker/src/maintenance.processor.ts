import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { JobName, QueueName } from '@asb/core';
import { ComplianceTallies } from '@asb/reports';
import { assertJobsHandled, dispatchJob, JobHandlers } from './jobs/job-handlers';

/** The maintenance queue's processor: one handler per job name of the queue. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  private readonly handlers: JobHandlers = {
    [JobName.ComplianceTalliesCompact]: async () => this.tallies.compact(),
  };

  constructor(private readonly tallies: ComplianceTallies) {
    super();
    // In the constructor, so a missing handler stops the worker before BullMQ takes any job.
    assertJobsHandled(QueueName.Maintenance, this.handlers);
  }

  async process(job: Job): Promise<unknown> {
    return dispatchJob(QueueName.Maintenance, this.handlers, job, this.logger);
  }
}
