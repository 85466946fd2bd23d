import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '@asb/core';
import { ExternalRefAnswer } from './common.dto';

export type ExternalRefEntity = 'case' | 'incident';

/** External references (STORM numbers, legacy ids): one (system, value) names at most one record of a kind. */
@Injectable()
export class ExternalRefsRepository {
  /** Adds the references; any already taken (or given twice) is 409 DUPLICATE_EXTERNAL_REF and the caller's transaction rolls back. */
  async add(em: EntityManager, entityType: ExternalRefEntity, entityId: string, refs: ExternalRefAnswer[] | undefined): Promise<void> {
    if (!refs?.length) return;
    const inserted: { system: string; value: string }[] = await em.query(
      `INSERT INTO external_refs (entity_type, entity_id, system, value)
       SELECT $1, $2, r.system, r.value FROM unnest($3::text[], $4::text[]) AS r(system, value)
       ON CONFLICT (entity_type, system, value) DO NOTHING
       RETURNING system, value`,
      [entityType, entityId, refs.map((r) => r.system), refs.map((r) => r.value)],
    );
    if (inserted.length === refs.length) return;
    const ok = new Set(inserted.map((r) => `${r.system}\u0000${r.value}`));
    const taken = refs.filter((r) => !ok.delete(`${r.system}\u0000${r.value}`));
    throw new DomainError(
      'DUPLICATE_EXTERNAL_REF',
      `This external reference already names another ${entityType}`,
      taken.map((r) => ({ field: 'externalRefs', system: r.system, value: r.value, message: `${r.system}:${r.value} is already taken` })),
    );
  }

  /** The references of many records at once. */
  async forEntities(em: EntityManager, entityType: ExternalRefEntity, ids: string[]): Promise<Map<string, ExternalRefAnswer[]>> {
    const out = new Map<string, ExternalRefAnswer[]>();
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
}
