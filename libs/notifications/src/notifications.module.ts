import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Clock, QueueName } from '@asb/core';
import { RiskDataModule } from '@asb/risk';
import { MailService } from './mail/mail.service';
import { MissingRiskAssessmentsController } from './missing-risk-assessments/missing-risk-assessments.controller';
import { MissingRiskAssessmentsTrend } from './missing-risk-assessments/missing-risk-assessments-trend.service';
import { WeeklyMissingRiskAssessments } from './missing-risk-assessments/weekly-missing-risk-assessments.service';
import { NotificationJobs } from './notification-jobs.producer';
import { DailyReviewReminders } from './review-reminders/daily-review-reminders.service';
import { ReviewRemindersController } from './review-reminders/review-reminders.controller';
import { ReviewRemindersRepository } from './review-reminders/review-reminders.repository';
import { ReviewRemindersTrigger } from './review-reminders/review-reminders-trigger.service';

/** The API side: triggering the weekly e-mail and the daily reminders, and reading the weekly trend. Needs BullModule.forRoot in the app. */
@Module({
  imports: [BullModule.registerQueue({ name: QueueName.Notifications })],
  controllers: [MissingRiskAssessmentsController, ReviewRemindersController],
  providers: [NotificationJobs, MissingRiskAssessmentsTrend, ReviewRemindersTrigger],
})
export class NotificationsModule {}

/** The worker side: sending e-mail and running the weekly and daily jobs. */
@Module({
  imports: [RiskDataModule, BullModule.registerQueue({ name: QueueName.Notifications })],
  providers: [Clock, MailService, NotificationJobs, WeeklyMissingRiskAssessments, ReviewRemindersRepository, DailyReviewReminders],
  exports: [NotificationJobs, WeeklyMissingRiskAssessments, DailyReviewReminders, MailService],
})
export class NotificationsWorkerModule {}
