import { Injectable } from '@nestjs/common';
import { AccessService } from '@asb/core';
import { EntityManager } from 'typeorm';

export interface MissingRiskAssessmentRow {
  caseId: string;
  caseReference: string;
  npaCode: string;
  officerInChargeId: string | null;
  officerInChargeName: string | null;
  subject: 'case' | 'victim' | 'perpetrator';
  personId: string | null;
  personName: string | null;
  problem: 'missing' | 'review_overdue';
  daysOutstanding: number;
}

export interface MissingFilter {
  now: Date;
  npaCode?: string;
  cspCode?: string;
  leadOrganisationId?: string;
  /** Only cases visible to this organisation; omitted for the partnership-wide weekly job. */
  visibleToOrganisationId?: string;
  limit?: number;
  after?: [string, string, string];
}

export interface MissingCountsByNpa {
  npaCode: string;
  casesNonCompliant: number;
  missing: number;
  reviewOverdue: number;
}

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * DOMAIN.md sections 6 and 11: on an open case, the case assessment and one
 * per victim and per perpetrator are required. A required assessment with none
 * at all is `missing`; a current one past its review date is `review_overdue`.
 * One set-based query: open cases (cases_open_npa_idx, or
 * cases_open_reference_idx for a page), their parties, and the current
 * assessments (risk_assessments_current_key).
 */
@Injectable()
export class MissingRiskAssessmentsRepository {
  /**
   * SQL condition: the case aliased `c` is open and some required assessment
   * (case, each victim, each perpetrator) has no current one still in date.
   */
  static caseNonCompliantSql(c: string, now: string): string {
    const inDate = (subject: string, person: string) =>
      `EXISTS (SELECT 1 FROM risk_assessments ra_m WHERE ra_m.is_current AND ra_m.case_id = ${c}.id AND ra_m.subject = ${subject}
         AND coalesce(ra_m.person_id, '${ZERO_UUID}'::uuid) = ${person} AND ra_m.review_due_at >= ${now})`;
    return `(${c}.status = 'open' AND (NOT ${inDate(`'case'`, `'${ZERO_UUID}'::uuid`)}
      OR EXISTS (SELECT 1 FROM case_parties cp_m WHERE cp_m.case_id = ${c}.id AND cp_m.role IN ('victim', 'perpetrator')
                  AND NOT ${inDate('cp_m.role', 'cp_m.person_id')})))`;
  }

  private sql(f: MissingFilter, params: unknown[]): string {
    params.push(f.now.toISOString());
    const now = `$${params.length}::timestamptz`;
    const where = [`c.status = 'open'`];
    if (f.npaCode) {
      params.push(f.npaCode);
      where.push(`c.npa_code = $${params.length}`);
    }
    if (f.cspCode) {
      params.push(f.cspCode);
      where.push(`c.csp_code = $${params.length}`);
    }
    if (f.leadOrganisationId) {
      params.push(f.leadOrganisationId);
      where.push(`c.lead_organisation_id = $${params.length}::uuid`);
    }
    let visibility = '';
    if (f.visibleToOrganisationId) {
      params.push(f.visibleToOrganisationId);
      const visible = AccessService.caseVisibleJoinSql('c', `$${params.length}::uuid`);
      visibility = visible.join;
      where.push(visible.condition);
    }
    // A walk over the open cases of the filter: for each, its required subjects
    // (the case, then each victim and perpetrator) and the current assessment of
    // each, found by their indexes, however large the history. Walked in
    // reference order (cases_open_reference_idx), a page stops after its rows.
    return `
      SELECT c.id AS case_id, c.reference, c.npa_code, c.officer_in_charge_id, r.subject, r.person_id,
             CASE WHEN ra.id IS NULL THEN 'missing' ELSE 'review_overdue' END AS problem,
             greatest(0, floor(extract(epoch FROM (${now} - coalesce(ra.review_due_at, r.required_since))) / 86400))::int AS days_outstanding
        FROM cases c
        ${visibility}
        CROSS JOIN LATERAL (
          SELECT 'case'::text AS subject, NULL::uuid AS person_id, c.opened_at AS required_since
          UNION ALL
          SELECT cp.role, cp.person_id, greatest(cp.added_at, c.opened_at)
            FROM case_parties cp WHERE cp.case_id = c.id AND cp.role IN ('victim', 'perpetrator')) r
        LEFT JOIN LATERAL (
          SELECT ra.id, ra.review_due_at FROM risk_assessments ra
           WHERE ra.is_current AND ra.case_id = c.id AND ra.subject = r.subject
             AND coalesce(ra.person_id, '${ZERO_UUID}'::uuid) = coalesce(r.person_id, '${ZERO_UUID}'::uuid)
           LIMIT 1) ra ON true
       WHERE ${where.join(' AND ')}
         AND (ra.id IS NULL OR ra.review_due_at < ${now})`;
  }

  /**
   * The rows in (case reference, subject, person) order, after the keyset
   * `after`, at most `limit`: the page is cut before the officers' and people's
   * names are looked up, so a page reads only its own rows.
   */
  async findRows(em: EntityManager, f: MissingFilter): Promise<MissingRiskAssessmentRow[]> {
    const params: unknown[] = [];
    const order = `m.reference, m.subject, coalesce(m.person_id, '${ZERO_UUID}'::uuid)`;
    let page = `SELECT m.* FROM (${this.sql(f, params)}) m`;
    if (f.after) {
      params.push(...f.after);
      const n = params.length;
      page += ` WHERE m.reference >= $${n - 2} AND (m.reference, m.subject, coalesce(m.person_id, '${ZERO_UUID}'::uuid)) > ($${n - 2}, $${n - 1}, $${n}::uuid)`;
    }
    page += ` ORDER BY ${order}`;
    if (f.limit) {
      params.push(f.limit + 1);
      page += ` LIMIT $${params.length}`;
    }
    const sql = `SELECT m.*, u.name AS officer_name, p.display_name AS person_name FROM (${page}) m
                  LEFT JOIN users u ON u.id = m.officer_in_charge_id
                  LEFT JOIN people p ON p.id = m.person_id
                 ORDER BY ${order}`;
    const rows: Record<string, unknown>[] = await em.query(sql, params);
    return rows.map((r) => ({
      caseId: r.case_id as string,
      caseReference: r.reference as string,
      npaCode: r.npa_code as string,
      officerInChargeId: (r.officer_in_charge_id as string) ?? null,
      officerInChargeName: (r.officer_name as string) ?? null,
      subject: r.subject as MissingRiskAssessmentRow['subject'],
      personId: (r.person_id as string) ?? null,
      personName: (r.person_name as string) ?? null,
      problem: r.problem as MissingRiskAssessmentRow['problem'],
      daysOutstanding: r.days_outstanding as number,
    }));
  }

  /** Counts per NPA (every NPA, zeros included), for the weekly run and its trend. */
  async countByNpa(em: EntityManager, now: Date): Promise<MissingCountsByNpa[]> {
    const params: unknown[] = [];
    const rows: { npa_code: string; cases: number; missing: number; overdue: number }[] = await em.query(
      `SELECT n.code AS npa_code,
              count(DISTINCT m.case_id)::int AS cases,
              count(*) FILTER (WHERE m.problem = 'missing')::int AS missing,
              count(*) FILTER (WHERE m.problem = 'review_overdue')::int AS overdue
         FROM npas n LEFT JOIN (${this.sql({ now }, params)}) m ON m.npa_code = n.code
        GROUP BY n.code ORDER BY n.code`,
      params,
    );
    return rows.map((r) => ({ npaCode: r.npa_code, casesNonCompliant: r.cases, missing: r.missing, reviewOverdue: r.overdue }));
  }
}
