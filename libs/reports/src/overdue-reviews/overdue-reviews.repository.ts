import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { caseScopeSql, periodSql, ReportScope } from '../scope/report-scope';

export interface OverdueReviewRow {
  case_id: string;
  reference: string;
  npa_code: string;
  csp_code: string;
  lead_organisation_id: string;
  lead_organisation_name: string;
  officer_in_charge_id: string | null;
  officer_in_charge_name: string | null;
  opened_at: Date;
  last_reviewed_at: Date | null;
  review_due_at: Date;
}

/**
 * Open cases past their supervisory review date (DOMAIN.md section 7), most
 * overdue first: a walk of cases_open_review_due_idx from the oldest due date,
 * keyset-paginated on (review_due_at, id); the period selects due dates.
 */
@Injectable()
export class OverdueReviewsRepository {
  async find(em: EntityManager, scope: ReportScope, now: Date, page: { limit?: number; after?: readonly [string, string] }): Promise<OverdueReviewRow[]> {
    const params: unknown[] = [now.toISOString()];
    const where = [`c.status = 'open'`, `c.review_due_at < $1::timestamptz`, periodSql('c.review_due_at', scope, params), caseScopeSql('c', scope, params)];
    if (page.after) {
      params.push(page.after[0], page.after[1]);
      where.push(`(c.review_due_at, c.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    let limit = '';
    if (page.limit !== undefined) {
      params.push(page.limit + 1);
      limit = `LIMIT $${params.length}`;
    }
    return em.query(
      `SELECT c.id AS case_id, c.reference, c.npa_code, c.csp_code, c.lead_organisation_id, o.name AS lead_organisation_name,
              c.officer_in_charge_id, u.name AS officer_in_charge_name, c.opened_at, lr.reviewed_at AS last_reviewed_at, c.review_due_at
         FROM cases c
         JOIN organisations o ON o.id = c.lead_organisation_id
         LEFT JOIN users u ON u.id = c.officer_in_charge_id
         LEFT JOIN LATERAL (SELECT r.reviewed_at FROM case_reviews r WHERE r.case_id = c.id ORDER BY r.reviewed_at DESC LIMIT 1) lr ON true
        WHERE ${where.join(' AND ')}
        ORDER BY c.review_due_at, c.id
        ${limit}`,
      params,
    );
  }
}
