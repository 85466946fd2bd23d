import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PersonKind } from '../people/person-rules';
import { MergeFields } from './merge-rules';

export interface LockedPerson extends MergeFields {
  id: string;
  kind: PersonKind;
  merged_into: string | null;
}

/**
 * Every person column another table points at, and how a merge moves it.
 * Tables with their own rules are moved by name below; a reference to people
 * added by a later migration and not named here is still moved, by
 * `moveOtherReferences` (from the catalogue), so no link is left on a merged
 * profile. A later table where two rows of one person could collide must get
 * a method of its own.
 */
const MOVED_BY_NAME = new Set([
  'case_parties.person_id',
  'incident_victims.person_id',
  'incidents.reported_by_person_id',
  'risk_assessments.person_id',
  'victim_updates.person_id',
  'victim_first_referrals.person_id',
  'interventions.person_id',
  'people.merged_into',
]);

const MERGE_FIELD_COLUMNS: (keyof MergeFields)[] = [
  'first_name', 'date_of_birth', 'gender', 'ethnicity', 'address_line1', 'address_line2', 'town', 'postcode', 'phone', 'email', 'vulnerabilities',
];

/** A merge in SQL (DOMAIN.md section 3): named statements, each moving one kind of link from `from` to `to`, with the rows moved. */
@Injectable()
export class MergeRepository {
  /** The cases either profile is a party to, in id order (the order they are locked in). */
  async casesOf(em: EntityManager, personIds: string[]): Promise<string[]> {
    const rows: { case_id: string }[] = await em.query(
      `SELECT DISTINCT case_id FROM case_parties WHERE person_id = ANY($1::uuid[]) ORDER BY case_id`,
      [personIds],
    );
    return rows.map((r) => r.case_id);
  }

  /**
   * Locks the cases in id order. Everything that writes to a case locks it
   * first (AccessService.requireVisibleCase with lock), then the people it
   * names; a merge takes the same order, cases then people, so the two cannot
   * deadlock, and an incident recorded on one of these cases during a merge
   * waits for it and then finds the kept profile on the case.
   */
  async lockCases(em: EntityManager, caseIds: string[]): Promise<void> {
    if (caseIds.length === 0) return;
    await em.query(`SELECT id FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [caseIds]);
  }

  /** Locks both profiles in id order (a fixed order: two merges of one pair cannot deadlock) and reads them as locked. */
  async lockPeople(em: EntityManager, personIds: string[]): Promise<LockedPerson[]> {
    return em.query(
      `SELECT id, kind, merged_into, first_name, date_of_birth::text AS date_of_birth, gender, ethnicity, address_line1, address_line2, town,
              postcode, phone, email, vulnerabilities
         FROM people WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [personIds],
    );
  }

  /**
   * Case parties (primary key case, role, person). Where both profiles hold
   * the same role on a case, the kept row stays, taking the earlier added_at
   * and any victim-contact setting it lacks, and the merged row goes; every
   * other row moves.
   */
  async moveCaseParties(em: EntityManager, from: string, to: string): Promise<number> {
    const [merged]: { n: number }[] = await em.query(
      `WITH both_roles AS (
         SELECT m.case_id, m.role, m.added_at, m.update_frequency_days, m.update_method
           FROM case_parties m JOIN case_parties k ON k.case_id = m.case_id AND k.role = m.role AND k.person_id = $2
          WHERE m.person_id = $1
       ), kept AS (  -- runs to completion though unread (PostgreSQL runs every data-modifying WITH)
         UPDATE case_parties k
            SET added_at = least(k.added_at, b.added_at),
                update_frequency_days = coalesce(k.update_frequency_days, b.update_frequency_days),
                update_method = coalesce(k.update_method, b.update_method)
           FROM both_roles b
          WHERE k.case_id = b.case_id AND k.role = b.role AND k.person_id = $2
         RETURNING 1
       ), dropped AS (
         DELETE FROM case_parties m USING both_roles b
          WHERE m.case_id = b.case_id AND m.role = b.role AND m.person_id = $1
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM dropped`,
      [from, to],
    );
    return merged.n + (await this.count(em, `UPDATE case_parties SET person_id = $2 WHERE person_id = $1`, [from, to]));
  }

  /** Incident victims (primary key incident, person): an incident naming both keeps one row, of the kept profile. */
  async moveIncidentVictims(em: EntityManager, from: string, to: string): Promise<number> {
    const dropped = await this.count(
      em,
      `DELETE FROM incident_victims m USING incident_victims k WHERE m.person_id = $1 AND k.person_id = $2 AND k.incident_id = m.incident_id`,
      [from, to],
    );
    return dropped + (await this.count(em, `UPDATE incident_victims SET person_id = $2 WHERE person_id = $1`, [from, to]));
  }

  async moveIncidentReporters(em: EntityManager, from: string, to: string): Promise<number> {
    return this.count(em, `UPDATE incidents SET reported_by_person_id = $2 WHERE reported_by_person_id = $1`, [from, to]);
  }

  /**
   * Risk assessments. One assessment per case, subject and person is current
   * (risk_assessments_current_key); where both profiles have a current one of
   * the same subject on a case, the later assessed stays current (as when a
   * late-recorded assessment arrives) and the other joins the history.
   */
  async moveRiskAssessments(em: EntityManager, from: string, to: string): Promise<number> {
    await em.query(
      `UPDATE risk_assessments ra SET is_current = false
         FROM risk_assessments o
        WHERE ra.person_id = ANY($1::uuid[]) AND ra.is_current
          AND o.person_id = ANY($1::uuid[]) AND o.is_current AND o.person_id <> ra.person_id
          AND o.case_id = ra.case_id AND o.subject = ra.subject
          AND (o.assessed_at, o.created_at, o.id) > (ra.assessed_at, ra.created_at, ra.id)`,
      [[from, to]],
    );
    return this.count(em, `UPDATE risk_assessments SET person_id = $2 WHERE person_id = $1`, [from, to]);
  }

  async moveVictimUpdates(em: EntityManager, from: string, to: string): Promise<number> {
    return this.count(em, `UPDATE victim_updates SET person_id = $2 WHERE person_id = $1`, [from, to]);
  }

  async moveVictimFirstReferrals(em: EntityManager, from: string, to: string): Promise<number> {
    return this.count(em, `UPDATE victim_first_referrals SET person_id = $2 WHERE person_id = $1`, [from, to]);
  }

  /** Interventions (the Incremental Approach) on the merged profile as perpetrator: its history becomes the kept profile's. */
  async moveInterventions(em: EntityManager, from: string, to: string): Promise<number> {
    return this.count(em, `UPDATE interventions SET person_id = $2 WHERE person_id = $1`, [from, to]);
  }

  /** External references (STORM, legacy ids): each belongs to one record, so they move without collision. */
  async moveExternalRefs(em: EntityManager, from: string, to: string): Promise<number> {
    return this.count(em, `UPDATE external_refs SET entity_id = $2 WHERE entity_type = 'person' AND entity_id = $1`, [from, to]);
  }

  /** Profiles merged earlier into the merged one now point straight at the kept one. */
  async repointMergedProfiles(em: EntityManager, from: string, to: string): Promise<number> {
    return this.count(em, `UPDATE people SET merged_into = $2, updated_at = now() WHERE merged_into = $1`, [from, to]);
  }

  /**
   * Any other single-column foreign key to people (a table a later migration
   * added): its rows move too. A unique violation there rolls the whole merge
   * back as a 409, never a half merge.
   */
  async moveOtherReferences(em: EntityManager, from: string, to: string): Promise<Record<string, number>> {
    const refs: { name: string; sql: string }[] = await em.query(
      `SELECT c.conrelid::regclass::text || '.' || a.attname AS name,
              format('WITH u AS (UPDATE %s SET %I = $2 WHERE %I = $1 RETURNING 1) SELECT count(*)::int AS n FROM u', c.conrelid::regclass, a.attname, a.attname) AS sql
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.confrelid = 'people'::regclass AND cardinality(c.conkey) = 1
        ORDER BY 1`,
    );
    const moved: Record<string, number> = {};
    for (const ref of refs.filter((r) => !MOVED_BY_NAME.has(r.name))) {
      const [row]: { n: number }[] = await em.query(ref.sql, [from, to]);
      moved[ref.name] = row.n;
    }
    return moved;
  }

  /** Sets the fields the kept profile takes from the merged one. */
  async fill(em: EntityManager, id: string, fields: Partial<MergeFields>): Promise<void> {
    const keys = MERGE_FIELD_COLUMNS.filter((k) => fields[k] !== undefined);
    if (keys.length === 0) return;
    await em.query(`UPDATE people SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`, [id, ...keys.map((k) => fields[k])]);
  }

  async markMerged(em: EntityManager, from: string, to: string): Promise<void> {
    await em.query(`UPDATE people SET merged_into = $2, updated_at = now() WHERE id = $1`, [from, to]);
  }

  private async count(em: EntityManager, statement: string, params: unknown[]): Promise<number> {
    const [row]: { n: number }[] = await em.query(`WITH u AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM u`, params);
    return row.n;
  }
}
