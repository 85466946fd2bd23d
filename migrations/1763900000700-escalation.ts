import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Escalation (DOMAIN.md section 10): JAG referrals with their actions and the
 * JAG meetings that discussed them, and ASB Case Reviews (the Community
 * Trigger). The supervisory reviews of section 7 already own `case_reviews`,
 * so the Community Trigger's table is `asb_case_reviews`.
 *
 * One open referral per case is the partial unique index
 * jag_referrals_one_open_per_case, which holds under concurrency too.
 */
export class Escalation1763900000700 implements MigrationInterface {
  name = 'Escalation1763900000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jag_referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        csp_code text NOT NULL REFERENCES csps(code),
        reasons text[] NOT NULL CHECK (cardinality(reasons) > 0
          AND reasons <@ ARRAY['repeat_victim','high_risk','vulnerable_victim','persistent','complex']::text[]),
        complex_reason text,
        evidence jsonb NOT NULL,
        summary text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
        referred_at timestamptz NOT NULL,
        referred_by_kind text NOT NULL,
        referred_by_id uuid NOT NULL,
        outcome text,
        resolved_at timestamptz,
        resolved_by_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (('complex' = ANY(reasons)) = (complex_reason IS NOT NULL)),
        CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
        CHECK ((status = 'resolved') = (outcome IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX jag_referrals_one_open_per_case ON jag_referrals (case_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX jag_referrals_case_idx ON jag_referrals (case_id, referred_at DESC)`);
    // The list: newest first, by status and optionally by CSP.
    await q.query(`CREATE INDEX jag_referrals_status_referred_idx ON jag_referrals (status, referred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jag_referrals_csp_status_referred_idx ON jag_referrals (csp_code, status, referred_at DESC, id DESC)`);
    // The report: referred in, resolved in, open at the end of a period.
    await q.query(`CREATE INDEX jag_referrals_referred_idx ON jag_referrals (referred_at)`);
    await q.query(`CREATE INDEX jag_referrals_resolved_idx ON jag_referrals (resolved_at) WHERE resolved_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE jag_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES jag_referrals(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        description text NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','completed','cancelled')),
        completion_note text,
        cancel_reason text,
        closed_at timestamptz,
        closed_by_kind text,
        closed_by_id uuid,
        created_by_kind text NOT NULL,
        created_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'open') = (closed_at IS NULL)),
        CHECK ((status = 'completed') = (completion_note IS NOT NULL)),
        CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX jag_actions_referral_idx ON jag_actions (referral_id, created_at, id)`);
    await q.query(`CREATE INDEX jag_actions_open_idx ON jag_actions (referral_id) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE jag_meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        csp_code text NOT NULL REFERENCES csps(code),
        held_at timestamptz NOT NULL,
        recorded_by_kind text NOT NULL,
        recorded_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX jag_meetings_csp_held_idx ON jag_meetings (csp_code, held_at DESC)`);
    await q.query(`
      CREATE TABLE jag_meeting_attendees (
        meeting_id uuid NOT NULL REFERENCES jag_meetings(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        PRIMARY KEY (meeting_id, organisation_id)
      )`);
    await q.query(`
      CREATE TABLE jag_meeting_referrals (
        meeting_id uuid NOT NULL REFERENCES jag_meetings(id),
        referral_id uuid NOT NULL REFERENCES jag_referrals(id),
        PRIMARY KEY (meeting_id, referral_id)
      )`);
    await q.query(`CREATE INDEX jag_meeting_referrals_referral_idx ON jag_meeting_referrals (referral_id, meeting_id)`);

    await q.query(`
      CREATE TABLE asb_case_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        applicant_person_id uuid NOT NULL REFERENCES people(id),
        case_id uuid REFERENCES cases(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        applied_at timestamptz NOT NULL,
        threshold integer NOT NULL CHECK (threshold > 0),
        threshold_met boolean NOT NULL,
        qualifying_incident_ids uuid[] NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','completed')),
        decision text CHECK (decision IN ('recommendations_made','no_further_action','threshold_not_met')),
        recommendations text[],
        outcome_at timestamptz,
        outcome_by_kind text,
        outcome_by_id uuid,
        recorded_by_kind text NOT NULL,
        recorded_by_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'completed') = (decision IS NOT NULL)),
        CHECK ((status = 'completed') = (outcome_at IS NOT NULL)),
        CHECK ((status = 'completed') = (recommendations IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX asb_case_reviews_applied_idx ON asb_case_reviews (applied_at)`);
    await q.query(`CREATE INDEX asb_case_reviews_organisation_applied_idx ON asb_case_reviews (organisation_id, applied_at)`);
    await q.query(`CREATE INDEX asb_case_reviews_applicant_idx ON asb_case_reviews (applicant_person_id)`);
    await q.query(`CREATE INDEX asb_case_reviews_case_idx ON asb_case_reviews (case_id) WHERE case_id IS NOT NULL`);

    // A complaint is an incident the applicant reported: reported_by_person_id, or a victim of one whose reporter is not recorded.
    await q.query(`CREATE INDEX incidents_reported_by_idx ON incidents (reported_by_person_id, reported_at) WHERE reported_by_person_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS incidents_reported_by_idx`);
    for (const t of ['asb_case_reviews', 'jag_meeting_referrals', 'jag_meeting_attendees', 'jag_meetings', 'jag_actions', 'jag_referrals']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
