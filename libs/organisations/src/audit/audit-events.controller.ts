import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Authenticated, decodeKeyset, DEFAULT_LIMIT, IsDateOrTimestamp, PageQueryDto, periodOf, toPage } from '@asb/core';

export class AuditEventsQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @Matches(/^[a-z_]{1,40}$/, { message: 'entityType must be a type name such as person, case or user' })
  entityType?: string;

  @IsOptional() @IsUUID()
  entityId?: string;

  @IsOptional() @IsUUID()
  actorId?: string;

  @IsOptional() @IsUUID()
  caseId?: string;

  @IsOptional() @IsDateOrTimestamp()
  from?: string;

  @IsOptional() @IsDateOrTimestamp()
  to?: string;

  @IsOptional() @IsIn(['create', 'read', 'update', 'delete', 'search', 'list', 'link', 'unlink', 'share', 'unshare', 'merge', 'export', 'login', 'revoke'])
  @MaxLength(20)
  action?: string;
}

interface AuditRow {
  id: number; at: Date; actor_kind: string; actor_id: string | null; organisation_id: string | null; request_id: string | null;
  action: string; entity_type: string; entity_id: string | null; case_id: string | null; details: unknown;
}

/** The audit trail, newest first (admins only). One indexed query per page, keyset on id. */
@ApiTags('audit')
@Controller('api/v1/audit-events')
export class AuditEventsController {
  constructor(private readonly db: DataSource) {}

  @Get() @Authenticated('admin')
  async list(@Query() q: AuditEventsQueryDto) {
    const limit = q.limit ?? DEFAULT_LIMIT;
    const { from, to } = periodOf(q);
    const [before] = decodeKeyset(q.cursor, ['number']) ?? [];
    const rows: AuditRow[] = await this.db.query(
      `SELECT id, at, actor_kind, actor_id, organisation_id, request_id, action, entity_type, entity_id, case_id, details
         FROM audit_events
        WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::uuid IS NULL OR entity_id = $2)
          AND ($3::uuid IS NULL OR actor_id = $3) AND ($4::uuid IS NULL OR case_id = $4)
          AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at <= $6)
          AND ($7::text IS NULL OR action = $7) AND ($8::bigint IS NULL OR id < $8)
        ORDER BY id DESC LIMIT $9`,
      [q.entityType ?? null, q.entityId ?? null, q.actorId ?? null, q.caseId ?? null, from ?? null, to ?? null, q.action ?? null, before ?? null, limit + 1],
    );
    return toPage(rows, limit, (r) => [Number(r.id)], (r) => ({
      id: String(r.id), at: r.at.toISOString(), actorKind: r.actor_kind, actorId: r.actor_id, organisationId: r.organisation_id,
      requestId: r.request_id, action: r.action, entityType: r.entity_type, entityId: r.entity_id, caseId: r.case_id, details: r.details,
    }));
  }
}
