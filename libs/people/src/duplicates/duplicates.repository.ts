import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@asb/core';
import { EXTERNAL_REFS, HELD_BY, PERSON_COLUMNS, SearchRow } from '../people/people.repository';
import { DuplicateReason, SIMILAR_NAME_THRESHOLD } from './likely-duplicates';
import { likelyDuplicatesSql } from './likely-duplicates.sql';

/** A likely duplicate as the caller's organisation finds it: whole when visible, with who holds it when not. */
export interface DuplicateRow extends SearchRow {
  reasons: DuplicateReason[];
  rank: number;
}

@Injectable()
export class DuplicatesRepository {
  /**
   * One page of the person's likely duplicates in one statement: the
   * candidates by index (likelyDuplicatesSql), one row per profile with every
   * reason it matched, ordered by the strongest reason then name and id; then,
   * for the page only, whether the caller can see each one, its external
   * references when it can and the organisations holding it when it cannot.
   */
  async page(em: EntityManager, personId: string, orgId: string, after: readonly [number, string, string] | undefined, limit: number): Promise<DuplicateRow[]> {
    const params: unknown[] = [personId, orgId, SIMILAR_NAME_THRESHOLD, limit + 1];
    let keyset = 'true';
    if (after) {
      params.push(after[0], after[1], after[2]);
      keyset = `(p.rank, p.sort_name, p.id) > ($5::int, $6::text, $7::uuid)`;
    }
    return em.query(
      `WITH me AS MATERIALIZED (SELECT * FROM people WHERE id = $1),
       found AS (
         SELECT d.id, array_agg(DISTINCT d.reason) AS reasons
           FROM (${likelyDuplicatesSql('me', '$3')}) d
          GROUP BY d.id
       ), ranked AS (
         SELECT ${PERSON_COLUMNS}, lower(p.display_name) AS sort_name, f.reasons,
                CASE WHEN 'same_name_and_date_of_birth' = ANY (f.reasons) THEN 1 ELSE 2 END AS rank
           FROM found f JOIN people p ON p.id = f.id
       ), page AS (
         SELECT * FROM ranked p WHERE ${keyset} ORDER BY p.rank, p.sort_name, p.id LIMIT $4
       ), seen AS MATERIALIZED (
         SELECT page.*, ${AccessService.personVisibleSql('page', '$2')} AS visible FROM page)
       SELECT p.*,
              CASE WHEN p.visible THEN ${EXTERNAL_REFS} END AS external_refs,
              CASE WHEN NOT p.visible THEN ${HELD_BY} END AS held_by
         FROM seen p
        ORDER BY p.rank, p.sort_name, p.id`,
      params,
    );
  }
}
