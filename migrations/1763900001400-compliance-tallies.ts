import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Running counts for the compliance report (DOMAIN.md section 11), so that the
 * report costs the same whatever the size of the caseload (issue 7,
 * bench/README.md "Compliance report").
 *
 * - `compliance_facts`: what each case contributes to the report, one row per
 *   (case, organisation that can see it, kind, instant), computed from the
 *   case's own rows by `compliance_facts_of`. The kinds, and the instant each
 *   carries (`-infinity` for a figure that does not depend on time):
 *     open                          an open case
 *     review_due                    an open case's supervisory review due date
 *     ra_missing                    a required risk assessment (the case, each victim, each perpetrator) with none current
 *     ra_due                        a required assessment's current review date
 *     case_ra_due                   an open case's earliest required review date (-infinity when one is missing)
 *     victim / victim_default       a victim's next contact due; for the default frequency, the last contact
 *                                   (the report subtracts the frequency, which is configuration)
 *     victim_declined               a victim who declined updates
 *     review_answered / review_on_time      a review made, at the due date it answered
 *     intervention / intervention_out_of_sequence   an intervention (not withdrawn), at its issue
 * - `compliance_tally_deltas`: the changes to the totals, appended by every
 *   transaction that changes a case's facts (no row is updated, so writers
 *   never wait for one another here).
 * - `compliance_tallies`: the totals per (kind, organisation that sees,
 *   lead organisation, NPA, CSP, UTC day), into which the worker folds the
 *   deltas every minute (`compliance_tallies_compact`).
 *
 * The report reads the tallies and pending deltas for whole days, and the
 * facts themselves only for the partial days at the ends of a range ("now",
 * or a period given to the microsecond), so its work is bounded by the number
 * of days and organisation/NPA pairs, not by the cases. The facts are kept by
 * statement-level triggers on the tables they come from: every write path
 * (the service, imports, merges, a fix by hand in psql) keeps them true.
 * A bulk load may set `asb.compliance_deferred = on` for its transaction and
 * call `compliance_refresh(case ids)` itself once per batch.
 */
export class ComplianceTallies1763900001400 implements MigrationInterface {
  name = 'ComplianceTallies1763900001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compliance_facts (
        case_id uuid NOT NULL,
        visible_org uuid NOT NULL,
        lead_organisation_id uuid NOT NULL,
        npa_code text NOT NULL,
        csp_code text NOT NULL,
        kind text NOT NULL,
        at timestamptz NOT NULL,
        n integer NOT NULL
      )`);
    await q.query(`CREATE INDEX compliance_facts_case_idx ON compliance_facts (case_id)`);
    // The part days at the ends of a range, read from the index alone.
    await q.query(`CREATE INDEX compliance_facts_kind_at_idx ON compliance_facts (kind, at) INCLUDE (visible_org, lead_organisation_id, npa_code, csp_code, n)`);
    await q.query(`
      CREATE TABLE compliance_tallies (
        kind text NOT NULL,
        visible_org uuid NOT NULL,
        lead_organisation_id uuid NOT NULL,
        npa_code text NOT NULL,
        csp_code text NOT NULL,
        day date NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (kind, visible_org, day, lead_organisation_id, npa_code, csp_code)
      )`);
    await q.query(`
      CREATE TABLE compliance_tally_deltas (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        LIKE compliance_tallies
      )`);

    // The UTC day of an instant (±infinity stay so), the first whole day at or
    // after it, and the instant a day starts.
    await q.query(`
      CREATE FUNCTION compliance_day(t timestamptz) RETURNS date
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (t AT TIME ZONE 'UTC')::date $$`);
    await q.query(`
      CREATE FUNCTION compliance_ceil_day(t timestamptz) RETURNS date
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN isfinite(t) AND (t AT TIME ZONE 'UTC') <> (t AT TIME ZONE 'UTC')::date::timestamp
                    THEN (t AT TIME ZONE 'UTC')::date + 1 ELSE (t AT TIME ZONE 'UTC')::date END $$`);
    await q.query(`
      CREATE FUNCTION compliance_day_start(d date) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT d::timestamp AT TIME ZONE 'UTC' $$`);

    // A case's facts, one row per organisation that can see it (the lead and
    // each share). The same rules as the direct queries they replace
    // (MissingRiskAssessmentsRepository, ComplianceRepository's history).
    await q.query(`
      CREATE FUNCTION compliance_facts_of(ids uuid[])
      RETURNS TABLE (case_id uuid, visible_org uuid, lead_organisation_id uuid, npa_code text, csp_code text, kind text, at timestamptz, n integer)
      LANGUAGE sql STABLE SET "TimeZone" = 'UTC' AS $$
        WITH c AS MATERIALIZED (
          SELECT c.id, c.status, c.review_due_at, c.lead_organisation_id, c.npa_code, c.csp_code
            FROM (SELECT DISTINCT x.id FROM unnest(ids) AS x(id)) x JOIN cases c ON c.id = x.id),
        req AS (
          SELECT c.id AS case_id, ra.review_due_at AS due
            FROM c
            CROSS JOIN LATERAL (
              SELECT 'case'::text AS subject, NULL::uuid AS person_id
              UNION ALL
              SELECT cp.role, cp.person_id FROM case_parties cp WHERE cp.case_id = c.id AND cp.role IN ('victim', 'perpetrator')) r
            LEFT JOIN LATERAL (
              SELECT ra.review_due_at FROM risk_assessments ra
               WHERE ra.is_current AND ra.case_id = c.id AND ra.subject = r.subject
                 AND coalesce(ra.person_id, '00000000-0000-0000-0000-000000000000'::uuid) = coalesce(r.person_id, '00000000-0000-0000-0000-000000000000'::uuid)
               LIMIT 1) ra ON true
           WHERE c.status = 'open'),
        f AS (
          SELECT c.id AS case_id, 'open'::text AS kind, '-infinity'::timestamptz AS at, 1 AS n FROM c WHERE c.status = 'open'
          UNION ALL
          SELECT c.id, 'review_due', c.review_due_at, 1 FROM c WHERE c.status = 'open'
          UNION ALL
          SELECT req.case_id, CASE WHEN req.due IS NULL THEN 'ra_missing' ELSE 'ra_due' END, coalesce(req.due, '-infinity'), count(*)::int
            FROM req GROUP BY 1, 2, 3
          UNION ALL
          SELECT req.case_id, 'case_ra_due', CASE WHEN bool_or(req.due IS NULL) THEN '-infinity' ELSE min(req.due) END, 1
            FROM req GROUP BY 1
          UNION ALL
          SELECT cp.case_id,
                 CASE WHEN cp.updates_declined THEN 'victim_declined' WHEN cp.update_frequency_days IS NULL THEN 'victim_default' ELSE 'victim' END,
                 CASE WHEN cp.updates_declined THEN '-infinity'
                      ELSE coalesce(lu.contacted_at, cp.added_at) + make_interval(days => coalesce(cp.update_frequency_days, 0)) END,
                 count(*)::int
            FROM c JOIN case_parties cp ON cp.case_id = c.id AND cp.role = 'victim'
            LEFT JOIN LATERAL (SELECT vu.contacted_at FROM victim_updates vu
                                WHERE vu.case_id = cp.case_id AND vu.person_id = cp.person_id
                                ORDER BY vu.contacted_at DESC LIMIT 1) lu ON true
           WHERE c.status = 'open'
           GROUP BY 1, 2, 3
          UNION ALL
          SELECT r.case_id, 'review_answered', r.due_at, count(*)::int FROM c JOIN case_reviews r ON r.case_id = c.id GROUP BY 1, 3
          UNION ALL
          SELECT r.case_id, 'review_on_time', r.due_at, count(*)::int FROM c JOIN case_reviews r ON r.case_id = c.id
           WHERE r.reviewed_at <= r.due_at GROUP BY 1, 3
          UNION ALL
          SELECT i.case_id, 'intervention', i.issued_at, count(*)::int FROM c JOIN interventions i ON i.case_id = c.id
           WHERE i.status <> 'withdrawn' GROUP BY 1, 3
          UNION ALL
          SELECT i.case_id, 'intervention_out_of_sequence', i.issued_at, count(*)::int FROM c JOIN interventions i ON i.case_id = c.id
           WHERE i.status <> 'withdrawn' AND i.out_of_sequence GROUP BY 1, 3)
        SELECT f.case_id, v.org, c.lead_organisation_id, c.npa_code, c.csp_code, f.kind, f.at, f.n
          FROM f JOIN c ON c.id = f.case_id
          CROSS JOIN LATERAL (SELECT c.lead_organisation_id AS org
                              UNION SELECT cs.organisation_id FROM case_shares cs WHERE cs.case_id = c.id) v
      $$`);

    // The tally rows a fact counts in: its organisation's, and, for the lead
    // organisation's copy, the partnership's (every key zero or empty), which
    // the unfiltered partnership report reads: one row a day per kind.
    await q.query(`
      CREATE FUNCTION compliance_tally_keys(p_kind text, p_visible_org uuid, p_lead uuid, p_npa text, p_csp text, p_at timestamptz, p_n bigint)
      RETURNS TABLE (kind text, visible_org uuid, lead_organisation_id uuid, npa_code text, csp_code text, at timestamptz, n bigint)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT p_kind, p_visible_org, p_lead, p_npa, p_csp, p_at, p_n
        UNION ALL
        SELECT p_kind, '00000000-0000-0000-0000-000000000000'::uuid, '00000000-0000-0000-0000-000000000000'::uuid, '', '', p_at, p_n
         WHERE p_visible_org = p_lead
      $$`);

    // Recomputes the facts of the given cases and appends the difference to
    // the deltas. The cases' rows are locked (in id order; a row lock, so a
    // statement touching twenty thousand cases needs no lock table entry for
    // each) so that two transactions refreshing one case run one after the
    // other, the second reading what the first committed. The work is driven by the listed
    // cases, by index, however the planner rates a table that grew in this
    // same transaction (a bulk load): hence no sequential scans.
    await q.query(`
      CREATE FUNCTION compliance_refresh(ids uuid[]) RETURNS void
      LANGUAGE plpgsql SET "TimeZone" = 'UTC' SET enable_seqscan = off AS $$
      BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
        PERFORM 1 FROM cases c WHERE c.id = ANY (ids) ORDER BY c.id FOR NO KEY UPDATE;
        WITH fresh AS MATERIALIZED (SELECT * FROM compliance_facts_of(ids)),
             gone AS (DELETE FROM compliance_facts f WHERE f.case_id = ANY (ids) RETURNING f.*),
             added AS (INSERT INTO compliance_facts SELECT * FROM fresh)
        INSERT INTO compliance_tally_deltas (kind, visible_org, lead_organisation_id, npa_code, csp_code, day, n)
        SELECT d.kind, d.visible_org, d.lead_organisation_id, d.npa_code, d.csp_code, compliance_day(d.at), sum(d.n)
          FROM (SELECT fr.kind, fr.visible_org, fr.lead_organisation_id, fr.npa_code, fr.csp_code, fr.at, fr.n FROM fresh fr
                UNION ALL
                SELECT g.kind, g.visible_org, g.lead_organisation_id, g.npa_code, g.csp_code, g.at, -g.n FROM gone g) f
         CROSS JOIN LATERAL compliance_tally_keys(f.kind, f.visible_org, f.lead_organisation_id, f.npa_code, f.csp_code, f.at, f.n) d
         GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(d.n) <> 0;
      END $$`);

    // The statement-level trigger: the cases whose rows changed in the columns
    // that matter (TG_ARGV[0] the case id column, TG_ARGV[1] the columns).
    await q.query(`
      CREATE FUNCTION compliance_refresh_changed() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
        cols text := TG_ARGV[1];
      BEGIN
        IF current_setting('asb.compliance_deferred', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows', TG_ARGV[0]) INTO ids;
        ELSIF TG_OP = 'DELETE' THEN
          EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows', TG_ARGV[0]) INTO ids;
        ELSE
          EXECUTE format(
            'SELECT array_agg(DISTINCT d.%1$I) FROM ((SELECT %2$s FROM new_rows EXCEPT ALL SELECT %2$s FROM old_rows)
                                                    UNION ALL (SELECT %2$s FROM old_rows EXCEPT ALL SELECT %2$s FROM new_rows)) d',
            TG_ARGV[0], cols) INTO ids;
        END IF;
        PERFORM compliance_refresh(ids);
        RETURN NULL;
      END $$`);

    const sources: [table: string, caseId: string, columns: string][] = [
      ['cases', 'id', 'id, status, review_due_at, lead_organisation_id, npa_code, csp_code'],
      ['case_parties', 'case_id', 'case_id, person_id, role, update_frequency_days, updates_declined, added_at'],
      ['case_shares', 'case_id', 'case_id, organisation_id'],
      ['risk_assessments', 'case_id', 'case_id, subject, person_id, is_current, review_due_at'],
      ['victim_updates', 'case_id', 'case_id, person_id, contacted_at'],
      ['case_reviews', 'case_id', 'case_id, due_at, reviewed_at'],
      ['interventions', 'case_id', 'case_id, status, out_of_sequence, issued_at'],
    ];
    for (const [table, caseId, columns] of sources) {
      const args = `'${caseId}', '${columns}'`;
      await q.query(`CREATE TRIGGER ${table}_compliance_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION compliance_refresh_changed(${args})`);
      await q.query(`CREATE TRIGGER ${table}_compliance_upd AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION compliance_refresh_changed(${args})`);
      await q.query(`CREATE TRIGGER ${table}_compliance_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION compliance_refresh_changed(${args})`);
    }

    // Folds the pending deltas into the tallies (the worker, every minute).
    // Rows a transaction still in flight appended are not seen, and are
    // folded next time; a report reading tallies and deltas in one snapshot
    // sees each change exactly once, before or after.
    await q.query(`
      CREATE FUNCTION compliance_tallies_compact() RETURNS bigint
      LANGUAGE plpgsql AS $$
      DECLARE folded bigint;
      BEGIN
        WITH d AS (DELETE FROM compliance_tally_deltas RETURNING *),
             s AS (SELECT d.kind, d.visible_org, d.lead_organisation_id, d.npa_code, d.csp_code, d.day, sum(d.n) AS n, count(*) AS rows
                     FROM d GROUP BY 1, 2, 3, 4, 5, 6),
             u AS (INSERT INTO compliance_tallies AS t (kind, visible_org, lead_organisation_id, npa_code, csp_code, day, n)
                   SELECT s.kind, s.visible_org, s.lead_organisation_id, s.npa_code, s.csp_code, s.day, s.n FROM s
                   ON CONFLICT (kind, visible_org, day, lead_organisation_id, npa_code, csp_code) DO UPDATE SET n = t.n + excluded.n)
        SELECT coalesce(sum(s.rows), 0) INTO folded FROM s;
        DELETE FROM compliance_tallies WHERE n = 0;
        RETURN folded;
      END $$`);

    // Recomputes every fact and tally from the cases (this migration, and a
    // repair by hand: SELECT compliance_tallies_rebuild()).
    await q.query(`
      CREATE FUNCTION compliance_tallies_rebuild() RETURNS void
      LANGUAGE plpgsql SET "TimeZone" = 'UTC' AS $$
      BEGIN
        LOCK TABLE compliance_facts, compliance_tallies, compliance_tally_deltas IN EXCLUSIVE MODE;
        TRUNCATE compliance_facts, compliance_tallies, compliance_tally_deltas;
        INSERT INTO compliance_facts SELECT * FROM compliance_facts_of(ARRAY(SELECT id FROM cases));
        INSERT INTO compliance_tallies (kind, visible_org, lead_organisation_id, npa_code, csp_code, day, n)
        SELECT d.kind, d.visible_org, d.lead_organisation_id, d.npa_code, d.csp_code, compliance_day(d.at), sum(d.n)
          FROM compliance_facts f
         CROSS JOIN LATERAL compliance_tally_keys(f.kind, f.visible_org, f.lead_organisation_id, f.npa_code, f.csp_code, f.at, f.n) d
         GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.n) <> 0;
      END $$`);
    await q.query(`SELECT compliance_tallies_rebuild()`);
    await q.query(`ANALYZE compliance_facts, compliance_tallies, compliance_tally_deltas`);

    // Where the stored facts or totals differ from a recomputation (none, when all is well).
    await q.query(`
      CREATE FUNCTION compliance_tallies_drift()
      RETURNS TABLE (what text, kind text, visible_org uuid, lead_organisation_id uuid, npa_code text, csp_code text, day date, stored bigint, expected bigint)
      LANGUAGE sql STABLE SET "TimeZone" = 'UTC' AS $$
        WITH recomputed AS MATERIALIZED (SELECT * FROM compliance_facts_of(ARRAY(SELECT id FROM cases))),
        expected_facts AS (
          SELECT e.kind, e.visible_org, e.lead_organisation_id, e.npa_code, e.csp_code, compliance_day(e.at) AS day, sum(e.n) AS n
            FROM recomputed e GROUP BY 1, 2, 3, 4, 5, 6),
        expected AS (
          SELECT d.kind, d.visible_org, d.lead_organisation_id, d.npa_code, d.csp_code, compliance_day(d.at) AS day, sum(d.n) AS n
            FROM recomputed e
           CROSS JOIN LATERAL compliance_tally_keys(e.kind, e.visible_org, e.lead_organisation_id, e.npa_code, e.csp_code, e.at, e.n) d
           GROUP BY 1, 2, 3, 4, 5, 6),
        facts AS (
          SELECT f.kind, f.visible_org, f.lead_organisation_id, f.npa_code, f.csp_code, compliance_day(f.at) AS day, sum(f.n) AS n
            FROM compliance_facts f GROUP BY 1, 2, 3, 4, 5, 6),
        totals AS (
          SELECT t.kind, t.visible_org, t.lead_organisation_id, t.npa_code, t.csp_code, t.day, sum(t.n) AS n
            FROM (SELECT kind, visible_org, lead_organisation_id, npa_code, csp_code, day, n FROM compliance_tallies
                  UNION ALL
                  SELECT kind, visible_org, lead_organisation_id, npa_code, csp_code, day, n FROM compliance_tally_deltas) t
           GROUP BY 1, 2, 3, 4, 5, 6)
        SELECT 'facts', coalesce(a.kind, b.kind), coalesce(a.visible_org, b.visible_org), coalesce(a.lead_organisation_id, b.lead_organisation_id),
               coalesce(a.npa_code, b.npa_code), coalesce(a.csp_code, b.csp_code), coalesce(a.day, b.day), coalesce(a.n, 0), coalesce(b.n, 0)
          FROM facts a FULL JOIN expected_facts b USING (kind, visible_org, lead_organisation_id, npa_code, csp_code, day)
         WHERE coalesce(a.n, 0) <> coalesce(b.n, 0)
        UNION ALL
        SELECT 'tallies', coalesce(a.kind, b.kind), coalesce(a.visible_org, b.visible_org), coalesce(a.lead_organisation_id, b.lead_organisation_id),
               coalesce(a.npa_code, b.npa_code), coalesce(a.csp_code, b.csp_code), coalesce(a.day, b.day), coalesce(a.n, 0), coalesce(b.n, 0)
          FROM totals a FULL JOIN expected b USING (kind, visible_org, lead_organisation_id, npa_code, csp_code, day)
         WHERE coalesce(a.n, 0) <> coalesce(b.n, 0)
      $$`);

  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['cases', 'case_parties', 'case_shares', 'risk_assessments', 'victim_updates', 'case_reviews', 'interventions']) {
      for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER ${table}_compliance_${op} ON ${table}`);
    }
    await q.query(`DROP FUNCTION compliance_tallies_drift()`);
    await q.query(`DROP FUNCTION compliance_tallies_rebuild()`);
    await q.query(`DROP FUNCTION compliance_tallies_compact()`);
    await q.query(`DROP FUNCTION compliance_refresh_changed()`);
    await q.query(`DROP FUNCTION compliance_refresh(uuid[])`);
    await q.query(`DROP FUNCTION compliance_tally_keys(text, uuid, uuid, text, text, timestamptz, bigint)`);
    await q.query(`DROP FUNCTION compliance_facts_of(uuid[])`);
    await q.query(`DROP FUNCTION compliance_day_start(date)`);
    await q.query(`DROP FUNCTION compliance_ceil_day(timestamptz)`);
    await q.query(`DROP FUNCTION compliance_day(timestamptz)`);
    await q.query(`DROP TABLE compliance_tally_deltas`);
    await q.query(`DROP TABLE compliance_tallies`);
    await q.query(`DROP TABLE compliance_facts`);
  }
}
