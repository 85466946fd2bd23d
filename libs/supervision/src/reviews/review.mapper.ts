import type { ReviewRow } from './reviews.repository';

export interface ReviewAnswer {
  id: string;
  caseId: string;
  reviewerId: string;
  reviewedAt: string;
  summary: string;
  decision: ReviewRow['decision'];
  outcome: string | null;
  riskAssessmentsChecked: boolean;
  nextActions: string | null;
  /** The review due date this review answered. */
  dueAt: string;
  /** Made by its due date (DOMAIN.md section 11: reviews done on time). */
  onTime: boolean;
  createdAt: string;
}

export function mapReview(r: ReviewRow): ReviewAnswer {
  return {
    id: r.id,
    caseId: r.case_id,
    reviewerId: r.reviewer_id,
    reviewedAt: r.reviewed_at.toISOString(),
    summary: r.summary,
    decision: r.decision,
    outcome: r.outcome,
    riskAssessmentsChecked: r.risk_assessments_checked,
    nextActions: r.next_actions,
    dueAt: r.due_at.toISOString(),
    onTime: r.reviewed_at.getTime() <= r.due_at.getTime(),
    createdAt: r.created_at.toISOString(),
  };
}
