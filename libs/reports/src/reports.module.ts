import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@asb/core';
import { ComplianceRepository } from './compliance/compliance.repository';
import { ComplianceService } from './compliance/compliance.service';
import { ComplianceTallies } from './compliance/tallies/compliance-tallies.jobs';
import { HotspotsRepository } from './hotspots/hotspots.repository';
import { HotspotsService } from './hotspots/hotspots.service';
import { OverdueReviewsRepository } from './overdue-reviews/overdue-reviews.repository';
import { OverdueReviewsService } from './overdue-reviews/overdue-reviews.service';
import { PossiblyMissedRepository } from './repeat-victims/possibly-missed.repository';
import { PossiblyMissedService } from './repeat-victims/possibly-missed.service';
import { RepeatVictimsRepository } from './repeat-victims/repeat-victims.repository';
import { RepeatVictimsService } from './repeat-victims/repeat-victims.service';
import { ReportsController } from './reports.controller';
import { ReportScopes } from './scope/report-scope';

/** The partnership's compliance reports (DOMAIN.md section 11). */
@Module({
  controllers: [ReportsController],
  providers: [ReportScopes, ComplianceRepository, ComplianceService, OverdueReviewsRepository, OverdueReviewsService, RepeatVictimsRepository, RepeatVictimsService,
    PossiblyMissedRepository, PossiblyMissedService, HotspotsRepository, HotspotsService],
  exports: [ReportScopes],
})
export class ReportsModule {}

/** The worker side: folding the compliance report's deltas into its tallies. Needs BullModule.forRoot in the app. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Maintenance })],
  providers: [ComplianceTallies],
  exports: [ComplianceTallies],
})
export class ReportsWorkerModule {}
