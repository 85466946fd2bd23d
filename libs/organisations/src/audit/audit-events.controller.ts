import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@asb/core';
import { AuditEventsQueryDto } from './audit-events.dto';
import { AuditEventsService } from './audit-events.service';

/** The audit trail, newest first (admins only). */
@ApiTags('audit')
@Controller('api/v1/audit-events')
export class AuditEventsController {
  constructor(private readonly auditEvents: AuditEventsService) {}

  @Get() @Authenticated('admin')
  list(@Query() q: AuditEventsQueryDto) {
    return this.auditEvents.list(q);
  }
}
