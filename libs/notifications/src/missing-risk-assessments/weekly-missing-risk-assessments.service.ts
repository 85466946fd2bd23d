import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, Clock } from '@asb/core';
import { MissingRiskAssessmentsRepository } from '@asb/risk';
import { MailService } from '../mail/mail.service';
import { NotificationJobs } from '../notification-jobs.producer';
import { MissingRaNpaPayload, MissingRaNpaResult, MissingRaWeeklyPayload } from './missing-risk-assessments.jobs';
import { composeMissingRiskAssessmentsEmail } from './missing-risk-assessments-email';
import { weekOf } from './week';

/**
 * DOMAIN.md section 11: every Monday each NPA's notification addresses get one
 * e-mail listing the open cases with missing or review-overdue assessments,
 * at most once per NPA per week unless an admin forces a resend.
 */
@Injectable()
export class WeeklyMissingRiskAssessments {
  private readonly logger = new Logger(WeeklyMissingRiskAssessments.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly missing: MissingRiskAssessmentsRepository,
    private readonly mail: MailService,
    private readonly jobs: NotificationJobs,
  ) {}

  /** The weekly run: stores this week's counts per NPA, then one send job per NPA with anything outstanding. */
  async fanOut(payload: MissingRaWeeklyPayload): Promise<{ weekOf: string; npas: string[] }> {
    const now = this.clock.now();
    const week = payload.weekOf ?? weekOf(now, this.config.schedules.timeZone);
    const counts = await this.db.transaction(async (em) => {
      const counts = await this.missing.countByNpa(em, now);
      if (counts.length) {
        const values: unknown[] = [week, now.toISOString()];
        const tuples = counts.map((c) => {
          values.push(c.npaCode, c.casesNonCompliant, c.missing, c.reviewOverdue);
          const n = values.length;
          return `($${n - 3}, $1::date, $${n - 2}, $${n - 1}, $${n}, $2::timestamptz)`;
        });
        await em.query(
          `INSERT INTO missing_ra_weekly_counts (npa_code, week_of, cases_non_compliant, missing, review_overdue, computed_at)
           VALUES ${tuples.join(', ')}
           ON CONFLICT (week_of, npa_code) DO UPDATE SET cases_non_compliant = EXCLUDED.cases_non_compliant,
             missing = EXCLUDED.missing, review_overdue = EXCLUDED.review_overdue, computed_at = EXCLUDED.computed_at`,
          values,
        );
      }
      return counts;
    });
    const npas = counts.filter((c) => c.missing + c.reviewOverdue > 0).map((c) => c.npaCode);
    await this.jobs.sendMissingRiskAssessmentsToNpas(npas.map((npaCode) => ({ npaCode, weekOf: week, force: payload.force === true })));
    this.logger.log({ weekOf: week, npas: npas.length }, 'weekly missing-risk-assessment run fanned out');
    return { weekOf: week, npas };
  }

  /**
   * One NPA's e-mail. The (NPA, week) row of the delivery log is written in
   * the same transaction as the send, under an advisory lock: a retry or a
   * second run finds it and sends nothing; a failed send rolls back and the
   * job is retried with backoff.
   */
  async sendToNpa(p: MissingRaNpaPayload): Promise<MissingRaNpaResult> {
    return this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('missing-ra:' || $1 || ':' || $2))`, [p.npaCode, p.weekOf]);
      const [npa]: { code: string; name: string; notification_emails: string[] }[] = await em.query(
        `SELECT code, name, notification_emails FROM npas WHERE code = $1`,
        [p.npaCode],
      );
      if (!npa || npa.notification_emails.length === 0) {
        this.logger.warn({ npaCode: p.npaCode, weekOf: p.weekOf }, 'NPA has no notification address: weekly e-mail skipped');
        return { status: 'no_notification_address' };
      }
      const sent = await em.query(`SELECT 1 FROM missing_ra_deliveries WHERE npa_code = $1 AND week_of = $2`, [p.npaCode, p.weekOf]);
      if (sent.length && !p.force) return { status: 'already_sent' };

      const rows = await this.missing.findRows(em, { now: this.clock.now(), npaCode: p.npaCode });
      if (rows.length === 0) return { status: 'nothing_missing' };
      const email = composeMissingRiskAssessmentsEmail(
        { code: npa.code, name: npa.name },
        p.weekOf,
        rows.map((r) => ({ caseReference: r.caseReference, officerInCharge: r.officerInChargeName, subject: r.subject, personName: r.personName, problem: r.problem, daysOutstanding: r.daysOutstanding })),
      );
      const { messageId } = await this.mail.send({
        to: npa.notification_emails,
        subject: email.subject,
        text: email.text,
        html: email.html,
        attachments: [{ filename: email.csvFilename, content: email.csv, contentType: 'text/csv' }],
      });
      await em.query(
        `INSERT INTO missing_ra_deliveries (npa_code, week_of, recipients, row_count, message_id, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (npa_code, week_of) DO UPDATE SET recipients = EXCLUDED.recipients, row_count = EXCLUDED.row_count,
           message_id = EXCLUDED.message_id, sent_at = EXCLUDED.sent_at, send_count = missing_ra_deliveries.send_count + 1`,
        [p.npaCode, p.weekOf, npa.notification_emails, rows.length, messageId, this.clock.now()],
      );
      return { status: 'sent', recipients: npa.notification_emails.length, rows: rows.length, messageId };
    });
  }
}
