import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { REPEAT_VICTIM_MIN_INCIDENTS, REPEAT_VICTIM_WINDOW_MONTHS } from '@asb/people/repeat-victim/repeat-victim';
import { caseScopeSql, ReportScope } from '../scope/report-scope';

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
 * of incident_victims_occurred_idx (index-only), grouped by person.
 */
@Injectable()
export class RepeatVictimsRepository {
  private windowSql(params: unknown[], asOf: Date, scope: ReportScope): string {
    params.push(asOf.toISOString(), REPEAT_VICTIM_WINDOW_MONTHS, REPEAT_VICTIM_MIN_INCIDENTS);
    const [at, months, min] = [`$${params.length - 2}::timestamptz`, `$${params.length - 1}::int`, `$${params.length}::int`];
    const inWindow = (iv: string) => `${iv}.occurred_at >= ${at} - make_interval(months => ${months}) AND ${iv}.occurred_at <= ${at}`;
    return `
      WITH repeats AS (
        SELECT iv.person_id, count(*)::int AS incidents, max(iv.occurred_at) AS last_incident_at
          FROM incident_victims iv
         WHERE ${inWindow('iv')}
         GROUP BY iv.person_id
        HAVING count(*) >= ${min}
      ), in_scope AS (
        SELECT r.person_id, r.incidents, r.last_incident_at, c.reference, c.npa_code
          FROM repeats r
          JOIN incident_victims iv ON iv.person_id = r.person_id AND ${inWindow('iv')}
          JOIN incidents i ON i.id = iv.incident_id
          JOIN cases c ON c.id = i.case_id
         WHERE ${caseScopeSql('c', scope, params)}
      )`;
  }

  /** One page of the people, most incidents first, with the in-scope case references; `total` counts them all. */
  async list(em: EntityManager, asOf: Date, scope: ReportScope, page: { limit?: number; after?: readonly [number, string, string] }): Promise<RepeatVictimRow[]> {
    const params: unknown[] = [];
    const cte = this.windowSql(params, asOf, scope);
    let keyset = 'true';
    if (page.after) {
      params.push(page.after[0], page.after[1], page.after[2]);
      const [n, name, id] = [`$${params.length - 2}::int`, `$${params.length - 1}::text`, `$${params.length}::uuid`];
      keyset = `(l.incidents < ${n} OR (l.incidents = ${n} AND (l.display_name, l.person_id) > (${name}, ${id})))`;
    }
    let limit = '';
    if (page.limit !== undefined) {
      params.push(page.limit + 1);
      limit = `LIMIT $${params.length}`;
    }
    return em.query(
      `${cte}, listed AS (
        SELECT s.person_id, p.display_name, s.incidents, s.last_incident_at,
               array_agg(DISTINCT s.reference ORDER BY s.reference) AS case_references, count(*) OVER ()::int AS total
          FROM in_scope s JOIN people p ON p.id = s.person_id
         GROUP BY s.person_id, p.display_name, s.incidents, s.last_incident_at
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
      `${this.windowSql(params, asOf, scope)}
       SELECT s.npa_code, count(DISTINCT s.person_id)::int AS n FROM in_scope s GROUP BY GROUPING SETS ((s.npa_code), ())
        ORDER BY s.npa_code NULLS FIRST`,
      params,
    );
    const total = rows.find((r) => r.npa_code === null)?.n ?? 0;
    return { total, byNpa: rows.filter((r) => r.npa_code !== null).map((r) => ({ npaCode: r.npa_code as string, repeatVictims: r.n })) };
  }
}
