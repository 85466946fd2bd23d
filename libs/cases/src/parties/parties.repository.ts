import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export type PartyRole = 'victim' | 'perpetrator' | 'witness';

export interface PartyRow {
  case_id: string;
  person_id: string;
  role: PartyRole;
  display_name: string;
  update_frequency_days: number | null;
  update_method: string | null;
  updates_declined: boolean;
  added_at: Date;
  /** The latest update given to a victim on this case (victim_updates), null for none and for other roles. */
  last_update_at: Date | null;
}

export interface PersonLinkTarget {
  id: string;
  merged_into: string | null;
  display_name: string;
}

export interface NewParty {
  caseId: string;
  personId: string;
  role: PartyRole;
  updateFrequencyDays: number | null;
  updateMethod: string | null;
  updatesDeclined: boolean;
}

/** The latest victim update of the party row aliased `alias` (index victim_updates_case_person_contacted_idx); null unless a victim. */
const LAST_UPDATE_SQL = (alias: string) =>
  `CASE WHEN ${alias}.role = 'victim' THEN (SELECT vu.contacted_at FROM victim_updates vu
     WHERE vu.case_id = ${alias}.case_id AND vu.person_id = ${alias}.person_id ORDER BY vu.contacted_at DESC LIMIT 1) END`;

/** Victims, perpetrators and witnesses on cases. */
@Injectable()
export class PartiesRepository {
  /** Every party of the case with the person's display name and each victim's last update, in one query. */
  async ofCase(em: EntityManager, caseId: string): Promise<PartyRow[]> {
    return em.query(
      `SELECT cp.case_id, cp.person_id, cp.role, p.display_name, cp.update_frequency_days, cp.update_method, cp.updates_declined, cp.added_at,
              ${LAST_UPDATE_SQL('cp')} AS last_update_at
         FROM case_parties cp JOIN people p ON p.id = cp.person_id
        WHERE cp.case_id = $1
        ORDER BY cp.added_at, cp.person_id`,
      [caseId],
    );
  }

  /** One victim entry of the case, or null when the person is not a victim on it. Locks the link when asked. */
  async findVictim(em: EntityManager, caseId: string, personId: string, opts: { lock?: boolean } = {}): Promise<PartyRow | null> {
    const rows: PartyRow[] = await em.query(
      `SELECT cp.case_id, cp.person_id, cp.role, p.display_name, cp.update_frequency_days, cp.update_method, cp.updates_declined, cp.added_at,
              ${LAST_UPDATE_SQL('cp')} AS last_update_at
         FROM case_parties cp JOIN people p ON p.id = cp.person_id
        WHERE cp.case_id = $1 AND cp.person_id = $2 AND cp.role = 'victim'${opts.lock ? ' FOR UPDATE OF cp' : ''}`,
      [caseId, personId],
    );
    return rows[0] ?? null;
  }

  /**
   * The person a link will name. FOR KEY SHARE waits for a merge in progress
   * (it holds the profile FOR UPDATE), so a link is never made to a profile
   * merged meanwhile: the caller sees merged_into and refuses.
   */
  async findPerson(em: EntityManager, personId: string): Promise<PersonLinkTarget | null> {
    const rows: PersonLinkTarget[] = await em.query(`SELECT id, merged_into, display_name FROM people WHERE id = $1 FOR KEY SHARE`, [personId]);
    return rows[0] ?? null;
  }

  /** Inserts the link; null when the person already has this role on the case. */
  async add(em: EntityManager, p: NewParty, now: Date): Promise<PartyRow | null> {
    const rows: PartyRow[] = await em.query(
      `WITH ins AS (
         INSERT INTO case_parties (case_id, person_id, role, update_frequency_days, update_method, updates_declined, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (case_id, role, person_id) DO NOTHING
         RETURNING *)
       SELECT ins.case_id, ins.person_id, ins.role, p.display_name, ins.update_frequency_days, ins.update_method, ins.updates_declined, ins.added_at,
              ${LAST_UPDATE_SQL('ins')} AS last_update_at
         FROM ins JOIN people p ON p.id = ins.person_id`,
      [p.caseId, p.personId, p.role, p.updateFrequencyDays, p.updateMethod, p.updatesDeclined, now],
    );
    return rows[0] ?? null;
  }

  async remove(em: EntityManager, caseId: string, role: PartyRole, personId: string): Promise<boolean> {
    const rows: { n: number }[] = await em.query(
      `WITH d AS (DELETE FROM case_parties WHERE case_id = $1 AND role = $2 AND person_id = $3 RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [caseId, role, personId],
    );
    return rows[0].n > 0;
  }

  /** How many incidents on this case name the person as a victim. */
  async incidentsNamingVictim(em: EntityManager, caseId: string, personId: string): Promise<number> {
    const rows: { n: number }[] = await em.query(
      `SELECT count(*)::int AS n FROM incident_victims iv JOIN incidents i ON i.id = iv.incident_id WHERE i.case_id = $1 AND iv.person_id = $2`,
      [caseId, personId],
    );
    return rows[0].n;
  }

  /** How many interventions (withdrawn ones too) are recorded against the person on this case (index interventions_person_case_idx). */
  async interventionsOnPerpetrator(em: EntityManager, caseId: string, personId: string): Promise<number> {
    const rows: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM interventions WHERE person_id = $2 AND case_id = $1`, [caseId, personId]);
    return rows[0].n;
  }

  /** Whether the person has this role on the case (the primary key). */
  async hasParty(em: EntityManager, caseId: string, role: PartyRole, personId: string): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM case_parties WHERE case_id = $1 AND role = $2 AND person_id = $3`, [caseId, role, personId]);
    return rows.length > 0;
  }

  /** Which of the given people are victims on the case. */
  async victimsAmong(em: EntityManager, caseId: string, personIds: string[]): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows: { person_id: string }[] = await em.query(
      `SELECT person_id FROM case_parties WHERE case_id = $1 AND role = 'victim' AND person_id = ANY($2::uuid[])`,
      [caseId, personIds],
    );
    return new Set(rows.map((r) => r.person_id));
  }
}
