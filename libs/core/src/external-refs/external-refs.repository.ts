import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../auth/actor';
import { DomainError } from '../errors/domain-error';
import { diffRefs, distinctRefs, ExternalRef, ExternalRefEntity, externalRefKey } from './external-ref';

const NOUN: Record<ExternalRefEntity, string> = { person: 'person', case: 'case', incident: 'incident' };

/**
 * The external_refs table for people, cases and incidents. Always called with
 * the caller's transaction, so the references commit or roll back with the
 * record they name. Uniqueness is the table's primary key (entity_type,
 * system, value), which also serves the `externalRef=` searches.
 */
@Injectable()
export class ExternalRefsRepository {
  /**
   * Adds references to a record. A reference another record of the kind
   * holds is 409 DUPLICATE_EXTERNAL_REF naming that record when the caller
   * may see it; the caller's transaction then rolls back, record included.
   */
  async add(em: EntityManager, actor: Actor, entityType: ExternalRefEntity, entityId: string, refs: readonly ExternalRef[] | undefined): Promise<void> {
    const wanted = distinctRefs(refs ?? []);
    if (wanted.length === 0) return;
    const inserted: ExternalRef[] = await em.query(
      `INSERT INTO external_refs (entity_type, entity_id, system, value)
       SELECT $1, $2, r.system, r.value FROM unnest($3::text[], $4::text[]) AS r(system, value)
       ON CONFLICT (entity_type, system, value) DO NOTHING
       RETURNING system, value`,
      [entityType, entityId, wanted.map((r) => r.system), wanted.map((r) => r.value)],
    );
    if (inserted.length === wanted.length) return;
    const ok = new Set(inserted.map(externalRefKey));
    await this.refuseTaken(em, actor, entityType, wanted.filter((r) => !ok.has(externalRefKey(r))));
  }

  /**
   * Makes `refs` the record's references (PATCH): removes those not listed,
   * adds the new ones (refused as in `add`). Returns what changed.
   */
  async replace(em: EntityManager, actor: Actor, entityType: ExternalRefEntity, entityId: string, refs: readonly ExternalRef[]): Promise<{ added: ExternalRef[]; removed: ExternalRef[] }> {
    const current = (await this.forEntities(em, entityType, [entityId])).get(entityId) ?? [];
    const { add, remove } = diffRefs(current, refs);
    if (remove.length) {
      await em.query(
        `DELETE FROM external_refs er USING unnest($3::text[], $4::text[]) AS r(system, value)
          WHERE er.entity_type = $1 AND er.entity_id = $2 AND er.system = r.system AND er.value = r.value`,
        [entityType, entityId, remove.map((r) => r.system), remove.map((r) => r.value)],
      );
    }
    await this.add(em, actor, entityType, entityId, add);
    return { added: add, removed: remove };
  }

  /** The references of many records at once, ordered by system and value. */
  async forEntities(em: EntityManager, entityType: ExternalRefEntity, ids: string[]): Promise<Map<string, ExternalRef[]>> {
    const out = new Map<string, ExternalRef[]>();
    if (ids.length === 0) return out;
    const rows: { entity_id: string; system: string; value: string }[] = await em.query(
      `SELECT entity_id, system, value FROM external_refs WHERE entity_type = $1 AND entity_id = ANY($2::uuid[]) ORDER BY system, value`,
      [entityType, ids],
    );
    for (const r of rows) {
      const list = out.get(r.entity_id) ?? [];
      list.push({ system: r.system, value: r.value });
      out.set(r.entity_id, list);
    }
    return out;
  }

  /**
   * Which record of the kind holds each of these references (primary-key
   * lookups), keyed by `externalRefKey`; references no record holds are absent.
   */
  async holders(em: EntityManager, entityType: ExternalRefEntity, refs: readonly ExternalRef[]): Promise<Map<string, string>> {
    const wanted = distinctRefs(refs);
    if (wanted.length === 0) return new Map();
    const rows: { system: string; value: string; entity_id: string }[] = await em.query(
      `SELECT er.system, er.value, er.entity_id
         FROM unnest($2::text[], $3::text[]) AS r(system, value)
         JOIN external_refs er ON er.entity_type = $1 AND er.system = r.system AND er.value = r.value`,
      [entityType, wanted.map((r) => r.system), wanted.map((r) => r.value)],
    );
    return new Map(rows.map((r) => [externalRefKey(r), r.entity_id]));
  }

  /** 409 naming, for each reference taken, the record holding it (its id only when the caller may see that record). */
  private async refuseTaken(em: EntityManager, actor: Actor, entityType: ExternalRefEntity, taken: ExternalRef[]): Promise<never> {
    const owners: { system: string; value: string; entity_id: string; visible: boolean }[] = await em.query(
      `SELECT er.system, er.value, er.entity_id,
              CASE er.entity_type
                WHEN 'person' THEN EXISTS (SELECT 1 FROM people p WHERE p.id = er.entity_id AND ${AccessService.personVisibleSql('p', '$4')})
                WHEN 'case' THEN EXISTS (SELECT 1 FROM cases c WHERE c.id = er.entity_id AND ${AccessService.caseVisibleSql('c', '$4')})
                ELSE EXISTS (SELECT 1 FROM incidents i JOIN cases c ON c.id = i.case_id WHERE i.id = er.entity_id AND ${AccessService.caseVisibleSql('c', '$4')})
              END AS visible
         FROM unnest($2::text[], $3::text[]) AS r(system, value)
         JOIN external_refs er ON er.entity_type = $1 AND er.system = r.system AND er.value = r.value`,
      [entityType, taken.map((r) => r.system), taken.map((r) => r.value), actor.organisationId],
    );
    const owner = new Map(owners.map((o) => [externalRefKey(o), o]));
    const noun = NOUN[entityType];
    throw new DomainError(
      'DUPLICATE_EXTERNAL_REF',
      taken.length === 1 ? `${taken[0].system}:${taken[0].value} already names another ${noun}` : `These external references already name other ${noun} records`,
      taken.map((r) => {
        const o = owner.get(externalRefKey(r));
        return o?.visible
          ? { field: 'externalRefs', system: r.system, value: r.value, entityId: o.entity_id, message: `${r.system}:${r.value} already names ${noun} ${o.entity_id}` }
          : { field: 'externalRefs', system: r.system, value: r.value, message: `${r.system}:${r.value} already names another ${noun}` };
      }),
    );
  }
}
