import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { NotificationJobs } from '@asb/notifications';
import { ComplianceTallies } from '@asb/reports';

/** The job schedulers, (re)declared at every start so a changed cron or time zone takes effect. */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(Schedules.name);

  constructor(
    private readonly notifications: NotificationJobs,
    private readonly complianceTallies: ComplianceTallies,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.notifications.scheduleWeeklyMissingRiskAssessments();
    this.logger.log('weekly missing-risk-assessment e-mail scheduled');
    await this.notifications.scheduleDailyReviewReminders();
    this.logger.log('daily supervisory-review reminder scheduled');
    await this.complianceTallies.schedule();
    this.logger.log('compliance tallies compaction scheduled (every minute)');
  }
}
