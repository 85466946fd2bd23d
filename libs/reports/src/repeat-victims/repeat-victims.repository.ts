import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { REPEAT_VICTIM_MIN_INCIDENTS, REPEAT_VICTIM_WINDOW_MONTHS } from '@asb/people';
import { caseScopeSql, ReportScope } from '../scope/report-scope';
import { peoplePageSql } from './people-page';

export interface RepeatVictimRow {
  person_id: string;
  display_name: string;
  incidents: number;
  last_incident_at: Date;
  case_references: string[];
  total: number;
}

/**
 * Repeat victims at an instant (DOMAIN.md section 5): people named as victim
 * of 2 or more incidents in [asOf - 12 months, asOf], counted over every case
 * of every organisation, as the rule says; listed when at least one of those
 * incidents is on a case in the report's scope. The window is one range scan
 * of incident_victims_occurred_idx, joined to its cases and grouped by person.
 */
@Injectable()
export class RepeatVictimsRepository {
  /**
   * One pass over the window: each victim-incident row with its case, whether
   * that case is in scope, grouped by person. A person is kept when the rule
   * holds on all their incidents and at least one is on a case in scope.
   */
  private windowSql(params: unknown[], asOf: Date, scope: ReportScope, withReferences: boolean): string {
    params.push(asOf.toISOString(), REPEAT_VICTIM_WINDOW_MONTHS, REPEAT_VICTIM_MIN_INCIDENTS);
    const [at, months, min] = [`$${params.length - 2}::timestamptz`, `$${params.length - 1}::int`, `$${params.length}::int`];
    return `
      WITH window_rows AS (
        SELECT iv.person_id, iv.occurred_at, c.reference, c.npa_code, (${caseScopeSql('c', scope, params)}) AS in_scope
          FROM incident_victims iv
          JOIN incidents i ON i.id = iv.incident_id
          JOIN cases c ON c.id = i.case_id
         WHERE iv.occurred_at >= ${at} - make_interval(months => ${months}) AND iv.occurred_at <= ${at}
      ), repeats AS (
        SELECT w.person_id, count(*)::int AS incidents, max(w.occurred_at) AS last_incident_at,
               ${withReferences ? 'array_agg(DISTINCT w.reference ORDER BY w.reference) FILTER (WHERE w.in_scope)' : 'NULL::text[]'} AS case_references,
               array_agg(DISTINCT w.npa_code) FILTER (WHERE w.in_scope) AS npa_codes
          FROM window_rows w
         GROUP BY w.person_id
        HAVING count(*) >= ${min} AND bool_or(w.in_scope)
      )`;
  }

  /** One page of the people, most incidents first, with the in-scope case references; `total` counts them all. */
  async list(em: EntityManager, asOf: Date, scope: ReportScope, page: { limit?: number; after?: readonly [number, string, string] }): Promise<RepeatVictimRow[]> {
    const params: unknown[] = [];
    const cte = this.windowSql(params, asOf, scope, true);
    const { keyset, limit } = peoplePageSql(params, 'incidents', page);
    return em.query(
      `${cte}, listed AS (
        SELECT r.person_id, p.display_name, r.incidents, r.last_incident_at, r.case_references, count(*) OVER ()::int AS total
          FROM repeats r JOIN people p ON p.id = r.person_id
      )
      SELECT * FROM listed l WHERE ${keyset}
       ORDER BY l.incidents DESC, l.display_name, l.person_id
       ${limit}`,
      params,
    );
  }

  /** How many repeat victims, in all and by NPA of their in-scope cases (one person may count in two NPAs). */
  async counts(em: EntityManager, asOf: Date, scope: ReportScope): Promise<{ total: number; byNpa: { npaCode: string; repeatVictims: number }[] }> {
    const params: unknown[] = [];
    const rows: { npa_code: string | null; n: number }[] = await em.query(
      `${this.windowSql(params, asOf, scope, false)}
       SELECT n.npa_code, count(DISTINCT r.person_id)::int AS n
         FROM repeats r CROSS JOIN LATERAL unnest(r.npa_codes) AS n(npa_code)
        GROUP BY GROUPING SETS ((n.npa_code), ())
        ORDER BY n.npa_code NULLS FIRST`,
      params,
    );
    const total = rows.find((r) => r.npa_code === null)?.n ?? 0;
    return { total, byNpa: rows.filter((r) => r.npa_code !== null).map((r) => ({ npaCode: r.npa_code as string, repeatVictims: r.n })) };
  }
}
