import { Module } from '@nestjs/common';
import { CasesModule } from '@asb/cases';
import { ReportsModule } from '@asb/reports';
import { InterventionsController } from './interventions/interventions.controller';
import { InterventionsRepository } from './interventions/interventions.repository';
import { InterventionsService } from './interventions/interventions.service';
import { InterventionReportsController } from './reports/intervention-reports.controller';
import { InterventionReportsRepository } from './reports/intervention-reports.repository';
import { InterventionReportsService } from './reports/intervention-reports.service';

/** The Incremental Approach: interventions, CPN conditions, breaches and their report (DOMAIN.md section 9). */
@Module({
  imports: [CasesModule, ReportsModule],
  controllers: [InterventionsController, InterventionReportsController],
  providers: [InterventionsRepository, InterventionsService, InterventionReportsRepository, InterventionReportsService],
})
export class EnforcementModule {}
