import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The weekly missing-risk-assessment e-mail: a delivery log keyed by (NPA,
 * week) so retries and double runs send nothing twice, and the counts of
 * each weekly run for the trend report.
 */
export class MissingRaDeliveries1763900000200 implements MigrationInterface {
  name = 'MissingRaDeliveries1763900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE missing_ra_deliveries (
        npa_code text NOT NULL REFERENCES npas(code),
        week_of date NOT NULL,
        recipients text[] NOT NULL,
        row_count integer NOT NULL,
        message_id text,
        send_count integer NOT NULL DEFAULT 1,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (npa_code, week_of)
      )`);
    await q.query(`
      CREATE TABLE missing_ra_weekly_counts (
        npa_code text NOT NULL REFERENCES npas(code),
        week_of date NOT NULL,
        cases_non_compliant integer NOT NULL,
        missing integer NOT NULL,
        review_overdue integer NOT NULL,
        computed_at timestamptz NOT NULL,
        PRIMARY KEY (week_of, npa_code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS missing_ra_weekly_counts`);
    await q.query(`DROP TABLE IF EXISTS missing_ra_deliveries`);
  }
}
