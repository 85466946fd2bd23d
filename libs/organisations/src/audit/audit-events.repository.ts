import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuditAction } from '@asb/core';

export interface AuditEventRow {
  id: number; at: Date; actor_kind: string; actor_id: string | null; organisation_id: string | null; request_id: string | null;
  action: string; entity_type: string; entity_id: string | null; case_id: string | null; details: unknown;
}

/** What the audit trail can be narrowed to; every field optional, all given ones must hold. */
export interface AuditEventsFilter {
  entityType?: string; entityId?: string; actorId?: string; caseId?: string;
  from?: Date; to?: Date; action?: AuditAction;
}

/** The audit trail as read by admins (the writing side is AuditService in libs/core). */
@Injectable()
export class AuditEventsRepository {
  /**
   * The events that match the filter, newest first, with an id below `beforeId`
   * (the keyset of the page before), at most `limit` rows. One indexed query per page.
   */
  newestFirst(em: EntityManager, f: AuditEventsFilter, beforeId: number | undefined, limit: number): Promise<AuditEventRow[]> {
    return em.query(
      `SELECT id, at, actor_kind, actor_id, organisation_id, request_id, action, entity_type, entity_id, case_id, details
         FROM audit_events
        WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::uuid IS NULL OR entity_id = $2)
          AND ($3::uuid IS NULL OR actor_id = $3) AND ($4::uuid IS NULL OR case_id = $4)
          AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at <= $6)
          AND ($7::text IS NULL OR action = $7) AND ($8::bigint IS NULL OR id < $8)
        ORDER BY id DESC LIMIT $9`,
      [f.entityType ?? null, f.entityId ?? null, f.actorId ?? null, f.caseId ?? null, f.from ?? null, f.to ?? null, f.action ?? null, beforeId ?? null, limit],
    );
  }
}
