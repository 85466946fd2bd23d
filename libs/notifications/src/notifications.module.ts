import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Clock, QueueName } from '@asb/core';
import { RiskDataModule } from '@asb/risk';
import { MailService } from './mail/mail.service';
import { MissingRiskAssessmentsController } from './missing-risk-assessments/missing-risk-assessments.controller';
import { MissingRiskAssessmentsTrend } from './missing-risk-assessments/missing-risk-assessments-trend.service';
import { WeeklyMissingRiskAssessments } from './missing-risk-assessments/weekly-missing-risk-assessments.service';
import { NotificationJobs } from './notification-jobs.producer';

/** The API side: triggering the weekly e-mail and reading its trend. Needs BullModule.forRoot in the app. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Notifications })],
  controllers: [MissingRiskAssessmentsController],
  providers: [NotificationJobs, MissingRiskAssessmentsTrend],
})
export class NotificationsModule {}

/** The worker side: sending e-mail and running the weekly jobs. */
@Module({
  imports: [RiskDataModule, BullModule.registerQueue({ name: QueueName.Notifications })],
  providers: [Clock, MailService, NotificationJobs, WeeklyMissingRiskAssessments],
  exports: [NotificationJobs, WeeklyMissingRiskAssessments, MailService],
})
export class NotificationsWorkerModule {}
