import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail of one case, everything under it included, newest first. */
export class AuditCaseIndex1763900000050 implements MigrationInterface {
  name = 'AuditCaseIndex1763900000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_events_case_idx ON audit_events (case_id, id) WHERE case_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_events_case_idx`);
  }
}
