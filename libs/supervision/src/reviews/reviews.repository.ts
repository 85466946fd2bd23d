import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface ReviewRow {
  id: string;
  case_id: string;
  reviewer_id: string;
  reviewed_at: Date;
  summary: string;
  decision: 'continue' | 'close' | 'escalate_jag';
  outcome: string | null;
  risk_assessments_checked: boolean;
  next_actions: string | null;
  due_at: Date;
  created_at: Date;
}

export interface NewReview {
  caseId: string;
  reviewerId: string;
  reviewedAt: Date;
  summary: string;
  decision: ReviewRow['decision'];
  outcome: string | null;
  riskAssessmentsChecked: boolean;
  nextActions: string | null;
  dueAt: Date;
}

const REVIEW_COLUMNS = `id, case_id, reviewer_id, reviewed_at, summary, decision, outcome, risk_assessments_checked, next_actions, due_at, created_at`;

/** Supervisory reviews, and the case columns that reviews, closures and reopenings move. */
@Injectable()
export class ReviewsRepository {
  async insert(em: EntityManager, r: NewReview, now: Date): Promise<ReviewRow> {
    const rows: ReviewRow[] = await em.query(
      `INSERT INTO case_reviews (case_id, reviewer_id, reviewed_at, summary, decision, outcome, risk_assessments_checked, next_actions, due_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${REVIEW_COLUMNS}`,
      [r.caseId, r.reviewerId, r.reviewedAt, r.summary, r.decision, r.outcome, r.riskAssessmentsChecked, r.nextActions, r.dueAt, now],
    );
    return rows[0];
  }

  /** When the case was last reviewed (index case_reviews_case_reviewed_idx). */
  async lastReviewedAt(em: EntityManager, caseId: string): Promise<Date | null> {
    const rows: { reviewed_at: Date }[] = await em.query(
      `SELECT reviewed_at FROM case_reviews WHERE case_id = $1 ORDER BY reviewed_at DESC LIMIT 1`,
      [caseId],
    );
    return rows[0]?.reviewed_at ?? null;
  }

  /** One page of the case's reviews, newest first, keyset on (reviewed_at DESC, id DESC). */
  async pageForCase(em: EntityManager, caseId: string, limit: number, after?: { reviewedAt: string; id: string }): Promise<ReviewRow[]> {
    const values: unknown[] = [caseId, limit + 1];
    let keyset = '';
    if (after) {
      values.push(after.reviewedAt, after.id);
      keyset = `AND (reviewed_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    return em.query(
      `SELECT ${REVIEW_COLUMNS} FROM case_reviews WHERE case_id = $1 ${keyset} ORDER BY reviewed_at DESC, id DESC LIMIT $2`,
      values,
    );
  }

  async setReviewDue(em: EntityManager, caseId: string, reviewDueAt: Date, now: Date): Promise<void> {
    await em.query(`WITH u AS (UPDATE cases SET review_due_at = $2, updated_at = $3 WHERE id = $1 RETURNING 1) SELECT count(*) FROM u`, [caseId, reviewDueAt, now]);
  }

  async close(em: EntityManager, caseId: string, closedAt: Date, outcome: string, now: Date): Promise<void> {
    await em.query(
      `WITH u AS (UPDATE cases SET status = 'closed', closed_at = $2, close_outcome = $3, updated_at = $4 WHERE id = $1 RETURNING 1) SELECT count(*) FROM u`,
      [caseId, closedAt, outcome, now],
    );
  }

  async reopen(
    em: EntityManager,
    c: { caseId: string; previousClosedAt: Date; previousOutcome: string | null },
    reason: string,
    reviewDueAt: Date,
    by: { kind: string; id: string },
    now: Date,
  ): Promise<string> {
    await em.query(
      `WITH u AS (UPDATE cases SET status = 'open', closed_at = NULL, close_outcome = NULL, reopened_at = $2, review_due_at = $3, updated_at = $2
                  WHERE id = $1 RETURNING 1) SELECT count(*) FROM u`,
      [c.caseId, now, reviewDueAt],
    );
    const rows: { id: string }[] = await em.query(
      `INSERT INTO case_reopenings (case_id, reopened_at, reason, previous_closed_at, previous_outcome, reopened_by_kind, reopened_by_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $2) RETURNING id`,
      [c.caseId, now, reason, c.previousClosedAt, c.previousOutcome, by.kind, by.id],
    );
    return rows[0].id;
  }
}
