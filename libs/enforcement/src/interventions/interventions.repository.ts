import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@asb/core';
import type { BreachOnRecord, InterventionStatus, InterventionType, IssuingOrganisation, RecordedIntervention, Recipient } from '../incremental-approach';

export interface InterventionRow {
  id: string;
  case_id: string;
  person_id: string;
  type: InterventionType;
  level: number;
  status: InterventionStatus;
  out_of_sequence: boolean;
  justification: string | null;
  issuing_organisation_id: string;
  issued_at: Date;
  compliance_due_at: Date | null;
  requirements: string[];
  amount: number | null;
  breach_id: string | null;
  notes: string | null;
  recorded_by_kind: string;
  recorded_by_id: string;
  approved_by: string | null;
  approved_at: Date | null;
  served_at: Date | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
  withdrawn_by_kind: string | null;
  withdrawn_by_id: string | null;
  created_at: Date;
  updated_at: Date;
  /** The breaches recorded of it, oldest first (JSON: timestamps as PostgreSQL writes them). */
  breaches: { id: string; occurredAt: string; description: string }[];
}

export interface BreachRow {
  id: string;
  intervention_id: string;
  occurred_at: Date;
  description: string;
  recorded_by_kind: string;
  recorded_by_id: string;
  created_at: Date;
}

export interface NewIntervention {
  caseId: string;
  personId: string;
  type: InterventionType;
  level: number;
  status: 'proposed' | 'served';
  outOfSequence: boolean;
  justification: string | null;
  issuingOrganisationId: string;
  issuedAt: Date;
  complianceDueAt: Date | null;
  requirements: string[];
  amount: number | null;
  breachId: string | null;
  notes: string | null;
  by: { kind: string; id: string };
}

const COLUMNS = `i.id, i.case_id, i.person_id, i.type, i.level, i.status, i.out_of_sequence, i.justification, i.issuing_organisation_id, i.issued_at,
  i.compliance_due_at, i.requirements, i.amount, i.breach_id, i.notes, i.recorded_by_kind, i.recorded_by_id, i.approved_by, i.approved_at, i.served_at,
  i.withdrawn_at, i.withdrawal_reason, i.withdrawn_by_kind, i.withdrawn_by_id, i.created_at, i.updated_at,
  coalesce((SELECT json_agg(json_build_object('id', b.id, 'occurredAt', b.occurred_at, 'description', b.description) ORDER BY b.occurred_at, b.id)
              FROM intervention_breaches b WHERE b.intervention_id = i.id), '[]'::json) AS breaches`;
const BREACH_COLUMNS = `id, intervention_id, occurred_at, description, recorded_by_kind, recorded_by_id, created_at`;

/** Interventions of the Incremental Approach and their breaches (DOMAIN.md section 9). */
@Injectable()
export class InterventionsRepository {
  /** The perpetrator on the case, its link locked so checks and inserts on one perpetrator run one at a time; null when not a perpetrator on it. */
  async lockPerpetrator(em: EntityManager, caseId: string, personId: string): Promise<Recipient | null> {
    const rows: { kind: Recipient['kind']; date_of_birth: string | null }[] = await em.query(
      `SELECT p.kind, p.date_of_birth FROM case_parties cp JOIN people p ON p.id = cp.person_id
        WHERE cp.case_id = $1 AND cp.person_id = $2 AND cp.role = 'perpetrator' FOR UPDATE OF cp`,
      [caseId, personId],
    );
    return rows[0] ? { kind: rows[0].kind, dateOfBirth: rows[0].date_of_birth } : null;
  }

  async issuingOrganisation(em: EntityManager, organisationId: string): Promise<IssuingOrganisation> {
    const rows: { kind: string; can_issue_cpn: boolean }[] = await em.query(`SELECT kind, can_issue_cpn FROM organisations WHERE id = $1`, [organisationId]);
    return { kind: rows[0].kind, canIssueCpn: rows[0].can_issue_cpn };
  }

  /** Everything recorded on the perpetrator in the case (index interventions_person_case_idx). */
  async recordedOnPerpetrator(em: EntityManager, caseId: string, personId: string): Promise<RecordedIntervention[]> {
    const rows: { type: InterventionType; level: number; status: InterventionStatus; compliance_due_at: Date | null }[] = await em.query(
      `SELECT type, level, status, compliance_due_at FROM interventions WHERE person_id = $2 AND case_id = $1`,
      [caseId, personId],
    );
    return rows.map((r) => ({ type: r.type, level: r.level, status: r.status, complianceDueAt: r.compliance_due_at }));
  }

  /** A breach with the case, perpetrator, type and status of the intervention it is of; null when there is none. */
  async findBreach(em: EntityManager, breachId: string): Promise<BreachOnRecord | null> {
    const rows: { case_id: string; person_id: string; occurred_at: Date; type: InterventionType; status: InterventionStatus }[] = await em.query(
      `SELECT i.case_id, i.person_id, b.occurred_at, i.type, i.status
         FROM intervention_breaches b JOIN interventions i ON i.id = b.intervention_id WHERE b.id = $1`,
      [breachId],
    );
    const r = rows[0];
    return r ? { caseId: r.case_id, personId: r.person_id, occurredAt: r.occurred_at, intervention: { type: r.type, status: r.status } } : null;
  }

  /** Whether the breach already has an intervention of this type in force (a second FPN for one breach is refused). */
  async breachAnsweredBy(em: EntityManager, breachId: string, type: InterventionType): Promise<string | null> {
    const rows: { id: string }[] = await em.query(`SELECT id FROM interventions WHERE breach_id = $1 AND type = $2 AND status <> 'withdrawn'`, [breachId, type]);
    return rows[0]?.id ?? null;
  }

  async insert(em: EntityManager, n: NewIntervention, now: Date): Promise<InterventionRow> {
    const rows: InterventionRow[] = await em.query(
      `WITH i AS (
         INSERT INTO interventions (case_id, person_id, type, level, status, out_of_sequence, justification, issuing_organisation_id, issued_at,
                                    compliance_due_at, requirements, amount, breach_id, notes, recorded_by_kind, recorded_by_id, served_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, CASE WHEN $5 = 'served' THEN $9::timestamptz END, $17, $17)
         RETURNING *)
       SELECT ${COLUMNS} FROM i`,
      [
        n.caseId, n.personId, n.type, n.level, n.status, n.outOfSequence, n.justification, n.issuingOrganisationId, n.issuedAt,
        n.complianceDueAt, n.requirements, n.amount, n.breachId, n.notes, n.by.kind, n.by.id, now,
      ],
    );
    return rows[0];
  }

  /** The case of an intervention the organisation can see; null when there is none it can see. */
  async visibleCaseOf(em: EntityManager, interventionId: string, organisationId: string): Promise<string | null> {
    const rows: { case_id: string }[] = await em.query(
      `SELECT i.case_id FROM interventions i JOIN cases c ON c.id = i.case_id WHERE i.id = $1 AND ${AccessService.caseVisibleSql('c', '$2')}`,
      [interventionId, organisationId],
    );
    return rows[0]?.case_id ?? null;
  }

  async findForUpdate(em: EntityManager, id: string): Promise<InterventionRow> {
    const rows: InterventionRow[] = await em.query(`SELECT ${COLUMNS} FROM interventions i WHERE i.id = $1 FOR UPDATE OF i`, [id]);
    return rows[0];
  }

  async approve(em: EntityManager, id: string, approverId: string, now: Date): Promise<InterventionRow> {
    return this.update(em, id, `status = 'approved', approved_by = $2, approved_at = $3, updated_at = $3`, [approverId, now]);
  }

  async serve(em: EntityManager, id: string, servedAt: Date, complianceDueAt: Date | null, now: Date): Promise<InterventionRow> {
    return this.update(em, id, `status = 'served', served_at = $2, compliance_due_at = coalesce($3, compliance_due_at), updated_at = $4`, [servedAt, complianceDueAt, now]);
  }

  async withdraw(em: EntityManager, id: string, reason: string, by: { kind: string; id: string }, now: Date): Promise<InterventionRow> {
    return this.update(
      em,
      id,
      `status = 'withdrawn', withdrawn_at = $2, withdrawal_reason = $3, withdrawn_by_kind = $4, withdrawn_by_id = $5, updated_at = $2`,
      [now, reason, by.kind, by.id],
    );
  }

  async insertBreach(em: EntityManager, b: { interventionId: string; occurredAt: Date; description: string; by: { kind: string; id: string } }, now: Date): Promise<BreachRow> {
    const rows: BreachRow[] = await em.query(
      `INSERT INTO intervention_breaches (intervention_id, occurred_at, description, recorded_by_kind, recorded_by_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${BREACH_COLUMNS}`,
      [b.interventionId, b.occurredAt, b.description, b.by.kind, b.by.id, now],
    );
    return rows[0];
  }

  /** One page of the case's interventions, newest issued first, keyset on (issued_at DESC, id DESC) (index interventions_case_issued_idx). */
  async pageForCase(em: EntityManager, caseId: string, limit: number, after?: { issuedAt: string; id: string }): Promise<InterventionRow[]> {
    const values: unknown[] = [caseId, limit + 1];
    let keyset = '';
    if (after) {
      values.push(after.issuedAt, after.id);
      keyset = `AND (i.issued_at, i.id) < ($3::timestamptz, $4::uuid)`;
    }
    return em.query(`SELECT ${COLUMNS} FROM interventions i WHERE i.case_id = $1 ${keyset} ORDER BY i.issued_at DESC, i.id DESC LIMIT $2`, values);
  }

  private async update(em: EntityManager, id: string, sets: string, values: unknown[]): Promise<InterventionRow> {
    const rows: InterventionRow[] = await em.query(`WITH i AS (UPDATE interventions SET ${sets} WHERE id = $1 RETURNING *) SELECT ${COLUMNS} FROM i`, [id, ...values]);
    return rows[0];
  }
}
