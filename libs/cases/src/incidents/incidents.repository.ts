import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ExternalRefAnswer } from '../common/common.dto';

export interface IncidentRow {
  id: string;
  case_id: string;
  occurred_at: Date;
  reported_at: Date;
  description: string;
  reported_by_person_id: string | null;
  address: string | null;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  created_at: Date;
}

export type IncidentListRow = IncidentRow & { victim_person_ids: string[]; external_refs: ExternalRefAnswer[]; cursor_occurred_at: string };

export interface NewIncident {
  caseId: string;
  occurredAt: Date;
  reportedAt: Date;
  description: string;
  reportedByPersonId: string | null;
  address: string | null;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  recordedByKind: string;
  recordedById: string;
}

const INCIDENT_COLUMNS = `i.id, i.case_id, i.occurred_at, i.reported_at, i.description, i.reported_by_person_id,
  i.address, i.postcode, i.latitude, i.longitude, i.created_at`;

@Injectable()
export class IncidentsRepository {
  async insert(em: EntityManager, n: NewIncident, now: Date): Promise<IncidentRow> {
    const rows: IncidentRow[] = await em.query(
      `INSERT INTO incidents AS i (case_id, occurred_at, reported_at, description, reported_by_person_id, address, postcode, latitude, longitude,
                                  recorded_by_kind, recorded_by_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING ${INCIDENT_COLUMNS}`,
      [n.caseId, n.occurredAt, n.reportedAt, n.description, n.reportedByPersonId, n.address, n.postcode, n.latitude, n.longitude, n.recordedByKind, n.recordedById, now],
    );
    return rows[0];
  }

  /** The case an incident is on, or null when there is no such incident. */
  async caseOf(em: EntityManager, incidentId: string): Promise<string | null> {
    const rows: { case_id: string }[] = await em.query(`SELECT case_id FROM incidents WHERE id = $1`, [incidentId]);
    return rows[0]?.case_id ?? null;
  }

  /**
   * Serialises incident recording per victim until the transaction ends, so two
   * incidents for one person recorded at the same moment (on any cases) cannot
   * both be counted without the other. Rows are locked in id order (no deadlock);
   * FOR NO KEY UPDATE leaves foreign-key checks on the person unblocked.
   */
  async lockVictimsForCounting(em: EntityManager, personIds: string[]): Promise<void> {
    if (personIds.length === 0) return;
    await em.query(`SELECT id FROM people WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`, [personIds]);
  }

  /** The incident's victims, with occurred_at copied for the repeat-victim index. */
  async addVictims(em: EntityManager, incidentId: string, personIds: string[], occurredAt: Date): Promise<void> {
    if (personIds.length === 0) return;
    await em.query(
      `INSERT INTO incident_victims (incident_id, person_id, occurred_at) SELECT $1, v, $3 FROM unnest($2::uuid[]) AS v`,
      [incidentId, personIds, occurredAt],
    );
  }

  /**
   * One page of the case's incidents, newest first, with victims and
   * references, in one query; with `externalRef`, only the incident holding
   * it (a primary-key lookup in external_refs).
   */
  async pageForCase(em: EntityManager, caseId: string, limit: number, after?: { occurredAt: string; id: string }, externalRef?: ExternalRefAnswer): Promise<IncidentListRow[]> {
    const values: unknown[] = [caseId, limit + 1];
    let keyset = '';
    if (after) {
      values.push(after.occurredAt, after.id);
      keyset = `AND (i.occurred_at, i.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`;
    }
    if (externalRef) {
      values.push(externalRef.system, externalRef.value);
      keyset += ` AND i.id IN (SELECT er.entity_id FROM external_refs er WHERE er.entity_type = 'incident' AND er.system = $${values.length - 1} AND er.value = $${values.length})`;
    }
    return em.query(
      `SELECT ${INCIDENT_COLUMNS},
              ARRAY(SELECT iv.person_id FROM incident_victims iv WHERE iv.incident_id = i.id ORDER BY iv.person_id) AS victim_person_ids,
              coalesce((SELECT json_agg(json_build_object('system', er.system, 'value', er.value) ORDER BY er.system, er.value)
                          FROM external_refs er WHERE er.entity_type = 'incident' AND er.entity_id = i.id), '[]'::json) AS external_refs,
              to_char(i.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_occurred_at
         FROM incidents i
        WHERE i.case_id = $1 ${keyset}
        ORDER BY i.occurred_at DESC, i.id DESC
        LIMIT $2`,
      values,
    );
  }
}
