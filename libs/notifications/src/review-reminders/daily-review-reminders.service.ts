import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, Clock } from '@asb/core';
import { MailService } from '../mail/mail.service';
import { NotificationJobs } from '../notification-jobs.producer';
import { composeReviewReminderEmail } from './review-reminder-email';
import { ReviewReminderUserPayload, ReviewReminderUserResult, ReviewRemindersDailyPayload } from './review-reminders.jobs';
import { ReviewRemindersRepository } from './review-reminders.repository';
import { dueSoonHorizon, reminderDay } from './rules/review-reminder';
import { isEmpty, reminderSections } from './rules/review-reminder-sections';

/**
 * The daily supervisory-review reminder (DOMAIN.md section 7): each active
 * officer in charge hears of their open cases whose review is overdue or due
 * within REVIEW_REMINDER_DAYS_AHEAD days, and each active supervisor of their
 * organisation's overdue cases, in one e-mail per person per day at most,
 * unless an admin forces a resend.
 */
@Injectable()
export class DailyReviewReminders {
  private readonly logger = new Logger(DailyReviewReminders.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reminders: ReviewRemindersRepository,
    private readonly mail: MailService,
    private readonly jobs: NotificationJobs,
  ) {}

  /** The daily run: one send job per person with anything to hear about. */
  async fanOut(payload: ReviewRemindersDailyPayload): Promise<{ day: string; recipients: number; ownCases: number; organisationCases: number }> {
    const now = this.clock.now();
    const day = payload.day ?? reminderDay(now, this.config.schedules.timeZone);
    const counts = await this.reminders.countByRecipient(this.db.manager, { now, horizon: dueSoonHorizon(now, this.config.policy.reviewReminderDaysAhead) });
    await this.jobs.sendReviewRemindersToUsers(counts.map((c) => ({ userId: c.userId, day, force: payload.force === true })));
    const result = {
      day,
      recipients: counts.length,
      ownCases: counts.reduce((n, c) => n + c.ownCases, 0),
      organisationCases: counts.reduce((n, c) => n + c.organisationCases, 0),
    };
    this.logger.log(result, 'daily review reminders fanned out');
    return result;
  }

  /**
   * One person's e-mail. The (user, day) row of the delivery log is written in
   * the same transaction as the send, under an advisory lock: a retry or a
   * second run finds it and sends nothing; a failed send rolls back and the
   * job is retried with backoff. The rows are read at send time, so a case
   * reviewed since the run began is not listed.
   */
  async sendToUser(p: ReviewReminderUserPayload): Promise<ReviewReminderUserResult> {
    return this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('review-reminder:' || $1 || ':' || $2))`, [p.userId, p.day]);
      const sent = await em.query(`SELECT 1 FROM review_reminder_deliveries WHERE user_id = $1 AND day = $2`, [p.userId, p.day]);
      if (sent.length && !p.force) return { status: 'already_sent' };
      const user = await this.reminders.findRecipient(em, p.userId);
      if (!user?.active) return { status: 'inactive' };

      const now = this.clock.now();
      const daysAhead = this.config.policy.reviewReminderDaysAhead;
      const rows = await this.reminders.findRows(em, { now, horizon: dueSoonHorizon(now, daysAhead), userId: p.userId });
      const timeZone = this.config.schedules.timeZone;
      const sections = reminderSections(rows, now, daysAhead, timeZone);
      if (isEmpty(sections)) return { status: 'nothing_due' };

      const email = composeReviewReminderEmail({ name: user.name }, { name: user.organisationName }, { day: p.day, daysAhead, timeZone }, sections);
      const { messageId } = await this.mail.send({
        to: [user.email],
        subject: email.subject,
        text: email.text,
        html: email.html,
        attachments: [{ filename: email.csvFilename, content: email.csv, contentType: 'text/csv' }],
      });
      const own = sections.own.map((c) => c.caseId);
      const organisation = sections.organisation.map((c) => c.caseId);
      await em.query(
        `INSERT INTO review_reminder_deliveries (user_id, day, recipient, own_case_ids, organisation_case_ids, message_id, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (user_id, day) DO UPDATE SET recipient = EXCLUDED.recipient, own_case_ids = EXCLUDED.own_case_ids,
           organisation_case_ids = EXCLUDED.organisation_case_ids, message_id = EXCLUDED.message_id, sent_at = EXCLUDED.sent_at,
           send_count = review_reminder_deliveries.send_count + 1`,
        [p.userId, p.day, user.email, own, organisation, messageId, now],
      );
      return { status: 'sent', ownCases: own.length, organisationCases: organisation.length, messageId };
    });
  }
}
