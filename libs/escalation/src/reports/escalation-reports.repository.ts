import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@asb/core';

export interface ReportQuery {
  from: Date | null;
  to: Date;
  npaCode: string | null;
  cspCode: string | null;
  organisationId: string | null;
  /** Only records on cases this organisation can see; null for the whole partnership. */
  scopeOrganisationId: string | null;
}

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
   * Per CSP (every CSP, zeros included): referrals made in [from, to], resolved
   * in [from, to], and open at `to` (made by then, not resolved by then).
   * Filters: the referral's CSP, the case's NPA and lead organisation.
   * Indexes: jag_referrals_referred_idx for the period, the cases primary key.
   */
  async jag(em: EntityManager, q: ReportQuery): Promise<JagReportRow[]> {
    return em.query(
      `WITH r AS (
         SELECT jr.csp_code, jr.referred_at, jr.resolved_at
           FROM jag_referrals jr JOIN cases c ON c.id = jr.case_id
          WHERE jr.referred_at <= $2
            AND ($3::text IS NULL OR c.npa_code = $3)
            AND ($4::text IS NULL OR jr.csp_code = $4)
            AND ($5::uuid IS NULL OR c.lead_organisation_id = $5)
            AND ($6::uuid IS NULL OR ${AccessService.caseVisibleSql('c', '$6')}))
       SELECT s.code AS csp_code, s.name AS csp_name,
              count(r.csp_code) FILTER (WHERE $1::timestamptz IS NULL OR r.referred_at >= $1)::int AS referred,
              count(r.csp_code) FILTER (WHERE r.resolved_at <= $2 AND ($1::timestamptz IS NULL OR r.resolved_at >= $1))::int AS resolved,
              count(r.csp_code) FILTER (WHERE r.resolved_at IS NULL OR r.resolved_at > $2)::int AS open
         FROM csps s LEFT JOIN r ON r.csp_code = s.code
        WHERE $4::text IS NULL OR s.code = $4
        GROUP BY s.code, s.name
        ORDER BY s.code`,
      [q.from, q.to, q.npaCode, q.cspCode, q.organisationId, q.scopeOrganisationId],
    );
  }

  /**
   * Per organisation that took applications: the applications made in
   * [from, to], how many met the threshold, and their outcomes so far.
   * Filters: the organisation that took the application, and the NPA and CSP
   * of the case it names (an application naming no case has neither).
   * Index: asb_case_reviews_applied_idx.
   */
  async caseReviews(em: EntityManager, q: ReportQuery): Promise<CaseReviewReportRow[]> {
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
        WHERE ($1::timestamptz IS NULL OR r.applied_at >= $1) AND r.applied_at <= $2
          AND ($3::text IS NULL OR c.npa_code = $3)
          AND ($4::text IS NULL OR c.csp_code = $4)
          AND ($5::uuid IS NULL OR r.organisation_id = $5)
          AND ($6::uuid IS NULL OR r.organisation_id = $6 OR (c.id IS NOT NULL AND ${AccessService.caseVisibleSql('c', '$6')}))
        GROUP BY o.id, o.name
        ORDER BY o.name`,
      [q.from, q.to, q.npaCode, q.cspCode, q.organisationId, q.scopeOrganisationId],
    );
  }
}
