import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { Clock, JobName, QueueName } from '@asb/core';
import {
  DailyReviewReminders,
  MissingRaNpaPayload,
  MissingRaWeeklyPayload,
  ReviewReminderUserPayload,
  ReviewRemindersDailyPayload,
  WeeklyMissingRiskAssessments,
} from '@asb/notifications';
import { heartbeat } from './jobs/heartbeat.job';
import { assertJobsHandled, dispatchJob, JobHandlers } from './jobs/job-handlers';

/** The notifications queue's processor: one handler per job name of the queue. */
@Processor(QueueName.Notifications)
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  private readonly handlers: JobHandlers = {
    [JobName.Heartbeat]: async () => heartbeat(this.clock.now()),
    [JobName.MissingRaWeekly]: async (job) => this.missingRa.fanOut(job.data as MissingRaWeeklyPayload),
    [JobName.MissingRaNpa]: async (job) => this.missingRa.sendToNpa(job.data as MissingRaNpaPayload),
    [JobName.ReviewRemindersDaily]: async (job) => this.reviewReminders.fanOut(job.data as ReviewRemindersDailyPayload),
    [JobName.ReviewReminderUser]: async (job) => this.reviewReminders.sendToUser(job.data as ReviewReminderUserPayload),
  };

  constructor(
    private readonly clock: Clock,
    private readonly missingRa: WeeklyMissingRiskAssessments,
    private readonly reviewReminders: DailyReviewReminders,
  ) {
    super();
    // In the constructor, so a missing handler stops the worker before BullMQ takes any job.
    assertJobsHandled(QueueName.Notifications, this.handlers);
  }

  async process(job: Job): Promise<unknown> {
    return dispatchJob(QueueName.Notifications, this.handlers, job, this.logger);
  }
}
