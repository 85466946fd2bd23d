import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditAction } from './audit-action';

export { AUDIT_ACTIONS, type AuditAction } from './audit-action';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  caseId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * The append-only audit trail of DOMAIN.md section 12. Always written with the
 * caller's EntityManager, so an entry commits or rolls back with the change or
 * read it records. The table refuses UPDATE and DELETE (see the migration).
 */
@Injectable()
export class AuditService {
  async record(em: EntityManager, actor: Pick<Actor, 'kind' | 'id' | 'organisationId' | 'requestId'>, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const values: unknown[] = [];
    const rows = entries.map((e, i) => {
      const o = i * 9;
      values.push(actor.kind, actor.id, actor.organisationId, actor.requestId ?? null, e.action, e.entityType, e.entityId ?? null, e.caseId ?? null, e.details ? JSON.stringify(e.details) : null);
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}, $${o + 8}, $${o + 9}::jsonb)`;
    });
    await em.query(
      `INSERT INTO audit_events (actor_kind, actor_id, organisation_id, request_id, action, entity_type, entity_id, case_id, details) VALUES ${rows.join(', ')}`,
      values,
    );
  }
}
