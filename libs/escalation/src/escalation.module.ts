import { Module } from '@nestjs/common';
import { CasesModule } from '@asb/cases';
import { PeopleModule } from '@asb/people';
import { ReportsModule } from '@asb/reports';
import { RiskDataModule } from '@asb/risk';
import { CaseReviewsController } from './case-reviews/case-reviews.controller';
import { CaseReviewsRepository } from './case-reviews/case-reviews.repository';
import { CaseReviewsService } from './case-reviews/case-reviews.service';
import { JagController } from './jag/jag.controller';
import { JagRepository } from './jag/jag.repository';
import { JagService } from './jag/jag.service';
import { EscalationReportsController } from './reports/escalation-reports.controller';
import { EscalationReportsRepository } from './reports/escalation-reports.repository';
import { EscalationReportsService } from './reports/escalation-reports.service';

/** JAG escalation and ASB Case Reviews, with their reports (DOMAIN.md sections 10 and 11). */
@Module({
  imports: [CasesModule, PeopleModule, RiskDataModule, ReportsModule],
  controllers: [JagController, CaseReviewsController, EscalationReportsController],
  providers: [JagRepository, JagService, CaseReviewsRepository, CaseReviewsService, EscalationReportsRepository, EscalationReportsService],
})
export class EscalationModule {}
