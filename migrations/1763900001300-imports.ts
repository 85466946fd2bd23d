import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk imports of NDJSON case bundles (API.md "Jobs, integration, audit"):
 * the import, who made it (the worker writes as them), and its lines. The
 * upload is kept line by line in PostgreSQL, not passed through Redis: the
 * worker takes pending lines in order, and a line's result commits with the
 * bundle it wrote, so a worker that dies resumes where it stopped. A line's
 * content is cleared once it has been processed.
 */
export class Imports1763900001300 implements MigrationInterface {
  name = 'Imports1763900001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        actor_kind text NOT NULL CHECK (actor_kind IN ('user','client')),
        actor_id uuid NOT NULL,
        actor_roles text[] NOT NULL,
        request_id text,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','completed')),
        total integer NOT NULL CHECK (total > 0),
        succeeded integer NOT NULL DEFAULT 0 CHECK (succeeded >= 0),
        failed integer NOT NULL DEFAULT 0 CHECK (failed >= 0),
        byte_size bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz,
        CHECK (succeeded + failed <= total),
        CHECK ((status = 'completed') = (completed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX imports_organisation_idx ON imports (organisation_id, created_at DESC)`);

    // line: the line number in the uploaded file (from 1); blank lines are not stored.
    await q.query(`
      CREATE TABLE import_lines (
        import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        line integer NOT NULL CHECK (line > 0),
        content bytea,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','succeeded','failed')),
        error_code text,
        error_message text,
        error_details jsonb,
        PRIMARY KEY (import_id, line),
        CHECK ((status = 'pending') = (content IS NOT NULL)),
        CHECK ((status = 'failed') = (error_code IS NOT NULL AND error_message IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX import_lines_pending_idx ON import_lines (import_id, line) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX import_lines_failed_idx ON import_lines (import_id, line) WHERE status = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_lines`);
    await q.query(`DROP TABLE imports`);
  }
}
