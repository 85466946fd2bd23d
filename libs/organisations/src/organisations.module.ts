import { Module } from '@nestjs/common';
import { AdministrationController } from './admin/administration.controller';
import { AdministrationRepository } from './admin/administration.repository';
import { AdministrationService } from './admin/administration.service';
import { AuditEventsController } from './audit/audit-events.controller';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';

@Module({
  controllers: [AuthController, AdministrationController, AuditEventsController],
  providers: [AuthService, AdministrationService, AdministrationRepository],
})
export class OrganisationsModule {}
