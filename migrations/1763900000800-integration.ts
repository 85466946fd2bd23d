import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner integration (API.md "Conventions" and "Jobs, integration, audit"):
 * the Idempotency-Key store, and the rules of external references.
 */
export class Integration1763900000800 implements MigrationInterface {
  name = 'Integration1763900000800';

  async up(q: QueryRunner): Promise<void> {
    // One row per (caller and endpoint, key). The key and the request are kept
    // only as SHA-256 hashes; the first answer is encrypted under the key
    // (libs/core/src/idempotency). Rows older than 24 hours are ignored and
    // purged by the created_at index.
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key_hash bytea NOT NULL,
        request_hash bytea NOT NULL,
        claim_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','completed')),
        response_status smallint,
        response_type text,
        response_body bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (scope, key_hash),
        CHECK ((status = 'completed') = (response_status IS NOT NULL AND response_body IS NOT NULL AND completed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);

    // A system is a code, a value 1-100 characters (API.md). NOT VALID: rows
    // written under the looser earlier checks stay; every new one is checked.
    await q.query(`ALTER TABLE external_refs ADD CONSTRAINT external_refs_system_check CHECK (system ~ '^[A-Z0-9-]{1,16}$') NOT VALID`);
    await q.query(`ALTER TABLE external_refs ADD CONSTRAINT external_refs_value_check CHECK (char_length(value) BETWEEN 1 AND 100) NOT VALID`);
    // Reading a record's references filters on both columns.
    await q.query(`DROP INDEX external_refs_entity_idx`);
    await q.query(`CREATE INDEX external_refs_entity_idx ON external_refs (entity_id, entity_type)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX external_refs_entity_idx`);
    await q.query(`CREATE INDEX external_refs_entity_idx ON external_refs (entity_id)`);
    await q.query(`ALTER TABLE external_refs DROP CONSTRAINT external_refs_value_check`);
    await q.query(`ALTER TABLE external_refs DROP CONSTRAINT external_refs_system_check`);
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
