/** Every queue and job name, in one place (STYLE.md "Jobs"). */
export enum QueueName {
  Notifications = 'notifications',
  /** Bulk imports of case bundles: long jobs, kept apart so they never hold up the e-mail. */
  Imports = 'imports',
  /** Housekeeping of the database: short, frequent jobs. */
  Maintenance = 'maintenance',
}

export enum JobName {
  Heartbeat = 'heartbeat',
  /** The weekly run: counts per NPA, then one MissingRaNpa job per NPA with anything outstanding. */
  MissingRaWeekly = 'missing-risk-assessments.weekly',
  /** One NPA's weekly e-mail, at most once per NPA per week. */
  MissingRaNpa = 'missing-risk-assessments.npa',
  /** The daily run: finds who has reviews overdue or due soon, then one ReviewReminderUser job per person. */
  ReviewRemindersDaily = 'review-reminders.daily',
  /** One person's daily review reminder, at most once per person per day. */
  ReviewReminderUser = 'review-reminders.user',
  /** One uploaded NDJSON file: its pending lines, in order, each bundle in a transaction of its own. */
  ImportRun = 'imports.run',
  /** Every minute: fold the compliance report's deltas into its tallies (migration 1763900001400). */
  ComplianceTalliesCompact = 'compliance-tallies.compact',
}

export const JOBS_BY_QUEUE: Record<QueueName, JobName[]> = {
  [QueueName.Notifications]: [JobName.Heartbeat, JobName.MissingRaWeekly, JobName.MissingRaNpa, JobName.ReviewRemindersDaily, JobName.ReviewReminderUser],
  [QueueName.Imports]: [JobName.ImportRun],
  [QueueName.Maintenance]: [JobName.ComplianceTalliesCompact],
};

/** Every job scheduler (repeatable job) the worker keeps in Redis, by id. */
export enum SchedulerId {
  /** MissingRaWeekly on MISSING_RA_CRON (DOMAIN.md section 11). */
  WeeklyMissingRiskAssessments = 'weekly-missing-risk-assessments',
  /** ReviewRemindersDaily on REVIEW_REMINDER_CRON. */
  DailyReviewReminders = 'daily-review-reminders',
  /** ComplianceTalliesCompact every minute. */
  ComplianceTalliesCompact = 'compliance-tallies-compact',
}

/**
 * The schedulers that must exist, and the queue and job of each: the worker
 * declares them at start and declares again any found missing (Redis restarted
 * empty); /health/ready lists the missing ones.
 */
export const SCHEDULERS: Record<SchedulerId, { queue: QueueName; job: JobName }> = {
  [SchedulerId.WeeklyMissingRiskAssessments]: { queue: QueueName.Notifications, job: JobName.MissingRaWeekly },
  [SchedulerId.DailyReviewReminders]: { queue: QueueName.Notifications, job: JobName.ReviewRemindersDaily },
  [SchedulerId.ComplianceTalliesCompact]: { queue: QueueName.Maintenance, job: JobName.ComplianceTalliesCompact },
};

/** BullMQ connection options for a Redis URL, with the deployment's key prefix. */
export function bullConnection(redisUrl: string, prefix: string) {
  const url = new URL(redisUrl);
  return {
    prefix,
    connection: {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      maxRetriesPerRequest: null,
    },
  };
}
