import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DuplicateReason, likelyDuplicatesSql, REPEAT_VICTIM_MIN_INCIDENTS, REPEAT_VICTIM_WINDOW_MONTHS, SIMILAR_NAME_THRESHOLD } from '@asb/people';
import { caseScopeSql, ReportScope } from '../scope/report-scope';
import { peoplePageSql } from './people-page';

export interface PossiblyMissedRow {
  person_id: string;
  display_name: string;
  incidents: number;
  combined_incidents: number;
  last_incident_at: Date;
  case_reference: string;
  duplicates: { personId: string; displayName: string; reasons: DuplicateReason[]; incidentsLast12Months: number }[];
  total: number;
}

/**
 * The "possibly missed" repeat victims at an instant (DOMAIN.md section 5):
 * people who are not repeat victims on their own (one incident in the 12
 * months up to asOf) but would be if their likely duplicates were merged
 * (the distinct incidents of the person and of every likely duplicate in the
 * window make 2 or more). Listed when the person's own incident is on a case
 * in the report's scope; the duplicates' incidents count wherever they are,
 * as the repeat-victim rule counts every case.
 *
 * One statement: the window's victims from incident_victims_occurred_idx
 * (index-only), grouped by person; for those with one incident, their likely
 * duplicates by index (likelyDuplicatesSql: people_name_key_dob_idx,
 * people_postcode_prefix); the duplicates' incidents in the window from
 * incident_victims_person_occurred_idx.
 */
@Injectable()
export class PossiblyMissedRepository {
  private missedSql(params: unknown[], asOf: Date, scope: ReportScope): string {
    params.push(asOf.toISOString(), REPEAT_VICTIM_WINDOW_MONTHS, REPEAT_VICTIM_MIN_INCIDENTS, SIMILAR_NAME_THRESHOLD);
    const n = params.length;
    const [at, months, min, threshold] = [`$${n - 3}::timestamptz`, `$${n - 2}::int`, `$${n - 1}::int`, `$${n}`];
    const inWindow = (iv: string) => `${iv}.occurred_at >= ${at} - make_interval(months => ${months}) AND ${iv}.occurred_at <= ${at}`;
    return `
      WITH singles AS (
        SELECT iv.person_id, (array_agg(iv.incident_id))[1] AS incident_id
          FROM incident_victims iv
         WHERE ${inWindow('iv')}
         GROUP BY iv.person_id
        HAVING count(*) < ${min}
      ), single_people AS MATERIALIZED (
        SELECT p.*, s.incident_id
          FROM singles s JOIN people p ON p.id = s.person_id AND p.merged_into IS NULL
      ), duplicates AS (
        SELECT d.person_id, sp.incident_id, d.id AS duplicate_id, array_agg(DISTINCT d.reason) AS reasons
          FROM (${likelyDuplicatesSql('single_people', threshold)}) d
          JOIN single_people sp ON sp.id = d.person_id
         GROUP BY d.person_id, sp.incident_id, d.id
      ), combined AS (
        SELECT d.person_id, d.incident_id, 1 + count(DISTINCT iv.incident_id)::int AS combined_incidents
          FROM duplicates d
          JOIN incident_victims iv ON iv.person_id = d.duplicate_id AND ${inWindow('iv')} AND iv.incident_id <> d.incident_id
         GROUP BY d.person_id, d.incident_id
        HAVING 1 + count(DISTINCT iv.incident_id) >= ${min}
      ), in_scope AS (
        SELECT m.person_id, m.combined_incidents, i.occurred_at, c.reference, c.npa_code
          FROM combined m
          JOIN incidents i ON i.id = m.incident_id
          JOIN cases c ON c.id = i.case_id
         WHERE ${caseScopeSql('c', scope, params)}
      )`;
  }

  /**
   * One page of the people, most combined incidents first, each with its
   * likely duplicates (and their own counts in the window); `total` counts
   * them all.
   */
  async list(em: EntityManager, asOf: Date, scope: ReportScope, page: { limit?: number; after?: readonly [number, string, string] }): Promise<PossiblyMissedRow[]> {
    const params: unknown[] = [];
    const cte = this.missedSql(params, asOf, scope);
    // asOf and the window's months are the first parameters (missedSql pushes them first).
    const [at, months] = [`$1::timestamptz`, `$2::int`];
    const { keyset, limit } = peoplePageSql(params, 'combined_incidents', page);
    return em.query(
      `${cte}, listed AS (
        SELECT s.person_id, p.display_name, 1 AS incidents, s.combined_incidents, s.occurred_at AS last_incident_at,
               s.reference AS case_reference, count(*) OVER ()::int AS total
          FROM in_scope s JOIN people p ON p.id = s.person_id
      ), page AS (
        SELECT * FROM listed l WHERE ${keyset}
         ORDER BY l.combined_incidents DESC, l.display_name, l.person_id
         ${limit}
      )
      SELECT pg.person_id, pg.display_name, pg.incidents, pg.combined_incidents, pg.last_incident_at, pg.case_reference, pg.total,
             json_agg(json_build_object(
               'personId', d.duplicate_id, 'displayName', dp.display_name, 'reasons', d.reasons,
               'incidentsLast12Months', (SELECT count(*) FROM incident_victims iv
                                          WHERE iv.person_id = d.duplicate_id
                                            AND iv.occurred_at >= ${at} - make_interval(months => ${months}) AND iv.occurred_at <= ${at}))
               ORDER BY dp.display_name, d.duplicate_id) AS duplicates
        FROM page pg
        JOIN duplicates d ON d.person_id = pg.person_id
        JOIN people dp ON dp.id = d.duplicate_id
       GROUP BY pg.person_id, pg.display_name, pg.incidents, pg.combined_incidents, pg.last_incident_at, pg.case_reference, pg.total
       ORDER BY pg.combined_incidents DESC, pg.display_name, pg.person_id`,
      params,
    );
  }

  /** How many, in all and by NPA of the case of the person's own incident. */
  async counts(em: EntityManager, asOf: Date, scope: ReportScope): Promise<{ total: number; byNpa: { npaCode: string; possiblyMissed: number }[] }> {
    const params: unknown[] = [];
    const rows: { npa_code: string | null; n: number }[] = await em.query(
      `${this.missedSql(params, asOf, scope)}
       SELECT s.npa_code, count(DISTINCT s.person_id)::int AS n FROM in_scope s GROUP BY GROUPING SETS ((s.npa_code), ())
        ORDER BY s.npa_code NULLS FIRST`,
      params,
    );
    const total = rows.find((r) => r.npa_code === null)?.n ?? 0;
    return { total, byNpa: rows.filter((r) => r.npa_code !== null).map((r) => ({ npaCode: r.npa_code as string, possiblyMissed: r.n })) };
  }
}
