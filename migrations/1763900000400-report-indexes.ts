import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes behind the compliance reports (DOMAIN.md section 11): review due
 * dates answered in a period, and the repeat-victim list, which reads the
 * victims of every incident in a 12-month window without touching the table.
 */
export class ReportIndexes1763900000400 implements MigrationInterface {
  name = 'ReportIndexes1763900000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX case_reviews_due_idx ON case_reviews (due_at)`);
    await q.query(`CREATE INDEX incident_victims_occurred_idx ON incident_victims (occurred_at) INCLUDE (person_id, incident_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS incident_victims_occurred_idx`);
    await q.query(`DROP INDEX IF EXISTS case_reviews_due_idx`);
  }
}
