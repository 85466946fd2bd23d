import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@asb/core';
import { caseScopeSql, periodSql, ReportScope } from '@asb/reports';

export interface JagReportRow {
  csp_code: string;
  csp_name: string;
  referred: number;
  resolved: number;
  open: number;
}

export interface CaseReviewReportRow {
  organisation_id: string;
  organisation_name: string;
  applications: number;
  threshold_met: number;
  threshold_not_met: number;
  awaiting_outcome: number;
  recommendations_made: number;
  no_further_action: number;
  decided_threshold_not_met: number;
}

/** The escalation reports (DOMAIN.md section 11), each one set-based statement. */
@Injectable()
export class EscalationReportsRepository {
  /**
   * Per CSP (every CSP, zeros included): referrals made in the period,
   * resolved in it, and open at its end `end` (made by then, not resolved by
   * then). A referral counts under the CSP whose JAG it went to, which the
   * CSP filter also reads; NPA, lead organisation and visibility are the
   * case's. Indexes: jag_referrals_referred_idx, the cases primary key.
   */
  async jag(em: EntityManager, scope: ReportScope, end: Date): Promise<JagReportRow[]> {
    const params: unknown[] = [];
    const cases = caseScopeSql('c', { ...scope, cspCode: undefined }, params);
    params.push(end.toISOString());
    const endP = `$${params.length}::timestamptz`;
    const resolvedInPeriod = periodSql('r.resolved_at', { from: scope.from, to: end }, params);
    const referredInPeriod = periodSql('r.referred_at', { from: scope.from }, params);
    params.push(scope.cspCode ?? null);
    const cspP = `$${params.length}::text`;
    return em.query(
      `WITH r AS (
         SELECT jr.csp_code, jr.referred_at, jr.resolved_at
           FROM jag_referrals jr JOIN cases c ON c.id = jr.case_id
          WHERE jr.referred_at <= ${endP} AND ${cases} AND (${cspP} IS NULL OR jr.csp_code = ${cspP}))
       SELECT s.code AS csp_code, s.name AS csp_name,
              count(r.csp_code) FILTER (WHERE ${referredInPeriod})::int AS referred,
              count(r.csp_code) FILTER (WHERE r.resolved_at IS NOT NULL AND ${resolvedInPeriod})::int AS resolved,
              count(r.csp_code) FILTER (WHERE r.resolved_at IS NULL OR r.resolved_at > ${endP})::int AS open
         FROM csps s LEFT JOIN r ON r.csp_code = s.code
        WHERE ${cspP} IS NULL OR s.code = ${cspP}
        GROUP BY s.code, s.name
        ORDER BY s.code`,
      params,
    );
  }

  /**
   * Per organisation that took applications: the applications made in the
   * period, how many met the threshold, and their outcomes so far. The
   * organisation filter reads the organisation that took the application; the
   * NPA and CSP filters the case it names (an application naming no case has
   * neither). A supervisor's organisation sees the applications it took and
   * those on cases it can see. Index: asb_case_reviews_applied_idx.
   */
  async caseReviews(em: EntityManager, scope: ReportScope): Promise<CaseReviewReportRow[]> {
    const params: unknown[] = [];
    const cases = caseScopeSql('c', { npaCode: scope.npaCode, cspCode: scope.cspCode }, params);
    const period = periodSql('r.applied_at', scope, params);
    const where = [cases, period];
    if (scope.organisationId) {
      params.push(scope.organisationId);
      where.push(`r.organisation_id = $${params.length}::uuid`);
    }
    if (scope.visibleTo) {
      params.push(scope.visibleTo);
      const p = `$${params.length}::uuid`;
      where.push(`(r.organisation_id = ${p} OR (c.id IS NOT NULL AND ${AccessService.caseVisibleSql('c', p)}))`);
    }
    return em.query(
      `SELECT o.id AS organisation_id, o.name AS organisation_name,
              count(*)::int AS applications,
              count(*) FILTER (WHERE r.threshold_met)::int AS threshold_met,
              count(*) FILTER (WHERE NOT r.threshold_met)::int AS threshold_not_met,
              count(*) FILTER (WHERE r.status = 'open')::int AS awaiting_outcome,
              count(*) FILTER (WHERE r.decision = 'recommendations_made')::int AS recommendations_made,
              count(*) FILTER (WHERE r.decision = 'no_further_action')::int AS no_further_action,
              count(*) FILTER (WHERE r.decision = 'threshold_not_met')::int AS decided_threshold_not_met
         FROM asb_case_reviews r
         JOIN organisations o ON o.id = r.organisation_id
         LEFT JOIN cases c ON c.id = r.case_id
        WHERE ${where.join(' AND ')}
        GROUP BY o.id, o.name
        ORDER BY o.name`,
      params,
    );
  }
}
