import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig, enqueueOrUnavailable, JobName, QueueName, SchedulerId } from '@asb/core';
import { MissingRaNpaPayload, MissingRaWeeklyPayload } from './missing-risk-assessments/missing-risk-assessments.jobs';
import { ReviewReminderUserPayload, ReviewRemindersDailyPayload } from './review-reminders/review-reminders.jobs';

export const WEEKLY_MISSING_RA_SCHEDULER = SchedulerId.WeeklyMissingRiskAssessments;
export const DAILY_REVIEW_REMINDERS_SCHEDULER = SchedulerId.DailyReviewReminders;

/** Every job of the notifications queue is added here: typed payloads, job ids that de-duplicate. */
@Injectable()
export class NotificationJobs {
  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The schedule of DOMAIN.md section 11: MISSING_RA_CRON in SCHEDULE_TZ (Mondays 07:00 London). */
  async scheduleWeeklyMissingRiskAssessments(): Promise<void> {
    await this.queue.upsertJobScheduler(
      WEEKLY_MISSING_RA_SCHEDULER,
      { pattern: this.config.schedules.missingRiskAssessmentsCron, tz: this.config.schedules.timeZone },
      { name: JobName.MissingRaWeekly, data: {} satisfies MissingRaWeeklyPayload, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } } },
    );
  }

  /** The daily review reminder: REVIEW_REMINDER_CRON in SCHEDULE_TZ (every day 07:00 London). */
  async scheduleDailyReviewReminders(): Promise<void> {
    await this.queue.upsertJobScheduler(
      DAILY_REVIEW_REMINDERS_SCHEDULER,
      { pattern: this.config.schedules.reviewRemindersCron, tz: this.config.schedules.timeZone },
      { name: JobName.ReviewRemindersDaily, data: {} satisfies ReviewRemindersDailyPayload, opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } } },
    );
  }

  /** An admin's "run it now". */
  async runWeeklyMissingRiskAssessments(payload: MissingRaWeeklyPayload): Promise<string> {
    return this.addNow(JobName.MissingRaWeekly, payload, `missing-ra-run.${randomUUID()}`);
  }

  /** An admin's "send today's review reminders now". */
  async runDailyReviewReminders(payload: ReviewRemindersDailyPayload): Promise<string> {
    return this.addNow(JobName.ReviewRemindersDaily, payload, `review-reminders-run.${randomUUID()}`);
  }

  /** 503 at once while Redis is away, and then nothing runs later (jobs/producer-redis.ts). */
  private async addNow(name: JobName, data: object, jobId: string): Promise<string> {
    const job = await enqueueOrUnavailable(
      this.queue,
      () => this.queue.add(name, data, { jobId, attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 1000, removeOnFail: 1000 }),
      'The job queue (Redis) is not reachable; try again shortly',
    );
    return job.id!;
  }

  /**
   * A job that sends one e-mail: its id makes a second add of the same send a
   * no-op (a forced resend gets an id of its own), and a failed send is tried
   * 12 times in all, with exponential backoff from MAIL_RETRY_DELAY_MS.
   */
  private mailJobOptions(jobId: string, force: boolean | undefined) {
    return {
      jobId: force ? `${jobId}.force.${randomUUID()}` : jobId,
      attempts: 12,
      backoff: { type: 'exponential', delay: this.config.mail.retryDelayMs },
      removeOnComplete: { age: 14 * 86400 },
      removeOnFail: { age: 30 * 86400 },
    };
  }

  async sendMissingRiskAssessmentsToNpas(payloads: MissingRaNpaPayload[]): Promise<void> {
    if (payloads.length === 0) return;
    await this.queue.addBulk(
      payloads.map((p) => ({
        name: JobName.MissingRaNpa,
        data: p,
        // One job per NPA per week; a forced resend gets an id of its own.
        opts: this.mailJobOptions(`missing-ra.${p.npaCode}.${p.weekOf}`, p.force),
      })),
    );
  }

  async sendReviewRemindersToUsers(payloads: ReviewReminderUserPayload[]): Promise<void> {
    if (payloads.length === 0) return;
    await this.queue.addBulk(
      payloads.map((p) => ({
        name: JobName.ReviewReminderUser,
        data: p,
        // One job per person per day; a forced resend gets an id of its own.
        opts: this.mailJobOptions(`review-reminder.${p.userId}.${p.day}`, p.force),
      })),
    );
  }
}
