import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Answers, RiskLevel, RiskSubject } from '../rules/risk-score';

export interface RiskAssessmentRow {
  id: string;
  case_id: string;
  subject: RiskSubject;
  person_id: string | null;
  template_version: number;
  answers: Answers;
  score: number;
  computed_level: RiskLevel;
  level: RiskLevel;
  override_reason: string | null;
  assessed_at: Date;
  assessed_by_kind: string;
  assessed_by_id: string;
  review_due_at: Date;
  is_current: boolean;
}

export type NewRiskAssessment = Omit<RiskAssessmentRow, 'id' | 'is_current'>;

const COLUMNS = `id, case_id, subject, person_id, template_version, answers, score, computed_level, level, override_reason,
  assessed_at, assessed_by_kind, assessed_by_id, review_due_at, is_current`;

@Injectable()
export class RiskAssessmentRepository {
  /**
   * Inserts an assessment. It becomes current unless the current one of the
   * same subject was assessed later (a late-recorded older assessment joins
   * the history only).
   */
  async insert(em: EntityManager, a: NewRiskAssessment): Promise<RiskAssessmentRow> {
    const [current]: { id: string; assessed_at: Date }[] = await em.query(
      `SELECT id, assessed_at FROM risk_assessments
        WHERE case_id = $1 AND subject = $2 AND person_id IS NOT DISTINCT FROM $3 AND is_current FOR UPDATE`,
      [a.case_id, a.subject, a.person_id],
    );
    const becomesCurrent = !current || current.assessed_at.getTime() <= a.assessed_at.getTime();
    if (current && becomesCurrent) await em.query(`UPDATE risk_assessments SET is_current = false WHERE id = $1`, [current.id]);
    const [row]: RiskAssessmentRow[] = await em.query(
      `INSERT INTO risk_assessments (case_id, subject, person_id, template_version, answers, score, computed_level, level,
         override_reason, assessed_at, assessed_by_kind, assessed_by_id, review_due_at, is_current)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${COLUMNS}`,
      [a.case_id, a.subject, a.person_id, a.template_version, JSON.stringify(a.answers), a.score, a.computed_level, a.level,
        a.override_reason, a.assessed_at, a.assessed_by_kind, a.assessed_by_id, a.review_due_at, becomesCurrent],
    );
    return row;
  }

  /** The case's assessment of this subject (and person) made at exactly this instant, if any (index risk_assessments_case_idx). */
  async findAssessedAt(em: EntityManager, caseId: string, subject: RiskSubject, personId: string | null, assessedAt: Date): Promise<RiskAssessmentRow | null> {
    const rows: RiskAssessmentRow[] = await em.query(
      `SELECT ${COLUMNS} FROM risk_assessments
        WHERE case_id = $1 AND assessed_at = $4 AND subject = $2 AND person_id IS NOT DISTINCT FROM $3::uuid
        ORDER BY id LIMIT 1`,
      [caseId, subject, personId, assessedAt],
    );
    return rows[0] ?? null;
  }

  async findHistoryForCase(em: EntityManager, caseId: string, limit: number, after?: [string, string]): Promise<RiskAssessmentRow[]> {
    return em.query(
      `SELECT ${COLUMNS} FROM risk_assessments
        WHERE case_id = $1 ${after ? 'AND (assessed_at, id) < ($3::timestamptz, $4::uuid)' : ''}
        ORDER BY assessed_at DESC, id DESC LIMIT $2`,
      after ? [caseId, limit + 1, after[0], after[1]] : [caseId, limit + 1],
    );
  }

  /** The current assessments of many cases at once (for case answers). */
  async findCurrentForCases(em: EntityManager, caseIds: string[]): Promise<RiskAssessmentRow[]> {
    if (caseIds.length === 0) return [];
    return em.query(`SELECT ${COLUMNS} FROM risk_assessments WHERE case_id = ANY($1::uuid[]) AND is_current`, [caseIds]);
  }
}
