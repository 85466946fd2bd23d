import { MigrationInterface, QueryRunner } from 'typeorm';
import { RISK_TEMPLATES_V1 } from '../libs/risk/src/templates/v1';

/**
 * Risk assessment templates (reference data, versioned) and assessments.
 * One assessment per subject is current: the newest by assessed_at; the
 * partial unique index keeps it so, and history is kept.
 */
export class RiskAssessments1763900000100 implements MigrationInterface {
  name = 'RiskAssessments1763900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE risk_assessment_templates (
        subject text NOT NULL CHECK (subject IN ('case','victim','perpetrator')),
        version integer NOT NULL CHECK (version > 0),
        threshold_medium integer NOT NULL,
        threshold_high integer NOT NULL,
        questions jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject, version),
        CHECK (threshold_high > threshold_medium)
      )`);
    for (const t of RISK_TEMPLATES_V1) {
      await q.query(
        `INSERT INTO risk_assessment_templates (subject, version, threshold_medium, threshold_high, questions) VALUES ($1, $2, $3, $4, $5::jsonb)`,
        [t.subject, t.version, t.thresholds.medium, t.thresholds.high, JSON.stringify(t.questions)],
      );
    }
    await q.query(`
      CREATE TABLE risk_assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        subject text NOT NULL CHECK (subject IN ('case','victim','perpetrator')),
        person_id uuid REFERENCES people(id),
        template_version integer NOT NULL,
        answers jsonb NOT NULL,
        score integer NOT NULL,
        computed_level text NOT NULL CHECK (computed_level IN ('standard','medium','high')),
        level text NOT NULL CHECK (level IN ('standard','medium','high')),
        override_reason text,
        assessed_at timestamptz NOT NULL,
        assessed_by_kind text NOT NULL,
        assessed_by_id uuid NOT NULL,
        review_due_at timestamptz NOT NULL,
        is_current boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (subject, template_version) REFERENCES risk_assessment_templates(subject, version),
        CHECK ((subject = 'case') = (person_id IS NULL))
      )`);
    await q.query(`CREATE INDEX risk_assessments_case_idx ON risk_assessments (case_id, assessed_at DESC, id DESC)`);
    await q.query(`
      CREATE UNIQUE INDEX risk_assessments_current_key ON risk_assessments
        (case_id, subject, coalesce(person_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE is_current`);
    await q.query(`CREATE INDEX risk_assessments_current_due_idx ON risk_assessments (review_due_at) WHERE is_current`);
    await q.query(`CREATE INDEX cases_open_npa_idx ON cases (npa_code, id) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cases_open_npa_idx`);
    await q.query(`DROP TABLE IF EXISTS risk_assessments`);
    await q.query(`DROP TABLE IF EXISTS risk_assessment_templates`);
  }
}
