import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily supervisory-review reminder: a delivery log keyed by (user, day
 * in SCHEDULE_TZ) so retries and double runs send nobody a second e-mail the
 * same day, recording which cases each e-mail disclosed; and the open cases by
 * officer in charge and by lead organisation in review-due order, so one
 * person's reminder is a range scan of their open cases, not of the history.
 */
export class ReviewReminders1763900000500 implements MigrationInterface {
  name = 'ReviewReminders1763900000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE review_reminder_deliveries (
        user_id uuid NOT NULL REFERENCES users(id),
        day date NOT NULL,
        recipient text NOT NULL,
        own_case_ids uuid[] NOT NULL,
        organisation_case_ids uuid[] NOT NULL,
        message_id text,
        send_count integer NOT NULL DEFAULT 1,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, day)
      )`);
    await q.query(`CREATE INDEX cases_open_officer_review_due_idx ON cases (officer_in_charge_id, review_due_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX cases_open_lead_review_due_idx ON cases (lead_organisation_id, review_due_at) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cases_open_lead_review_due_idx`);
    await q.query(`DROP INDEX IF EXISTS cases_open_officer_review_due_idx`);
    await q.query(`DROP TABLE IF EXISTS review_reminder_deliveries`);
  }
}
