import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@asb/core';
import { MissingRiskAssessmentsRepository } from '@asb/risk';
import { REPEAT_VICTIM_MIN_INCIDENTS, REPEAT_VICTIM_WINDOW_MONTHS } from '@asb/people';

export interface CaseRow {
  id: string;
  reference: string;
  status: 'open' | 'closed';
  title: string;
  description: string | null;
  category: string;
  type: string;
  aggravating_factors: string[];
  address: string | null;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  npa_code: string;
  csp_code: string;
  lead_organisation_id: string;
  officer_in_charge_id: string | null;
  opened_at: Date;
  closed_at: Date | null;
  close_outcome: string | null;
  reopened_at: Date | null;
  review_due_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface NewCase {
  reference: string;
  title: string;
  description: string | null;
  category: string;
  type: string;
  aggravatingFactors: string[];
  address: string | null;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  npaCode: string;
  cspCode: string;
  leadOrganisationId: string;
  officerInChargeId: string | null;
  openedAt: Date;
  reviewDueAt: Date;
}

/** Column names that PATCH may set, by their answer names. */
export const UPDATABLE_COLUMNS = {
  title: 'title',
  description: 'description',
  category: 'category',
  type: 'type',
  aggravatingFactors: 'aggravating_factors',
  address: 'address',
  postcode: 'postcode',
  latitude: 'latitude',
  longitude: 'longitude',
  npaCode: 'npa_code',
  cspCode: 'csp_code',
  officerInChargeId: 'officer_in_charge_id',
} as const;
export type CaseChanges = Partial<Record<keyof typeof UPDATABLE_COLUMNS, unknown>>;

export interface CaseListFilters {
  status?: 'open' | 'closed';
  npaCode?: string;
  cspCode?: string;
  organisationId?: string;
  officerInChargeId?: string;
  reviewOverdue?: boolean;
  repeatVictim?: boolean;
  missingRiskAssessment?: boolean;
  q?: string;
  postcodePrefix?: string;
  externalRef?: { system: string; value: string };
}

export type CaseListRow = CaseRow & { cursor_opened_at: string };

const CASE_COLUMNS = `c.id, c.reference, c.status, c.title, c.description, c.category, c.type, c.aggravating_factors,
  c.address, c.postcode, c.latitude, c.longitude, c.npa_code, c.csp_code, c.lead_organisation_id, c.officer_in_charge_id,
  c.opened_at, c.closed_at, c.close_outcome, c.reopened_at, c.review_due_at, c.created_at, c.updated_at`;

/** Cases in SQL: named queries, always parameterised. */
@Injectable()
export class CasesRepository {
  async npaDefaultCsp(em: EntityManager, npaCode: string): Promise<string | null> {
    const rows: { default_csp_code: string }[] = await em.query(`SELECT default_csp_code FROM npas WHERE code = $1`, [npaCode]);
    return rows[0]?.default_csp_code ?? null;
  }

  async cspExists(em: EntityManager, cspCode: string): Promise<boolean> {
    return (await em.query(`SELECT 1 FROM csps WHERE code = $1`, [cspCode])).length > 0;
  }

  async isActiveUserOf(em: EntityManager, userId: string, organisationId: string): Promise<boolean> {
    return (await em.query(`SELECT 1 FROM users WHERE id = $1 AND organisation_id = $2 AND active`, [userId, organisationId])).length > 0;
  }

  async organisationExists(em: EntityManager, organisationId: string): Promise<boolean> {
    return (await em.query(`SELECT 1 FROM organisations WHERE id = $1`, [organisationId])).length > 0;
  }

  /** The next number of the year's sequence; the counter row is locked until the transaction ends. */
  async nextReferenceSequence(em: EntityManager, year: number): Promise<number> {
    const rows: { last_value: number }[] = await em.query(
      `INSERT INTO case_reference_counters (year, last_value) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_value = case_reference_counters.last_value + 1
       RETURNING last_value`,
      [year],
    );
    return rows[0].last_value;
  }

  async insertCase(em: EntityManager, c: NewCase, now: Date): Promise<CaseRow> {
    const rows: CaseRow[] = await em.query(
      `INSERT INTO cases AS c (reference, title, description, category, type, aggravating_factors, address, postcode, latitude, longitude,
                          npa_code, csp_code, lead_organisation_id, officer_in_charge_id, opened_at, review_due_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
       RETURNING ${CASE_COLUMNS}`,
      [
        c.reference, c.title, c.description, c.category, c.type, c.aggravatingFactors, c.address, c.postcode, c.latitude, c.longitude,
        c.npaCode, c.cspCode, c.leadOrganisationId, c.officerInChargeId, c.openedAt, c.reviewDueAt, now,
      ],
    );
    return rows[0];
  }

  async findById(em: EntityManager, id: string): Promise<CaseRow | null> {
    const rows: CaseRow[] = await em.query(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async update(em: EntityManager, id: string, changes: CaseChanges, now: Date): Promise<CaseRow> {
    const sets: string[] = [];
    const values: unknown[] = [id, now];
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      values.push(value);
      sets.push(`${UPDATABLE_COLUMNS[key as keyof typeof UPDATABLE_COLUMNS]} = $${values.length}`);
    }
    // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
    const rows: CaseRow[] = await em.query(
      `WITH u AS (UPDATE cases SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1 RETURNING *)
       SELECT ${CASE_COLUMNS} FROM u AS c`,
      values,
    );
    return rows[0];
  }

  async sharedWith(em: EntityManager, caseId: string): Promise<string[]> {
    const rows: { organisation_id: string }[] = await em.query(
      `SELECT organisation_id FROM case_shares WHERE case_id = $1 ORDER BY shared_at, organisation_id`,
      [caseId],
    );
    return rows.map((r) => r.organisation_id);
  }

  /** Inserts the share; false when it already existed. */
  async addShare(em: EntityManager, caseId: string, organisationId: string, now: Date): Promise<{ shared_at: Date } | null> {
    const rows: { shared_at: Date }[] = await em.query(
      `INSERT INTO case_shares (case_id, organisation_id, shared_at) VALUES ($1, $2, $3)
       ON CONFLICT (case_id, organisation_id) DO NOTHING RETURNING shared_at`,
      [caseId, organisationId, now],
    );
    return rows[0] ?? null;
  }

  async removeShare(em: EntityManager, caseId: string, organisationId: string): Promise<boolean> {
    const rows: { n: number }[] = await em.query(
      `WITH d AS (DELETE FROM case_shares WHERE case_id = $1 AND organisation_id = $2 RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [caseId, organisationId],
    );
    return rows[0].n > 0;
  }

  /**
   * One page of the cases visible to the organisation, newest opened first,
   * keyset on (opened_at DESC, id DESC): one query, every filter in SQL.
   */
  async listVisible(
    em: EntityManager,
    organisationId: string,
    f: CaseListFilters,
    now: Date,
    limit: number,
    after?: { openedAt: string; id: string },
  ): Promise<CaseListRow[]> {
    const values: unknown[] = [organisationId];
    const p = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    const where = [AccessService.caseVisibleSql('c', '$1')];
    if (f.status) where.push(`c.status = ${p(f.status)}`);
    if (f.npaCode) where.push(`c.npa_code = ${p(f.npaCode)}`);
    if (f.cspCode) where.push(`c.csp_code = ${p(f.cspCode)}`);
    if (f.organisationId) where.push(`c.lead_organisation_id = ${p(f.organisationId)}`);
    if (f.officerInChargeId) where.push(`c.officer_in_charge_id = ${p(f.officerInChargeId)}`);
    if (f.reviewOverdue !== undefined) {
      const overdue = `(c.status = 'open' AND c.review_due_at < ${p(now)}::timestamptz)`;
      where.push(f.reviewOverdue ? overdue : `NOT ${overdue}`);
    }
    if (f.repeatVictim !== undefined) {
      const nowParam = p(now);
      const repeat = `EXISTS (SELECT 1 FROM case_parties cp_r WHERE cp_r.case_id = c.id AND cp_r.role = 'victim'
          AND (SELECT count(*) FROM incident_victims iv
                WHERE iv.person_id = cp_r.person_id
                  AND iv.occurred_at >= ${nowParam}::timestamptz - make_interval(months => ${p(REPEAT_VICTIM_WINDOW_MONTHS)})
                  AND iv.occurred_at <= ${nowParam}::timestamptz) >= ${p(REPEAT_VICTIM_MIN_INCIDENTS)})`;
      where.push(f.repeatVictim ? repeat : `NOT ${repeat}`);
    }
    if (f.missingRiskAssessment !== undefined) {
      const nonCompliant = MissingRiskAssessmentsRepository.caseNonCompliantSql('c', `${p(now)}::timestamptz`);
      where.push(f.missingRiskAssessment ? nonCompliant : `NOT ${nonCompliant}`);
    }
    if (f.q) {
      const q = p(f.q);
      where.push(`(c.reference = upper(${q}) OR lower(c.title) LIKE '%' || ${p(escapeLike(f.q.toLowerCase()))} || '%' OR lower(${q}) <% lower(c.title))`);
    }
    if (f.postcodePrefix) where.push(`c.postcode LIKE ${p(escapeLike(f.postcodePrefix))} || '%'`);
    if (f.externalRef) {
      where.push(`c.id IN (SELECT er.entity_id FROM external_refs er WHERE er.entity_type = 'case' AND er.system = ${p(f.externalRef.system)} AND er.value = ${p(f.externalRef.value)})`);
    }
    if (after) where.push(`(c.opened_at, c.id) < (${p(after.openedAt)}::timestamptz, ${p(after.id)}::uuid)`);
    return em.query(
      `SELECT ${CASE_COLUMNS}, to_char(c.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_opened_at
         FROM cases c
        WHERE ${where.join('\n          AND ')}
        ORDER BY c.opened_at DESC, c.id DESC
        LIMIT ${p(limit + 1)}`,
      values,
    );
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}
