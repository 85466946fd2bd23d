import { Module } from '@nestjs/common';
import { RiskDataModule } from '@asb/risk';
import { ComplianceRepository } from './compliance/compliance.repository';
import { ComplianceService } from './compliance/compliance.service';
import { OverdueReviewsRepository } from './overdue-reviews/overdue-reviews.repository';
import { OverdueReviewsService } from './overdue-reviews/overdue-reviews.service';
import { RepeatVictimsRepository } from './repeat-victims/repeat-victims.repository';
import { RepeatVictimsService } from './repeat-victims/repeat-victims.service';
import { ReportsController } from './reports.controller';
import { ReportScopes } from './scope/report-scope';

/** The partnership's compliance reports (DOMAIN.md section 11). */
@Module({
  imports: [RiskDataModule],
  controllers: [ReportsController],
  providers: [ReportScopes, ComplianceRepository, ComplianceService, OverdueReviewsRepository, OverdueReviewsService, RepeatVictimsRepository, RepeatVictimsService],
  exports: [ReportScopes],
})
export class ReportsModule {}
