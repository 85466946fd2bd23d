import { Module } from '@nestjs/common';
import { AdministrationController } from './admin/administration.controller';
import { AdministrationRepository } from './admin/administration.repository';
import { AdministrationService } from './admin/administration.service';
import { AuditEventsController } from './audit/audit-events.controller';
import { AuditEventsRepository } from './audit/audit-events.repository';
import { AuditEventsService } from './audit/audit-events.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';

@Module({
  controllers: [AuthController, AdministrationController, AuditEventsController],
  providers: [AuthService, AdministrationService, AdministrationRepository, AuditEventsService, AuditEventsRepository],
})
export class OrganisationsModule {}
