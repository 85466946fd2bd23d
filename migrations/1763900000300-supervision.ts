import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision and victim contact (DOMAIN.md sections 7 and 8): the 28-day
 * supervisory reviews (a closure is a review with decision 'close'), case
 * reopenings, updates given to victims and Victim First referrals.
 */
export class Supervision1763900000300 implements MigrationInterface {
  name = 'Supervision1763900000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN reopened_at timestamptz`);
    await q.query(`ALTER TABLE cases ADD CONSTRAINT cases_close_outcome_check
      CHECK (close_outcome IS NULL OR close_outcome IN ('resolved','no_further_action','transferred','unable_to_contact','other'))`);
    await q.query(`
      CREATE TABLE case_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        reviewer_id uuid NOT NULL REFERENCES users(id),
        reviewed_at timestamptz NOT NULL,
        summary text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('continue','close','escalate_jag')),
        outcome text CHECK (outcome IN ('resolved','no_further_action','transferred','unable_to_contact','other')),
        risk_assessments_checked boolean NOT NULL,
        next_actions text,
        due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((decision = 'close') = (outcome IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX case_reviews_case_reviewed_idx ON case_reviews (case_id, reviewed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX case_reviews_reviewed_idx ON case_reviews (reviewed_at)`);
    await q.query(`
      CREATE TABLE case_reopenings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        reopened_at timestamptz NOT NULL,
        reason text NOT NULL,
        previous_closed_at timestamptz NOT NULL,
        previous_outcome text,
        reopened_by_kind text NOT NULL,
        reopened_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_reopenings_case_idx ON case_reopenings (case_id, reopened_at DESC)`);
    await q.query(`
      CREATE TABLE victim_updates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES people(id),
        contacted_at timestamptz NOT NULL,
        method text NOT NULL CHECK (method IN ('phone','email','letter','in_person','text_message')),
        summary text NOT NULL,
        recorded_by_kind text NOT NULL,
        recorded_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX victim_updates_case_person_contacted_idx ON victim_updates (case_id, person_id, contacted_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE victim_first_referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES people(id),
        referred_at timestamptz NOT NULL,
        consent boolean NOT NULL CHECK (consent),
        taken_up boolean,
        recorded_by_kind text NOT NULL,
        recorded_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX victim_first_referrals_case_person_idx ON victim_first_referrals (case_id, person_id, referred_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['victim_first_referrals', 'victim_updates', 'case_reopenings', 'case_reviews']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_close_outcome_check`);
    await q.query(`ALTER TABLE cases DROP COLUMN IF EXISTS reopened_at`);
  }
}
