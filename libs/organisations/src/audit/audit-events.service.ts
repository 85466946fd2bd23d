import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeKeyset, DEFAULT_LIMIT, periodOf, toPage } from '@asb/core';
import { AuditEventsQueryDto } from './audit-events.dto';
import { AuditEventRow, AuditEventsRepository } from './audit-events.repository';

export const mapAuditEvent = (r: AuditEventRow) => ({
  id: String(r.id), at: r.at.toISOString(), actorKind: r.actor_kind, actorId: r.actor_id, organisationId: r.organisation_id,
  requestId: r.request_id, action: r.action, entityType: r.entity_type, entityId: r.entity_id, caseId: r.case_id, details: r.details,
});

/** The audit trail, newest first (admins only), paged by keyset on id. */
@Injectable()
export class AuditEventsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: AuditEventsRepository,
  ) {}

  async list(q: AuditEventsQueryDto) {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const { from, to } = periodOf(q);
    const [before] = decodeKeyset(q.cursor, ['number']) ?? [];
    const filter = { entityType: q.entityType, entityId: q.entityId, actorId: q.actorId, caseId: q.caseId, from, to, action: q.action };
    const rows = await this.repo.newestFirst(this.db.manager, filter, before, limit + 1);
    return toPage(rows, limit, (r) => [Number(r.id)], mapAuditEvent);
  }
}
