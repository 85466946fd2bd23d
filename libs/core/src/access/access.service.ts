import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { DomainError } from '../errors/domain-error';

/**
 * Who may see what, decided in SQL (DOMAIN.md section 12). A case is visible
 * to its lead organisation and to the organisations it is shared with; a
 * person profile is visible to the organisation that created it and through
 * any case visible to the caller. Everyone else gets "not found".
 */
@Injectable()
export class AccessService {
  /** SQL condition: the case aliased `c` is visible to organisation parameter `$n`. */
  static caseVisibleSql(alias: string, orgParam: string): string {
    return `(${alias}.lead_organisation_id = ${orgParam} OR EXISTS (SELECT 1 FROM case_shares cs_v WHERE cs_v.case_id = ${alias}.id AND cs_v.organisation_id = ${orgParam}))`;
  }

  /**
   * The same rule as `caseVisibleSql`, for a walk over cases that stops early
   * (a page in some order): a join to put after the case aliased `alias` and
   * the condition to put in WHERE. The share is looked up per case walked,
   * where `caseVisibleSql`'s EXISTS may be planned as a hash of all the
   * organisation's shares, built before the first row (bench/README.md).
   */
  static caseVisibleJoinSql(alias: string, orgParam: string): { join: string; condition: string } {
    return {
      join: `LEFT JOIN LATERAL (SELECT true AS shared FROM case_shares cs_v
               WHERE cs_v.case_id = ${alias}.id AND cs_v.organisation_id = ${orgParam} OFFSET 0) ${alias}_share ON true`,
      condition: `(${alias}.lead_organisation_id = ${orgParam} OR ${alias}_share.shared)`,
    };
  }

  /** SQL condition: the person aliased `p` is visible to organisation parameter `$n`. */
  static personVisibleSql(alias: string, orgParam: string): string {
    return `(${alias}.owner_organisation_id = ${orgParam} OR EXISTS (
      SELECT 1 FROM case_parties cp_v JOIN cases c_v ON c_v.id = cp_v.case_id
      WHERE cp_v.person_id = ${alias}.id AND ${AccessService.caseVisibleSql('c_v', orgParam)}))`;
  }

  /** Throws NOT_FOUND unless the case exists and the caller's organisation can see it. Locks it when asked. */
  async requireVisibleCase(em: EntityManager, actor: Actor, caseId: string, opts: { lock?: boolean } = {}): Promise<void> {
    const rows = await em.query(
      `SELECT 1 FROM cases c WHERE c.id = $1 AND ${AccessService.caseVisibleSql('c', '$2')}${opts.lock ? ' FOR UPDATE OF c' : ''}`,
      [caseId, actor.organisationId],
    );
    if (rows.length === 0) throw DomainError.notFound('Case');
  }

  async canSeePerson(em: EntityManager, actor: Actor, personId: string): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM people p WHERE p.id = $1 AND ${AccessService.personVisibleSql('p', '$2')}`, [personId, actor.organisationId]);
    return rows.length > 0;
  }
}
