import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ReminderCaseRow } from './rules/review-reminder-sections';

export interface ReminderFilter {
  now: Date;
  /** Own cases due up to this instant are listed (now + REVIEW_REMINDER_DAYS_AHEAD days). */
  horizon: Date;
  /** One recipient's rows; everybody's when absent. */
  userId?: string;
}

export interface ReminderRecipientCount {
  userId: string;
  ownCases: number;
  organisationCases: number;
}

export interface ReminderRecipient {
  id: string;
  email: string;
  name: string;
  active: boolean;
  organisationName: string;
}

/**
 * Who the daily review reminder goes to, and with which cases (DOMAIN.md
 * section 7). One set-based query over the open cases due by the horizon: an
 * active officer in charge gets their own cases overdue or due soon, every
 * active supervisor of a case's lead organisation gets it when it is overdue.
 */
@Injectable()
export class ReviewRemindersRepository {
  private sql(f: ReminderFilter, params: unknown[]): string {
    params.push(f.now.toISOString(), f.horizon.toISOString());
    const [now, horizon] = [`$${params.length - 1}::timestamptz`, `$${params.length}::timestamptz`];
    let ownUser = '';
    let supervisor = '';
    if (f.userId) {
      params.push(f.userId);
      ownUser = ` AND c.officer_in_charge_id = $${params.length}::uuid`;
      supervisor = ` AND u.id = $${params.length}::uuid`;
    }
    return `
      SELECT u.id AS user_id, 'own'::text AS section, c.id AS case_id, c.reference, c.npa_code, c.title, c.review_due_at, u.name AS officer_name
        FROM cases c JOIN users u ON u.id = c.officer_in_charge_id
       WHERE c.status = 'open' AND c.review_due_at <= ${horizon} AND u.active${ownUser}
      UNION ALL
      SELECT u.id, 'organisation', c.id, c.reference, c.npa_code, c.title, c.review_due_at, oic.name
        FROM cases c
        JOIN users u ON u.organisation_id = c.lead_organisation_id AND u.active AND 'supervisor' = ANY (u.roles)
        LEFT JOIN users oic ON oic.id = c.officer_in_charge_id
       WHERE c.status = 'open' AND c.review_due_at < ${now}${supervisor}`;
  }

  /** Everybody with anything to hear about, with how many rows of each section. */
  async countByRecipient(em: EntityManager, f: Omit<ReminderFilter, 'userId'>): Promise<ReminderRecipientCount[]> {
    const params: unknown[] = [];
    const rows: { user_id: string; own: number; organisation: number }[] = await em.query(
      `SELECT r.user_id, count(*) FILTER (WHERE r.section = 'own')::int AS own, count(*) FILTER (WHERE r.section = 'organisation')::int AS organisation
         FROM (${this.sql(f, params)}) r
        GROUP BY r.user_id ORDER BY r.user_id`,
      params,
    );
    return rows.map((r) => ({ userId: r.user_id, ownCases: r.own, organisationCases: r.organisation }));
  }

  /** One recipient's rows of both sections. */
  async findRows(em: EntityManager, f: ReminderFilter & { userId: string }): Promise<ReminderCaseRow[]> {
    const params: unknown[] = [];
    const rows: { section: 'own' | 'organisation'; case_id: string; reference: string; npa_code: string; title: string; review_due_at: Date; officer_name: string | null }[] =
      await em.query(`${this.sql(f, params)} ORDER BY review_due_at, reference`, params);
    return rows.map((r) => ({
      section: r.section,
      caseId: r.case_id,
      caseReference: r.reference,
      npaCode: r.npa_code,
      title: r.title,
      officerInCharge: r.officer_name,
      reviewDueAt: new Date(r.review_due_at),
    }));
  }

  async findRecipient(em: EntityManager, userId: string): Promise<ReminderRecipient | null> {
    const [u]: { id: string; email: string; name: string; active: boolean; organisation_name: string }[] = await em.query(
      `SELECT u.id, u.email, u.name, u.active, o.name AS organisation_name FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
      [userId],
    );
    return u ? { id: u.id, email: u.email, name: u.name, active: u.active, organisationName: u.organisation_name } : null;
  }
}
