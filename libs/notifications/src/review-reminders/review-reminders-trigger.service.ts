import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, AuditService, inTransaction } from '@asb/core';
import { NotificationJobs } from '../notification-jobs.producer';

/** An admin's "send the daily review reminders now", audited. */
@Injectable()
export class ReviewRemindersTrigger {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: NotificationJobs,
  ) {}

  async run(actor: Actor, day: string | undefined, force: boolean): Promise<string> {
    const jobId = await this.jobs.runDailyReviewReminders({ day, force });
    await inTransaction(this.db, (em) => this.audit.record(em, actor, [{ action: 'create', entityType: 'job', details: { job: 'review-reminders', day: day ?? null, force, jobId } }]));
    return jobId;
  }
}
