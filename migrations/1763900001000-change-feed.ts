import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change feed (API.md "Jobs, integration, audit"; libs/changes) reads the
 * changes in the audit trail in transaction order. Each audit row records the
 * top-level transaction that wrote it (`xid8`, never wraps): an identity id is
 * taken at insert, not at commit, so ids alone let a reader pass a row whose
 * transaction commits late. The feed serves rows whose transaction is older
 * than every transaction still running, in (xid, id) order.
 *
 * Rows written before this migration all get its transaction id; they were
 * committed already, so (xid, id) keeps their id order. The column's volatile
 * default rewrites the table once (ACCESS EXCLUSIVE while it runs).
 *
 * The partial index holds only the actions that change something, the list of
 * CHANGE_ACTIONS in libs/changes/src/rules/change-feed.ts: reads, searches,
 * lists, exports and sign-ins, most of the trail, stay out of it. Adding a
 * change action means a migration that recreates this index.
 */
export class ChangeFeed1763900001000 implements MigrationInterface {
  name = 'ChangeFeed1763900001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await q.query(`
      CREATE INDEX audit_events_changes_idx ON audit_events (xid, id)
      WHERE action IN ('create', 'update', 'delete', 'link', 'unlink', 'share', 'unshare', 'merge', 'revoke')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_events_changes_idx`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN IF EXISTS xid`);
  }
}
