import type { CaseReviewDecision } from '../rules/case-review-outcome';
import type { CaseReviewRow } from './case-reviews.repository';

export interface CaseReviewAnswer {
  id: string;
  applicantPersonId: string;
  caseId: string | null;
  /** The organisation that took the application. */
  organisationId: string;
  appliedAt: string;
  /** The threshold in force when the application was made (CASE_REVIEW_THRESHOLD). */
  threshold: number;
  thresholdMet: boolean;
  /** The applicant's qualifying complaints (incident ids), oldest report first. */
  qualifyingIncidentIds: string[];
  status: 'open' | 'completed';
  decision: CaseReviewDecision | null;
  recommendations: string[] | null;
  outcomeAt: string | null;
  createdAt: string;
}

export function mapCaseReview(r: CaseReviewRow): CaseReviewAnswer {
  return {
    id: r.id,
    applicantPersonId: r.applicant_person_id,
    caseId: r.case_id,
    organisationId: r.organisation_id,
    appliedAt: r.applied_at.toISOString(),
    threshold: r.threshold,
    thresholdMet: r.threshold_met,
    qualifyingIncidentIds: r.qualifying_incident_ids,
    status: r.status,
    decision: r.decision,
    recommendations: r.recommendations,
    outcomeAt: r.outcome_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}
