import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@asb/core';
import type { JagCriterion } from '../rules/jag-criteria';

export interface JagActionRow {
  id: string;
  referral_id: string;
  organisation_id: string;
  description: string;
  due_at: Date;
  status: 'open' | 'completed' | 'cancelled';
  completion_note: string | null;
  cancel_reason: string | null;
  closed_at: Date | null;
  created_at: Date;
}

/** A referral with its case's reference, its actions and the meetings that discussed it. */
export interface JagReferralRow {
  id: string;
  case_id: string;
  case_reference: string;
  csp_code: string;
  reasons: JagCriterion[];
  complex_reason: string | null;
  evidence: Record<string, unknown>;
  summary: string;
  status: 'open' | 'resolved';
  referred_at: Date;
  referred_by_kind: string;
  referred_by_id: string;
  outcome: string | null;
  resolved_at: Date | null;
  resolved_by_id: string | null;
  created_at: Date;
  /** JSON of jag_actions rows: times are strings. */
  actions: (Omit<JagActionRow, 'due_at' | 'closed_at' | 'created_at'> & { due_at: string; closed_at: string | null; created_at: string })[];
  meeting_ids: string[];
}

/** A referral's own columns with the case facts that decide what may be done to it. */
export interface JagReferralState {
  id: string;
  case_id: string;
  csp_code: string;
  status: 'open' | 'resolved';
  referred_at: Date;
  case_status: 'open' | 'closed';
  visible: boolean;
}

export interface JagActionState {
  id: string;
  referral_id: string;
  organisation_id: string;
  status: JagActionRow['status'];
  case_id: string;
  case_visible: boolean;
}

export interface NewJagReferral {
  caseId: string;
  cspCode: string;
  reasons: JagCriterion[];
  complexReason: string | null;
  evidence: Record<string, unknown>;
  summary: string;
  referredAt: Date;
  referredByKind: string;
  referredById: string;
}

export interface JagMeetingRow {
  id: string;
  csp_code: string;
  held_at: Date;
  created_at: Date;
}

const ACTION_COLUMNS = `a.id, a.referral_id, a.organisation_id, a.description, a.due_at, a.status, a.completion_note, a.cancel_reason, a.closed_at, a.created_at`;

/** The referral aliased r (its case c) with actions (jag_actions_referral_idx) and meetings (jag_meeting_referrals_referral_idx). */
const REFERRAL_SELECT = `
  SELECT r.id, r.case_id, c.reference AS case_reference, r.csp_code, r.reasons, r.complex_reason, r.evidence, r.summary, r.status,
         r.referred_at, r.referred_by_kind, r.referred_by_id, r.outcome, r.resolved_at, r.resolved_by_id, r.created_at,
         coalesce((SELECT json_agg(json_build_object(
                     'id', a.id, 'referral_id', a.referral_id, 'organisation_id', a.organisation_id, 'description', a.description,
                     'due_at', a.due_at, 'status', a.status, 'completion_note', a.completion_note, 'cancel_reason', a.cancel_reason,
                     'closed_at', a.closed_at, 'created_at', a.created_at) ORDER BY a.created_at, a.id)
                     FROM jag_actions a WHERE a.referral_id = r.id), '[]'::json) AS actions,
         ARRAY(SELECT mr.meeting_id FROM jag_meeting_referrals mr JOIN jag_meetings m ON m.id = mr.meeting_id
                WHERE mr.referral_id = r.id ORDER BY m.held_at, m.id) AS meeting_ids
    FROM jag_referrals r JOIN cases c ON c.id = r.case_id`;

/** JAG referrals, their actions and JAG meetings (DOMAIN.md section 10). */
@Injectable()
export class JagRepository {
  async openReferralOfCase(em: EntityManager, caseId: string): Promise<string | null> {
    const rows: { id: string }[] = await em.query(`SELECT id FROM jag_referrals WHERE case_id = $1 AND status = 'open'`, [caseId]);
    return rows[0]?.id ?? null;
  }

  /** Victims on the case with whether they carry a vulnerability marker. */
  async victimsOfCase(em: EntityManager, caseId: string): Promise<{ person_id: string; vulnerable: boolean }[]> {
    return em.query(
      `SELECT cp.person_id, cardinality(p.vulnerabilities) > 0 AS vulnerable
         FROM case_parties cp JOIN people p ON p.id = cp.person_id
        WHERE cp.case_id = $1 AND cp.role = 'victim' ORDER BY cp.person_id`,
      [caseId],
    );
  }

  /** Incidents on the case that occurred in [from, to] (index incidents_case_occurred_idx). */
  async incidentsBetween(em: EntityManager, caseId: string, from: Date, to: Date): Promise<number> {
    const rows: { n: number }[] = await em.query(
      `SELECT count(*)::int AS n FROM incidents WHERE case_id = $1 AND occurred_at >= $2 AND occurred_at <= $3`,
      [caseId, from, to],
    );
    return rows[0].n;
  }

  /**
   * Inserts an open referral; null when the case already has one. The partial
   * unique index jag_referrals_one_open_per_case decides, so two referrals
   * made at once cannot both be open.
   */
  async insertReferral(em: EntityManager, r: NewJagReferral, now: Date): Promise<string | null> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO jag_referrals (case_id, csp_code, reasons, complex_reason, evidence, summary, referred_at, referred_by_kind, referred_by_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $10)
       ON CONFLICT (case_id) WHERE status = 'open' DO NOTHING
       RETURNING id`,
      [r.caseId, r.cspCode, r.reasons, r.complexReason, JSON.stringify(r.evidence), r.summary, r.referredAt, r.referredByKind, r.referredById, now],
    );
    return rows[0]?.id ?? null;
  }

  async findReferral(em: EntityManager, id: string): Promise<JagReferralRow | null> {
    const rows: JagReferralRow[] = await em.query(`${REFERRAL_SELECT} WHERE r.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The referral, locked, with its case's status and whether `orgId` can see the case; null when no such id. */
  async lockReferral(em: EntityManager, id: string, orgId: string): Promise<JagReferralState | null> {
    const rows: JagReferralState[] = await em.query(
      `SELECT r.id, r.case_id, r.csp_code, r.status, r.referred_at, c.status AS case_status, ${AccessService.caseVisibleSql('c', '$2')} AS visible
         FROM jag_referrals r JOIN cases c ON c.id = r.case_id
        WHERE r.id = $1 FOR UPDATE OF r`,
      [id, orgId],
    );
    return rows[0] ?? null;
  }

  /** The referrals of the ids given, with whether `orgId` can see their cases. */
  async referralsFor(em: EntityManager, ids: string[], orgId: string): Promise<Omit<JagReferralState, 'case_status'>[]> {
    return em.query(
      `SELECT r.id, r.case_id, r.csp_code, r.status, r.referred_at, ${AccessService.caseVisibleSql('c', '$2')} AS visible
         FROM jag_referrals r JOIN cases c ON c.id = r.case_id WHERE r.id = ANY($1::uuid[])`,
      [ids, orgId],
    );
  }

  async openActionCount(em: EntityManager, referralId: string): Promise<number> {
    const rows: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM jag_actions WHERE referral_id = $1 AND status = 'open'`, [referralId]);
    return rows[0].n;
  }

  async resolve(em: EntityManager, id: string, outcome: string, by: string, now: Date): Promise<void> {
    await em.query(
      `WITH u AS (UPDATE jag_referrals SET status = 'resolved', outcome = $2, resolved_at = $4, resolved_by_id = $3, updated_at = $4 WHERE id = $1 RETURNING 1)
       SELECT count(*) FROM u`,
      [id, outcome, by, now],
    );
  }

  async insertAction(
    em: EntityManager,
    a: { referralId: string; organisationId: string; description: string; dueAt: Date; byKind: string; byId: string },
    now: Date,
  ): Promise<JagActionRow> {
    const rows: JagActionRow[] = await em.query(
      `INSERT INTO jag_actions AS a (referral_id, organisation_id, description, due_at, created_by_kind, created_by_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ACTION_COLUMNS}`,
      [a.referralId, a.organisationId, a.description, a.dueAt, a.byKind, a.byId, now],
    );
    return rows[0];
  }

  /** The action, locked, with its referral's case and whether `orgId` can see it; null when no such id. */
  async lockAction(em: EntityManager, id: string, orgId: string): Promise<JagActionState | null> {
    const rows: JagActionState[] = await em.query(
      `SELECT a.id, a.referral_id, a.organisation_id, a.status, r.case_id, ${AccessService.caseVisibleSql('c', '$2')} AS case_visible
         FROM jag_actions a JOIN jag_referrals r ON r.id = a.referral_id JOIN cases c ON c.id = r.case_id
        WHERE a.id = $1 FOR UPDATE OF a`,
      [id, orgId],
    );
    return rows[0] ?? null;
  }

  async closeAction(
    em: EntityManager,
    id: string,
    close: { status: 'completed' | 'cancelled'; text: string; byKind: string; byId: string },
    now: Date,
  ): Promise<JagActionRow> {
    const rows: JagActionRow[] = await em.query(
      `WITH a AS (
         UPDATE jag_actions SET status = $2,
                completion_note = CASE WHEN $2 = 'completed' THEN $3 END,
                cancel_reason = CASE WHEN $2 = 'cancelled' THEN $3 END,
                closed_at = $6, closed_by_kind = $4, closed_by_id = $5
          WHERE id = $1 RETURNING *)
       SELECT ${ACTION_COLUMNS} FROM a`,
      [id, close.status, close.text, close.byKind, close.byId, now],
    );
    return rows[0];
  }

  async organisationsAmong(em: EntityManager, ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await em.query(`SELECT id FROM organisations WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  async cspExists(em: EntityManager, code: string): Promise<boolean> {
    return (await em.query(`SELECT 1 FROM csps WHERE code = $1`, [code])).length > 0;
  }

  /** The meeting, its attendees and the referrals it discussed, in one statement. */
  async insertMeeting(
    em: EntityManager,
    m: { cspCode: string; heldAt: Date; organisationIds: string[]; referralIds: string[]; byKind: string; byId: string },
    now: Date,
  ): Promise<JagMeetingRow> {
    const rows: JagMeetingRow[] = await em.query(
      `WITH m AS (
         INSERT INTO jag_meetings (csp_code, held_at, recorded_by_kind, recorded_by_id, created_at) VALUES ($1, $2, $5, $6, $7)
         RETURNING id, csp_code, held_at, created_at),
       a AS (INSERT INTO jag_meeting_attendees (meeting_id, organisation_id) SELECT m.id, o FROM m, unnest($3::uuid[]) AS o),
       r AS (INSERT INTO jag_meeting_referrals (meeting_id, referral_id) SELECT m.id, x FROM m, unnest($4::uuid[]) AS x)
       SELECT * FROM m`,
      [m.cspCode, m.heldAt, m.organisationIds, m.referralIds, m.byKind, m.byId, now],
    );
    return rows[0];
  }

  /**
   * One page of the referrals on cases `orgId` can see, newest first, keyset
   * on (referred_at DESC, id DESC); indexes jag_referrals_status_referred_idx
   * and jag_referrals_csp_status_referred_idx.
   */
  async pageVisible(
    em: EntityManager,
    orgId: string,
    f: { cspCode?: string; status?: 'open' | 'resolved' },
    limit: number,
    after?: { referredAt: string; id: string },
  ): Promise<(JagReferralRow & { cursor_referred_at: string })[]> {
    const values: unknown[] = [orgId, limit + 1, f.cspCode ?? null, f.status ?? null];
    let keyset = '';
    if (after) {
      values.push(after.referredAt, after.id);
      keyset = `AND (r.referred_at, r.id) < ($5::timestamptz, $6::uuid)`;
    }
    return em.query(
      `SELECT q.*, to_char(q.referred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_referred_at FROM (
         ${REFERRAL_SELECT}
          WHERE ($3::text IS NULL OR r.csp_code = $3) AND ($4::text IS NULL OR r.status = $4)
            AND ${AccessService.caseVisibleSql('c', '$1')} ${keyset}
          ORDER BY r.referred_at DESC, r.id DESC
          LIMIT $2) q
        ORDER BY q.referred_at DESC, q.id DESC`,
      values,
    );
  }
}
