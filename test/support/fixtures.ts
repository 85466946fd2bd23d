import { Pool } from 'pg';

/**
 * Rows made directly in a test's own database, for tests whose subject is
 * something else (the endpoints that make these rows have tests of their own).
 */
export async function insertPerson(db: Pool, ownerOrganisationId: string, p: { firstName?: string; lastName?: string; dateOfBirth?: string; vulnerabilities?: string[] } = {}): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO people (kind, first_name, last_name, date_of_birth, vulnerabilities, owner_organisation_id) VALUES ('person', $1, $2, $3, $4, $5) RETURNING id`,
    [p.firstName ?? 'Test', p.lastName ?? 'Person', p.dateOfBirth ?? null, p.vulnerabilities ?? [], ownerOrganisationId],
  );
  return rows[0].id;
}

let caseCounter = 900000;

export async function insertCase(db: Pool, leadOrganisationId: string, c: { npaCode?: string; cspCode?: string; officerInChargeId?: string; openedAt?: Date; status?: 'open' | 'closed' } = {}): Promise<{ id: string; reference: string }> {
  const openedAt = c.openedAt ?? new Date();
  const reference = `ASB-2026-${String(++caseCounter)}`;
  const { rows } = await db.query(
    `INSERT INTO cases (reference, title, category, type, npa_code, csp_code, lead_organisation_id, officer_in_charge_id, opened_at, review_due_at, status, closed_at)
     VALUES ($1, 'Fixture case', 'personal', 'neighbour_verbal_abuse_intimidation_harassment', $2, $3, $4, $5, $6, $6::timestamptz + interval '28 days', $7, CASE WHEN $7 = 'closed' THEN now() END) RETURNING id`,
    [reference, c.npaCode ?? 'NL', c.cspCode ?? 'CHARNWOOD', leadOrganisationId, c.officerInChargeId ?? null, openedAt, c.status ?? 'open'],
  );
  return { id: rows[0].id, reference };
}

export async function addParty(db: Pool, caseId: string, personId: string, role: 'victim' | 'perpetrator' | 'witness', addedAt = new Date()): Promise<void> {
  await db.query(`INSERT INTO case_parties (case_id, person_id, role, added_at) VALUES ($1, $2, $3, $4)`, [caseId, personId, role, addedAt]);
}

export async function insertIncident(db: Pool, caseId: string, occurredAt: Date, victimIds: string[]): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO incidents (case_id, occurred_at, reported_at, description, recorded_by_kind, recorded_by_id) VALUES ($1, $2, $2, 'fixture', 'user', gen_random_uuid()) RETURNING id`,
    [caseId, occurredAt],
  );
  for (const v of victimIds) await db.query(`INSERT INTO incident_victims (incident_id, person_id, occurred_at) VALUES ($1, $2, $3)`, [rows[0].id, v, occurredAt]);
  return rows[0].id;
}
