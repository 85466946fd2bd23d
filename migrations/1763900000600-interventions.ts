import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Incremental Approach (DOMAIN.md section 9): interventions recorded
 * against one perpetrator on one case, and breaches of served interventions
 * (a fixed penalty notice or a prosecution names the breach of a CPN it answers).
 */
export class Interventions1763900000600 implements MigrationInterface {
  name = 'Interventions1763900000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE interventions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES people(id),
        type text NOT NULL CHECK (type IN ('verbal_warning','warning_letter','mediation','support_referral','acceptable_behaviour_contract',
          'tenancy_warning','community_protection_warning','community_protection_notice','fixed_penalty_notice','prosecution',
          'civil_injunction','criminal_behaviour_order','closure_notice','closure_order')),
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
        status text NOT NULL CHECK (status IN ('proposed','approved','served','withdrawn')),
        out_of_sequence boolean NOT NULL,
        justification text,
        issuing_organisation_id uuid NOT NULL REFERENCES organisations(id),
        issued_at timestamptz NOT NULL,
        compliance_due_at timestamptz,
        requirements text[] NOT NULL DEFAULT '{}',
        amount numeric(12,2) CHECK (amount > 0),
        breach_id uuid,
        notes text,
        recorded_by_kind text NOT NULL,
        recorded_by_id uuid NOT NULL,
        approved_by uuid REFERENCES users(id),
        approved_at timestamptz,
        served_at timestamptz,
        withdrawn_at timestamptz,
        withdrawal_reason text,
        withdrawn_by_kind text,
        withdrawn_by_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (type = 'community_protection_notice' OR status IN ('served','withdrawn')),
        CHECK (status <> 'served' OR served_at IS NOT NULL),
        CHECK (status NOT IN ('approved','served') OR type <> 'community_protection_notice' OR approved_at IS NOT NULL),
        CHECK (status <> 'withdrawn' OR (withdrawn_at IS NOT NULL AND withdrawal_reason IS NOT NULL)),
        CHECK (NOT out_of_sequence OR justification IS NOT NULL),
        CHECK (type <> 'community_protection_warning' OR compliance_due_at IS NOT NULL),
        CHECK ((breach_id IS NOT NULL) = (type IN ('fixed_penalty_notice','prosecution')))
      )`);
    // The case's interventions, newest first (GET /cases/{id}/interventions).
    await q.query(`CREATE INDEX interventions_case_issued_idx ON interventions (case_id, issued_at DESC, id DESC)`);
    // What has been used on one perpetrator in one case (the sequence and CPNW checks), and a person's interventions.
    await q.query(`CREATE INDEX interventions_person_case_idx ON interventions (person_id, case_id)`);
    // Reports count interventions issued in a period.
    await q.query(`CREATE INDEX interventions_issued_idx ON interventions (issued_at)`);

    await q.query(`
      CREATE TABLE intervention_breaches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        intervention_id uuid NOT NULL REFERENCES interventions(id),
        occurred_at timestamptz NOT NULL,
        description text NOT NULL,
        recorded_by_kind text NOT NULL,
        recorded_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX intervention_breaches_intervention_idx ON intervention_breaches (intervention_id, occurred_at, id)`);
    await q.query(`ALTER TABLE interventions ADD CONSTRAINT interventions_breach_fkey FOREIGN KEY (breach_id) REFERENCES intervention_breaches(id)`);
    // One fixed penalty notice and one prosecution in force per breach.
    await q.query(`CREATE UNIQUE INDEX interventions_breach_answer_key ON interventions (breach_id, type) WHERE breach_id IS NOT NULL AND status <> 'withdrawn'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE interventions DROP CONSTRAINT IF EXISTS interventions_breach_fkey`);
    await q.query(`DROP TABLE IF EXISTS intervention_breaches`);
    await q.query(`DROP TABLE IF EXISTS interventions`);
  }
}
