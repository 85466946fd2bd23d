import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService, ExternalRef } from '@asb/core';
import { PersonKind, SearchWord } from './person-rules';

/** The stored columns a caller may set, by their API names. */
export interface PersonFields {
  kind: PersonKind;
  firstName: string | null;
  lastName: string | null;
  organisationName: string | null;
  dateOfBirth: string | null;
  gender: string | null;
  ethnicity: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
  vulnerabilities: string[];
}

const COLUMNS: Record<keyof PersonFields, string> = {
  kind: 'kind',
  firstName: 'first_name',
  lastName: 'last_name',
  organisationName: 'organisation_name',
  dateOfBirth: 'date_of_birth',
  gender: 'gender',
  ethnicity: 'ethnicity',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  town: 'town',
  postcode: 'postcode',
  phone: 'phone',
  email: 'email',
  vulnerabilities: 'vulnerabilities',
};

export interface PersonRow {
  id: string;
  kind: PersonKind;
  first_name: string | null;
  last_name: string | null;
  organisation_name: string | null;
  display_name: string;
  date_of_birth: string | null;
  gender: string | null;
  ethnicity: string | null;
  address_line1: string | null;
  address_line2: string | null;
  town: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
  vulnerabilities: string[];
  owner_organisation_id: string;
  merged_into: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A person as this caller's organisation finds it. */
export interface PersonForCaller extends PersonRow {
  visible: boolean;
  external_refs: ExternalRef[] | null;
}

/** A search hit: whole when visible, with the organisations holding it when not. */
export interface SearchRow extends PersonForCaller {
  sort_name: string;
  held_by: string[] | null;
}

export interface SearchCriteria {
  /** Every word must be in the name or start address words. */
  words?: SearchWord[];
  postcodePrefix?: string;
  dateOfBirth?: string;
  externalRef?: ExternalRef;
}

export const PERSON_COLUMNS = `p.id, p.kind, p.first_name, p.last_name, p.organisation_name, p.display_name,
  p.date_of_birth::text AS date_of_birth, p.gender, p.ethnicity, p.address_line1, p.address_line2, p.town,
  p.postcode, p.phone, p.email, p.vulnerabilities, p.owner_organisation_id, p.merged_into, p.created_at, p.updated_at`;

export const EXTERNAL_REFS = `(SELECT coalesce(json_agg(json_build_object('system', r.system, 'value', r.value) ORDER BY r.system, r.value), '[]'::json)
  FROM external_refs r WHERE r.entity_type = 'person' AND r.entity_id = p.id)`;

/** The owner organisation plus the lead and shared organisations of every case linking the person. */
export const HELD_BY = `(SELECT array_agg(o.name ORDER BY o.name) FROM organisations o
  WHERE o.id = p.owner_organisation_id
     OR o.id IN (SELECT c_h.lead_organisation_id FROM case_parties cp_h JOIN cases c_h ON c_h.id = cp_h.case_id WHERE cp_h.person_id = p.id
                 UNION
                 SELECT cs_h.organisation_id FROM case_parties cp_h JOIN case_shares cs_h ON cs_h.case_id = cp_h.case_id WHERE cp_h.person_id = p.id))`;

/** People profiles in SQL: named methods, parameterised, visibility by AccessService's conditions. */
@Injectable()
export class PeopleRepository {
  async insert(em: EntityManager, fields: PersonFields, ownerOrganisationId: string): Promise<string> {
    const keys = Object.keys(COLUMNS) as (keyof PersonFields)[];
    const [row]: { id: string }[] = await em.query(
      `INSERT INTO people (${keys.map((k) => COLUMNS[k]).join(', ')}, owner_organisation_id)
       VALUES (${keys.map((_k, i) => `$${i + 1}`).join(', ')}, $${keys.length + 1}) RETURNING id`,
      [...keys.map((k) => fields[k]), ownerOrganisationId],
    );
    return row.id;
  }

  /** Sets the fields given; bumps updated_at. */
  async update(em: EntityManager, id: string, fields: Partial<PersonFields>): Promise<void> {
    const keys = (Object.keys(fields) as (keyof PersonFields)[]).filter((k) => fields[k] !== undefined);
    if (keys.length === 0) return;
    await em.query(
      `UPDATE people SET ${keys.map((k, i) => `${COLUMNS[k]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [id, ...keys.map((k) => fields[k])],
    );
  }

  /** Bumps updated_at (a change of the person's external references only). */
  async touch(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE people SET updated_at = now() WHERE id = $1`, [id]);
  }

  /** The person with whether organisation `orgId` can see it, or undefined when no such id. Locks the row when asked. */
  async findForOrganisation(em: EntityManager, id: string, orgId: string, opts: { lock?: boolean } = {}): Promise<PersonForCaller | undefined> {
    const [row]: PersonForCaller[] = await em.query(
      `SELECT ${PERSON_COLUMNS}, ${AccessService.personVisibleSql('p', '$2')} AS visible, ${EXTERNAL_REFS} AS external_refs
         FROM people p WHERE p.id = $1${opts.lock ? ' FOR UPDATE OF p' : ''}`,
      [id, orgId],
    );
    return row;
  }

  /** Where a merged profile now lives: the end of its merged_into chain, and whether `orgId` can see that profile. */
  async findMergeTarget(em: EntityManager, id: string, orgId: string): Promise<{ id: string; visible: boolean } | undefined> {
    const [row]: { id: string; visible: boolean }[] = await em.query(
      `WITH RECURSIVE chain(id, merged_into, depth) AS (
         SELECT id, merged_into, 0 FROM people WHERE id = $1
         UNION ALL
         SELECT p.id, p.merged_into, chain.depth + 1 FROM people p JOIN chain ON p.id = chain.merged_into WHERE chain.depth < 32)
       SELECT p.id, ${AccessService.personVisibleSql('p', '$2')} AS visible
         FROM chain JOIN people p ON p.id = chain.id
        WHERE chain.merged_into IS NULL`,
      [id, orgId],
    );
    return row;
  }

  /**
   * One page of the partnership-wide search, in one statement: the matching
   * unmerged profiles ordered by (lower(display_name), id) after the cursor,
   * then, for that page only, whether the caller can see each one, its
   * external references when it can and the organisations holding it when it
   * cannot. Each word of q is a name fragment (trigram index
   * people_display_name_trgm) or an address word prefix (GIN index
   * people_address_search), the two ORed per word (a BitmapOr), postcodes the
   * text_pattern_ops index people_postcode_prefix, dates of birth
   * people_date_of_birth_idx, an external reference the primary key of
   * external_refs.
   */
  async search(em: EntityManager, orgId: string, criteria: SearchCriteria, after: [string, string] | undefined, limit: number): Promise<SearchRow[]> {
    const params: unknown[] = [orgId];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = ['p.merged_into IS NULL'];
    for (const w of criteria.words ?? []) {
      const name = `lower(p.display_name) LIKE ${p(w.namePattern)}`;
      where.push(w.addressQuery ? `(${name} OR p.address_search @@ to_tsquery('simple', ${p(w.addressQuery)}))` : name);
    }
    if (criteria.postcodePrefix) where.push(`p.postcode LIKE ${p(`${criteria.postcodePrefix}%`)}`);
    if (criteria.dateOfBirth) where.push(`p.date_of_birth = ${p(criteria.dateOfBirth)}::date`);
    if (criteria.externalRef) {
      where.push(`p.id IN (SELECT er.entity_id FROM external_refs er WHERE er.entity_type = 'person' AND er.system = ${p(criteria.externalRef.system)} AND er.value = ${p(criteria.externalRef.value)})`);
    }
    if (after) where.push(`(lower(p.display_name), p.id) > (${p(after[0])}, ${p(after[1])}::uuid)`);
    return em.query(
      `WITH page AS (
         SELECT ${PERSON_COLUMNS}, lower(p.display_name) AS sort_name
           FROM people p
          WHERE ${where.join('\n            AND ')}
          ORDER BY lower(p.display_name), p.id
          LIMIT ${p(limit + 1)}),
       seen AS MATERIALIZED (
         SELECT page.*, ${AccessService.personVisibleSql('page', '$1')} AS visible FROM page)
       SELECT p.*,
              CASE WHEN p.visible THEN ${EXTERNAL_REFS} END AS external_refs,
              CASE WHEN NOT p.visible THEN ${HELD_BY} END AS held_by
         FROM seen p
        ORDER BY p.sort_name, p.id`,
      params,
    );
  }
}
