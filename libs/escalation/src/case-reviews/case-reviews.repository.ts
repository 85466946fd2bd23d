import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@asb/core';
import type { Complaint } from '../rules/case-review-threshold';
import type { CaseReviewDecision } from '../rules/case-review-outcome';

export interface CaseReviewRow {
  id: string;
  applicant_person_id: string;
  case_id: string | null;
  organisation_id: string;
  applied_at: Date;
  threshold: number;
  threshold_met: boolean;
  qualifying_incident_ids: string[];
  status: 'open' | 'completed';
  decision: CaseReviewDecision | null;
  recommendations: string[] | null;
  outcome_at: Date | null;
  outcome_by_id: string | null;
  created_at: Date;
}

export interface NewCaseReview {
  applicantPersonId: string;
  caseId: string | null;
  organisationId: string;
  appliedAt: Date;
  threshold: number;
  thresholdMet: boolean;
  qualifyingIncidentIds: string[];
  byKind: string;
  byId: string;
}

const COLUMNS = `id, applicant_person_id, case_id, organisation_id, applied_at, threshold, threshold_met, qualifying_incident_ids,
  status, decision, recommendations, outcome_at, outcome_by_id, created_at`;

/** Visible to the organisation that took the application, and through its case to whoever can see that. */
const VISIBLE = (orgParam: string) =>
  `(r.organisation_id = ${orgParam} OR EXISTS (SELECT 1 FROM cases c WHERE c.id = r.case_id AND ${AccessService.caseVisibleSql('c', orgParam)}))`;

/** ASB Case Reviews (the Community Trigger) and the complaints they count. */
@Injectable()
export class CaseReviewsRepository {
  /**
   * The applicant's complaints that could qualify for an application at
   * `appliedAt`, from every case: incidents they reported
   * (incidents_reported_by_idx), and incidents naming them as a victim whose
   * reporter is not recorded (incident_victims_person_occurred_idx). `from`
   * is a first cut; the rule decides.
   */
  async complaintsOf(em: EntityManager, personId: string, from: Date, appliedAt: Date): Promise<Complaint[]> {
    const rows: { id: string; occurred_at: Date; reported_at: Date }[] = await em.query(
      `SELECT i.id, i.occurred_at, i.reported_at
         FROM incidents i
        WHERE i.reported_by_person_id = $1 AND i.reported_at >= $2 AND i.reported_at <= $3
       UNION
       SELECT i.id, i.occurred_at, i.reported_at
         FROM incident_victims iv JOIN incidents i ON i.id = iv.incident_id
        WHERE iv.person_id = $1 AND iv.occurred_at >= $2 AND iv.occurred_at <= $3 AND i.reported_by_person_id IS NULL`,
      [personId, from, appliedAt],
    );
    return rows.map((r) => ({ incidentId: r.id, occurredAt: r.occurred_at, reportedAt: r.reported_at }));
  }

  async insert(em: EntityManager, r: NewCaseReview, now: Date): Promise<CaseReviewRow> {
    const rows: CaseReviewRow[] = await em.query(
      `INSERT INTO asb_case_reviews (applicant_person_id, case_id, organisation_id, applied_at, threshold, threshold_met, qualifying_incident_ids,
                                     recorded_by_kind, recorded_by_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9, $10, $10) RETURNING ${COLUMNS}`,
      [r.applicantPersonId, r.caseId, r.organisationId, r.appliedAt, r.threshold, r.thresholdMet, r.qualifyingIncidentIds, r.byKind, r.byId, now],
    );
    return rows[0];
  }

  /** The review when `orgId` can see it; locked when asked. */
  async findVisible(em: EntityManager, id: string, orgId: string, opts: { lock?: boolean } = {}): Promise<CaseReviewRow | null> {
    const rows: CaseReviewRow[] = await em.query(
      `SELECT ${COLUMNS} FROM asb_case_reviews r WHERE r.id = $1 AND ${VISIBLE('$2')}${opts.lock ? ' FOR UPDATE OF r' : ''}`,
      [id, orgId],
    );
    return rows[0] ?? null;
  }

  async recordOutcome(
    em: EntityManager,
    id: string,
    o: { decision: CaseReviewDecision; recommendations: string[]; byKind: string; byId: string },
    now: Date,
  ): Promise<CaseReviewRow> {
    const rows: CaseReviewRow[] = await em.query(
      `WITH u AS (
         UPDATE asb_case_reviews SET status = 'completed', decision = $2, recommendations = $3, outcome_at = $6,
                outcome_by_kind = $4, outcome_by_id = $5, updated_at = $6
          WHERE id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM u`,
      [id, o.decision, o.recommendations, o.byKind, o.byId, now],
    );
    return rows[0];
  }
}
